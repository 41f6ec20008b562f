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
///
/// A shard whose slice holds no block (N larger than the run's blocks) writes a valid, empty
/// partial result and says so; `merge` accepts it. `merge` re-reads the scenario file, its
/// includes and loan tapes at the recorded paths with the recorded overrides, and refuses the
/// shards if their SHA-256 or document no longer match.
public enum ShardRunner {
    /// The default folder of a shard: `Reports/<name>/shard-K-of-N`.
    public static func defaultDirectory(scenarioName: String, shard: ShardSpec) -> String {
        "Reports/\(scenarioName)/shard-\(shard.index)-of-\(shard.count)"
    }

    /// Simulates one shard of the run described by `request` (its `outDirectory` is not used).
    /// `scenario` is the request's scenario when the caller has already loaded it.
    public static func simulate(
        _ request: RunRequest, shard: ShardSpec, scenario loaded: Scenario? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> PartialResult? {
        GSL.installErrorHandler()
        let scenario = try loaded ?? Runner.loadScenario(request)
        let total = scenario.simulation.blockCount
        let blocks = shard.slice(of: total)
        let paths =
            min(blocks.upperBound * scenario.simulation.blockPaths, scenario.simulation.paths)
            - min(blocks.lowerBound * scenario.simulation.blockPaths, scenario.simulation.paths)
        try MemoryBudget.check(
            scenario, threads: request.threads, paths: paths, work: .shard,
            what:
                "shard \(shard) (\(paths) of \(scenario.simulation.paths) paths of \(scenario.portfolio.loanCount) loans) on \(request.threads) threads"
        )
        let started = Date()
        let simulation = Simulation(scenario: scenario)
        guard let table = simulation.run(threads: request.threads, blocks: blocks, progress: progress, isCancelled: isCancelled) else {
            return nil
        }
        try GSL.checkFailures(context: "simulating shard \(shard) of \(request.scenarioFile)")
        let header = PartialResult.Header(
            scenarioName: scenario.name, scenarioFile: scenario.source.file, sha256: scenario.source.sha256,
            overrides: request.overrides, appliedOverrides: Runner.overrides(for: request), document: scenario.source.document,
            shard: shard, blocks: blocks,
            totalBlocks: total, totalPaths: scenario.simulation.paths, rows: table.rowCount, columns: table.names,
            threads: request.threads, elapsedSeconds: Date().timeIntervalSince(started), dataBytes: 0, dataSHA256: "")
        return PartialResult(header: header, table: table)
    }

    /// `riskshare run --shard K/N`: simulates the shard and writes it to `request.outDirectory`
    /// (default `Reports/<name>/shard-K-of-N`). Returns a one-line summary, or nil if cancelled
    /// (then nothing is written).
    public static func runAndWrite(
        _ request: RunRequest, shard: ShardSpec, scenario: Scenario? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> String? {
        if request.pathsOut != nil {
            throw ScenarioError(
                file: "--paths-out", path: "", line: nil, value: nil,
                message: "is not available with --shard; give it to `riskshare merge`, which has every path")
        }
        guard let partial = try simulate(request, shard: shard, scenario: scenario, progress: progress, isCancelled: isCancelled) else {
            return nil
        }
        let directory = request.outDirectory ?? defaultDirectory(scenarioName: partial.scenarioName, shard: shard)
        guard try partial.write(to: directory, isCancelled: isCancelled) else { return nil }
        return summary(of: partial, in: directory)
    }

    /// The line `run --shard` prints once the partial result is written to `directory`.
    public static func summary(of partial: PartialResult, in directory: String) -> String {
        if partial.blocks.isEmpty {
            return
                "shard \(partial.shard): no blocks to run (the run has \(partial.totalBlocks) blocks, fewer than \(partial.shard.count) shards); wrote an empty partial result, which merge accepts -> \(directory)/\(PartialResult.metadataFile)"
        }
        return
            "shard \(partial.shard): blocks \(partial.blocks.lowerBound)..<\(partial.blocks.upperBound) of \(partial.totalBlocks), \(partial.table.rowCount) of \(partial.totalPaths) paths -> \(directory)/\(PartialResult.metadataFile)"
    }

    /// `riskshare merge`: reads the shards' headers, checks them against each other and against
    /// the scenario re-read from its files, checks the memory the merge needs, then reads the
    /// per-path data and merges it.
    public static func merge(directories: [String], outDirectory: String? = nil, pathsOut: Bool = false) throws -> RunOutcome {
        let headers = try directories.map(PartialResult.readHeader(from:))
        let scenario = try verify(headers)
        // The merged table and its statistics, while the shards' tables are still held.
        var peak = MemoryBudget.estimate(scenario, threads: 1, pathsOut: pathsOut, work: .merge)
        peak.add("shard files", headers.reduce(0) { $0 + Double($1.dataBytes) })
        try MemoryBudget.check(
            peak, threads: 0, file: "merge", path: "", value: nil,
            what: "merging \(headers.count) shards of \(scenario.simulation.paths) paths of \(scenario.portfolio.loanCount) loans",
            advice: "Merge on a machine with more memory")
        let partials = try zip(headers, directories).map { PartialResult(header: $0, table: try PartialResult.readTable($0, from: $1)) }
        return try merge(partials, scenario: scenario, outDirectory: outDirectory)
    }

    /// Combines the partial results of one run (in any order) into the full table and report.
    /// Refuses partials of different runs, overlapping or missing blocks, and a scenario that no
    /// longer matches them.
    public static func merge(_ partials: [PartialResult], outDirectory: String? = nil) throws -> RunOutcome {
        try merge(partials, scenario: try verify(partials.map(\.header)), outDirectory: outDirectory)
    }

    private static func fail(_ message: String) -> ScenarioError {
        ScenarioError(file: "merge", path: "", line: nil, value: nil, message: message)
    }

    /// Checks the headers against each other (one run, every block once) and against the
    /// scenario re-read from its files; returns that scenario.
    static func verify(_ headers: [PartialResult.Header]) throws -> Scenario {
        guard let first = headers.first else { throw fail("needs at least one partial result") }
        for p in headers.dropFirst() {
            if p.sha256 != first.sha256 || p.scenarioFile != first.scenarioFile || p.appliedOverrides != first.appliedOverrides
                || p.totalBlocks != first.totalBlocks || p.totalPaths != first.totalPaths || p.columns != first.columns
            {
                throw fail(
                    "shard \(p.shard) is of a different run (scenario \(p.scenarioFile) sha256 \(p.sha256.prefix(12))…) than shard \(first.shard) (\(first.scenarioFile) sha256 \(first.sha256.prefix(12))…)"
                )
            }
            if p.shard.count != first.shard.count {
                throw fail(
                    "shard \(p.shard) and shard \(first.shard) cut the run into different numbers of shards; give the shards of one --shard K/N series"
                )
            }
        }
        let ordered = headers.sorted { ($0.blocks.lowerBound, $0.blocks.upperBound) < ($1.blocks.lowerBound, $1.blocks.upperBound) }
        var next = 0
        for p in ordered where !p.blocks.isEmpty {
            if p.blocks.lowerBound < next {
                throw fail(
                    "shard \(p.shard) repeats blocks \(p.blocks.lowerBound)..<\(min(next, p.blocks.upperBound)) already present; give each shard once"
                )
            }
            if p.blocks.lowerBound > next { throw missing(next..<p.blocks.lowerBound, total: first.totalBlocks, headers: headers) }
            next = p.blocks.upperBound
        }
        if next != first.totalBlocks { throw missing(next..<first.totalBlocks, total: first.totalBlocks, headers: headers) }

        // Re-read the scenario as the shards did: the files must be the ones they simulated.
        let scenario = try ScenarioLoader.load(file: first.scenarioFile, overrides: first.appliedOverrides)
        guard scenario.source.sha256 == first.sha256 else {
            throw ScenarioError(
                file: first.scenarioFile, path: "", line: nil, value: nil,
                message:
                    "has changed since the shards ran (the scenario, an include or a loan tape: SHA-256 now \(scenario.source.sha256.prefix(12))…, the shards recorded \(first.sha256.prefix(12))…); run the shards again"
            )
        }
        let expected = DocumentJSON.json(scenario.source.document)
        for p in headers where DocumentJSON.json(p.document) != expected {
            throw fail(
                "shard \(p.shard) carries a scenario document that differs from \(first.scenarioFile) with its recorded SHA-256 (altered partial.json?)"
            )
        }
        guard scenario.simulation.blockCount == first.totalBlocks, scenario.simulation.paths == first.totalPaths else {
            throw fail(
                "the shards record \(first.totalBlocks) blocks of \(first.totalPaths) paths; the scenario has \(scenario.simulation.blockCount) of \(scenario.simulation.paths)"
            )
        }
        let blockPaths = scenario.simulation.blockPaths
        for p in headers {
            let rows =
                min(p.blocks.upperBound * blockPaths, scenario.simulation.paths)
                - min(p.blocks.lowerBound * blockPaths, scenario.simulation.paths)
            guard p.rows == rows else {
                throw fail(
                    "shard \(p.shard) records \(p.rows) rows; its blocks \(p.blocks.lowerBound)..<\(p.blocks.upperBound) hold \(rows) paths"
                )
            }
        }
        let weighted: Bool
        if case .importanceSampling = scenario.simulation.method { weighted = true } else { weighted = false }
        for p in headers where p.dataBytes != 24 + 8 * p.rows * (p.columns.count + (weighted ? 1 : 0)) {
            throw fail(
                "shard \(p.shard)'s data size \(p.dataBytes) does not fit \(p.rows) rows of \(p.columns.count) columns\(weighted ? " and their weights" : "")"
            )
        }
        return scenario
    }

    private static func merge(_ partials: [PartialResult], scenario: Scenario, outDirectory: String?) throws -> RunOutcome {
        let first = partials[0]
        let simulation = Simulation(scenario: scenario)
        guard simulation.columns == first.table.names else {
            throw fail("the shards were written by a RiskShare with different result columns; merge with the same version that ran them")
        }
        let ordered = partials.sorted { ($0.blocks.lowerBound, $0.blocks.upperBound) < ($1.blocks.lowerBound, $1.blocks.upperBound) }
        var columns = [[Double]](repeating: [], count: first.table.names.count)
        for c in columns.indices { columns[c].reserveCapacity(scenario.simulation.paths) }
        var weights: [Double]? = first.table.weights == nil ? nil : []
        for p in ordered {
            for c in columns.indices { columns[c].append(contentsOf: p.table.columns[c]) }
            if weights != nil { weights!.append(contentsOf: p.table.weights ?? []) }
        }
        var table = PathTable(names: first.table.names, columns: columns, weights: weights)
        if scenario.simulation.method == .quasiMonteCarlo { table.replicateSize = scenario.simulation.blockPaths }
        guard table.rowCount == first.totalPaths, weights == nil || weights!.count == table.rowCount else {
            throw fail("the shards hold \(table.rowCount) paths, the scenario has \(first.totalPaths)")
        }
        // Timing is the work done: total seconds over shards, the widest thread count.
        let info = RunInfo(
            threads: partials.map(\.threads).max() ?? 1, elapsedSeconds: partials.reduce(0) { $0 + $1.elapsedSeconds },
            overrides: first.overrides)
        let report = ReportBuilder.build(simulation: simulation, table: table, run: info)
        return RunOutcome(
            simulation: simulation, table: table, report: report,
            outDirectory: outDirectory ?? "Reports/\(scenario.name)")
    }

    private static func missing(_ blocks: Range<Int>, total: Int, headers: [PartialResult.Header]) -> ScenarioError {
        let n = headers[0].shard.count
        let have = Set(headers.map(\.shard.index))
        let absent = (1...max(n, 1)).filter { !have.contains($0) }.prefix(20).map { "\($0)/\(n)" }
        return fail(
            "blocks \(blocks.lowerBound)..<\(blocks.upperBound) of \(total) are missing\(absent.isEmpty ? "" : " (shards not given: \(absent.joined(separator: ", ")))")"
        )
    }
}
