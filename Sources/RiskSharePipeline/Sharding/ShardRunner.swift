import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// Sharded runs: `riskshare run SCENARIO --shard K/N --out DIR` simulates the K-th of N
/// contiguous, disjoint slices of the path blocks and writes a `PartialResult`;
/// `riskshare merge DIR1 ... DIRN --out DIR` concatenates the slices in block order and builds
/// the report. Because every block draws from its own stream seeded from (seed, block), the
/// merged report.json is byte-identical to the single run's apart from `run.threads` and
/// `run.elapsed_seconds`.
public enum ShardRunner {
    /// The default folder of a shard: `Reports/<name>/shard-K-of-N`.
    public static func defaultDirectory(scenarioName: String, shard: ShardSpec) -> String {
        "Reports/\(scenarioName)/shard-\(shard.index)-of-\(shard.count)"
    }

    /// Simulates one shard of the run described by `request` (its `outDirectory` is not used).
    public static func simulate(_ request: RunRequest, shard: ShardSpec,
                                progress: (@Sendable (Int, Int) -> Void)? = nil,
                                isCancelled: (@Sendable () -> Bool)? = nil) throws -> PartialResult? {
        GSL.installErrorHandler()
        let scenario = try Runner.loadScenario(request)
        let started = Date()
        let simulation = Simulation(scenario: scenario)
        let total = scenario.simulation.blockCount
        let blocks = shard.slice(of: total)
        guard let table = simulation.run(threads: request.threads, blocks: blocks, progress: progress, isCancelled: isCancelled) else { return nil }
        try GSL.checkFailures(context: "simulating shard \(shard) of \(request.scenarioFile)")
        return PartialResult(scenarioName: scenario.name, scenarioFile: scenario.source.file, sha256: scenario.source.sha256,
                             overrides: request.overrides, document: scenario.source.document, shard: shard, blocks: blocks, totalBlocks: total,
                             totalPaths: scenario.simulation.paths, table: table, threads: request.threads,
                             elapsedSeconds: Date().timeIntervalSince(started))
    }

    /// `riskshare run --shard K/N`: simulates the shard and writes it to `request.outDirectory`
    /// (default `Reports/<name>/shard-K-of-N`). Returns a one-line summary, or nil if cancelled.
    public static func runAndWrite(_ request: RunRequest, shard: ShardSpec,
                                   progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> String? {
        if request.pathsOut != nil {
            throw ScenarioError(file: "--paths-out", path: "", line: nil, value: nil,
                                message: "is not available with --shard; give it to `riskshare merge`, which has every path")
        }
        guard let partial = try simulate(request, shard: shard, progress: progress) else { return nil }
        let directory = request.outDirectory ?? defaultDirectory(scenarioName: partial.scenarioName, shard: shard)
        try partial.write(to: directory)
        return "shard \(shard): blocks \(partial.blocks.lowerBound)..<\(partial.blocks.upperBound) of \(partial.totalBlocks), \(partial.table.rowCount) of \(partial.totalPaths) paths -> \(directory)/\(PartialResult.metadataFile)"
    }

    /// Combines the partial results of one run (in any order) into the full table and report.
    /// Refuses partials of different scenarios, overlapping or missing blocks.
    public static func merge(_ partials: [PartialResult], outDirectory: String? = nil) throws -> RunOutcome {
        guard let first = partials.first else {
            throw ScenarioError(file: "merge", path: "", line: nil, value: nil, message: "needs at least one partial result")
        }
        for p in partials.dropFirst() {
            if p.sha256 != first.sha256 || p.overrides != first.overrides || p.scenarioFile != first.scenarioFile || p.totalBlocks != first.totalBlocks
                || p.table.names != first.table.names {
                throw ScenarioError(file: "merge", path: "", line: nil, value: nil,
                                    message: "shard \(p.shard) is of a different run (scenario \(p.scenarioFile) sha256 \(p.sha256.prefix(12))…) than shard \(first.shard) (\(first.scenarioFile) sha256 \(first.sha256.prefix(12))…)")
            }
        }
        let ordered = partials.sorted { ($0.blocks.lowerBound, $0.blocks.upperBound) < ($1.blocks.lowerBound, $1.blocks.upperBound) }
        var next = 0
        for p in ordered where !p.blocks.isEmpty {
            if p.blocks.lowerBound < next {
                throw ScenarioError(file: "merge", path: "", line: nil, value: nil,
                                    message: "shard \(p.shard) repeats blocks \(p.blocks.lowerBound)..<\(min(next, p.blocks.upperBound)) already present; give each shard once")
            }
            if p.blocks.lowerBound > next { throw missing(next..<p.blocks.lowerBound, total: first.totalBlocks, partials: partials) }
            next = p.blocks.upperBound
        }
        if next != first.totalBlocks { throw missing(next..<first.totalBlocks, total: first.totalBlocks, partials: partials) }

        var scenario = try ScenarioLoader.decode(document: first.document, file: first.scenarioFile, hasher: SHA256())
        // The hash covered the original files and overrides; the shards recorded it.
        scenario.source.sha256 = first.sha256
        guard scenario.simulation.blockCount == first.totalBlocks, scenario.simulation.paths == first.totalPaths else {
            throw ScenarioError(file: "merge", path: "", line: nil, value: nil, message: "the recorded scenario does not match the recorded block count")
        }
        let simulation = Simulation(scenario: scenario)
        guard simulation.columns == first.table.names else {
            throw ScenarioError(file: "merge", path: "", line: nil, value: nil,
                                message: "the shards were written by a RiskShare with different result columns; merge with the same version that ran them")
        }
        var columns = [[Double]](repeating: [], count: first.table.names.count)
        var weights: [Double]? = first.table.weights == nil ? nil : []
        for p in ordered {
            for c in columns.indices { columns[c].append(contentsOf: p.table.columns[c]) }
            if weights != nil { weights!.append(contentsOf: p.table.weights ?? []) }
        }
        var table = PathTable(names: first.table.names, columns: columns, weights: weights)
        if scenario.simulation.method == .quasiMonteCarlo { table.replicateSize = scenario.simulation.blockPaths }
        guard table.rowCount == first.totalPaths else {
            throw ScenarioError(file: "merge", path: "", line: nil, value: nil,
                                message: "the shards hold \(table.rowCount) paths, the scenario has \(first.totalPaths)")
        }
        // Timing is the work done: total seconds over shards, the widest thread count.
        let info = RunInfo(threads: partials.map(\.threads).max() ?? 1, elapsedSeconds: partials.reduce(0) { $0 + $1.elapsedSeconds },
                           overrides: first.overrides)
        let report = ReportBuilder.build(simulation: simulation, table: table, run: info)
        return RunOutcome(simulation: simulation, table: table, report: report,
                          outDirectory: outDirectory ?? "Reports/\(scenario.name)")
    }

    private static func missing(_ blocks: Range<Int>, total: Int, partials: [PartialResult]) -> ScenarioError {
        let n = partials[0].shard.count
        let have = Set(partials.map(\.shard.index))
        let absent = (1...max(n, 1)).filter { !have.contains($0) }.map { "\($0)/\(n)" }
        return ScenarioError(file: "merge", path: "", line: nil, value: nil,
                             message: "blocks \(blocks.lowerBound)..<\(blocks.upperBound) of \(total) are missing\(absent.isEmpty ? "" : " (shards not given: \(absent.joined(separator: ", ")))")")
    }
}
