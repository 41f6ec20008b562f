import Dispatch
import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport
import Synchronization

/// Runs the variants of a sweep.
///
/// Variants that differ only in `risk_sharing`, `report` or `capital` (scheme variants,
/// `SweepSchedule`) share their default events: each block's defaults are simulated once and
/// replayed through every variant's waterfall (`SchemeReplay`), with every thread, and their
/// reports are then built side by side. The other variants are simulated on their own.
///
/// The baseline variant runs first (with its scheme variants, or alone with every thread) and
/// keeps, for each metric, one number per path (`PathEstimator`); the variants simulated on their
/// own then run in parallel, each on one thread (or several when there are fewer variants than
/// threads), and compare their own per-path numbers with the baseline's before their tables are
/// dropped. A variant's report never depends on its thread count nor on whether its defaults were
/// replayed, so both only change speed.
public enum SweepRunner {
    /// Simulates `variants` (all by default) and reads the metrics and their differences from
    /// `setup.baseline`, which is simulated too when it is not in the list (a shard). Before any
    /// long work, one path of the first variant is simulated to check every metric path against
    /// a real report, so a typo fails in a second rather than after the whole sweep.
    /// - Parameters:
    ///   - setup: the prepared sweep.
    ///   - variants: the variants to run (a shard's slice); all of the grid when nil.
    ///   - threads: worker threads shared by the variants; results do not depend on it.
    ///   - progress: called with (variants done, variants to run), the baseline included.
    ///   - isCancelled: polled between blocks of paths; when it returns true the sweep stops.
    ///   - log: called once, when every variant is done, with the `SweepSchedule`'s line (which
    ///     variants replayed shared defaults).
    /// - Returns: one row per variant of `variants`, in variant order; nil when cancelled.
    /// - Throws: `ScenarioError` for a metric not in the report or a sweep too large for memory,
    ///   and any error of a variant's simulation.
    public static func run(
        _ setup: SweepSetup, variants: [SweepVariant]? = nil, threads: Int,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil,
        log: (@Sendable (String) -> Void)? = nil
    ) throws -> [SweepRow]? {
        GSL.installErrorHandler()
        let list = variants ?? setup.grid.variants
        guard let first = list.first else { return [] }
        try checkMetrics(setup, variant: first)
        let baselineListed = list.contains(setup.baseline)
        let schedule = try SweepSchedule(setup, variants: baselineListed ? list : [setup.baseline] + list, threads: threads)
        try checkMemory(setup, variants: schedule.separate, threads: threads)
        let total = list.count + (baselineListed ? 0 : 1)
        var rows: [SweepRow] = []
        let baseline: Baseline
        var done = 0
        if let chunk = schedule.replayed.first(where: { $0.contains(setup.baseline) }) {
            guard let evaluations = try simulateReplayed(setup, variants: chunk, threads: threads, isCancelled: isCancelled) else {
                return nil
            }
            let base = evaluations[chunk.firstIndex(of: setup.baseline)!]
            baseline = Baseline(readings: base.row.readings, contributions: base.contributions, blockPaths: base.blockPaths)
            for (variant, evaluation) in zip(chunk, evaluations) where list.contains(variant) { rows.append(baseline.compare(evaluation)) }
            done += chunk.count
        } else {
            guard let base = try simulate(setup, variant: setup.baseline, threads: threads, isCancelled: isCancelled) else { return nil }
            baseline = Baseline(readings: base.row.readings, contributions: base.contributions, blockPaths: base.blockPaths)
            if baselineListed { rows.append(baseline.compare(base)) }
            done += 1
        }
        progress?(done, total)
        for chunk in schedule.replayed where !chunk.contains(setup.baseline) {
            guard let evaluations = try simulateReplayed(setup, variants: chunk, threads: threads, isCancelled: isCancelled) else {
                return nil
            }
            rows += evaluations.map { baseline.compare($0) }
            done += chunk.count
            progress?(done, total)
        }
        let others = schedule.separate.filter { $0 != setup.baseline }
        let workers = max(1, min(threads, others.count))
        let threadsPerVariant = max(1, threads / max(others.count, 1))
        let results = Mutex<[Result<SweepRow, Error>?]>(Array(repeating: nil, count: others.count))
        let finished = Atomic<Int>(done)
        let failed = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: others.isEmpty ? 0 : workers) { worker in
            var position = worker
            while position < others.count {
                if isCancelled?() == true || failed.load(ordering: .relaxed) { return }
                let outcome = Result { () throws -> SweepRow? in
                    try simulate(setup, variant: others[position], threads: threadsPerVariant, isCancelled: isCancelled)
                        .map { baseline.compare($0) }
                }
                switch outcome {
                case .success(let row?): results.withLock { $0[position] = .success(row) }
                case .success(nil): return
                case .failure(let error):
                    results.withLock { $0[position] = .failure(error) }
                    failed.store(true, ordering: .relaxed)
                    return
                }
                progress?(finished.add(1, ordering: .relaxed).newValue, total)
                position += workers
            }
        }
        let collected = results.withLock { $0 }
        for case .failure(let error)? in collected { throw error }
        if isCancelled?() == true { return nil }
        rows += try collected.map { try $0!.get() }
        log?(schedule.description)
        return rows.sorted { $0.variant < $1.variant }
    }

    /// What the other variants are compared with.
    private struct Baseline: Sendable {
        var readings: [MetricPath.Reading]
        var contributions: [[Double]?]
        var blockPaths: Int

        func compare(_ evaluated: Evaluation) -> SweepRow {
            var row = evaluated.row
            row.differences = row.readings.indices.map { m in
                let value = row.readings[m].value - readings[m].value
                guard let mine = evaluated.contributions[m], let theirs = contributions[m], mine.count == theirs.count else {
                    return MetricDifference(value: value, stderr: nil)
                }
                guard evaluated.blockPaths == blockPaths else { return MetricDifference(value: value, stderr: nil) }
                return MetricDifference(value: value, stderr: PairedDifference.standardError(mine, theirs, block: blockPaths))
            }
            return row
        }
    }

    /// A simulated variant: its row and, per metric, its per-path contributions.
    private struct Evaluation: Sendable {
        var row: SweepRow
        var contributions: [[Double]?]
        /// Paths per random-number block: the unit of the paired standard error.
        var blockPaths: Int
    }

    private static func simulate(
        _ setup: SweepSetup, variant: SweepVariant, threads: Int,
        isCancelled: (@Sendable () -> Bool)?
    ) throws -> Evaluation? {
        guard let simulated = try simulation(setup, variant: variant, threads: threads, isCancelled: isCancelled) else {
            return nil
        }
        return try evaluation(
            setup, variant: variant, report: simulated.report, table: simulated.table, blockPaths: simulated.blockPaths,
            columns: simulated.columns)
    }

    /// Scheme variants (`SweepSchedule.replayed`) on one simulation of their defaults, on every
    /// thread; then their reports, built `threads` at a time. Evaluations in the order of
    /// `variants`; nil when cancelled.
    private static func simulateReplayed(
        _ setup: SweepSetup, variants: [SweepVariant], threads: Int,
        isCancelled: (@Sendable () -> Bool)?
    ) throws -> [Evaluation]? {
        guard
            let (reports, tables, blockPaths) = try replayedSimulations(
                setup, variants: variants, threads: threads, isCancelled: isCancelled)
        else { return nil }
        let results = Mutex<[Result<Evaluation, Error>?]>(Array(repeating: nil, count: variants.count))
        let workers = max(1, min(threads, variants.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: variants.count, by: workers) {
                let outcome = Result {
                    try evaluation(
                        setup, variant: variants[i], report: reports[i].json, table: tables[i], blockPaths: blockPaths,
                        columns: ContributionColumns(simulation: reports[i].simulation))
                }
                results.withLock { $0[i] = outcome }
            }
        }
        return try results.withLock { $0 }.map { try $0!.get() }
    }

    /// The reports (built lazily, `threads` at a time, by the caller) and per-path tables of
    /// scheme variants replayed on one simulation of their defaults.
    static func replayedSimulations(
        _ setup: SweepSetup, variants: [SweepVariant], threads: Int, paths: Int? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> (reports: [LazyReport], tables: [PathTable], blockPaths: Int)? {
        let scenarios = try variants.map { variant -> Scenario in
            var scenario = try setup.scenario(for: variant)
            if let paths { scenario.simulation.paths = min(paths, scenario.simulation.paths) }
            return scenario
        }
        let started = Date()
        let numbers = variants.map { String($0.number) }.joined(separator: ", ")
        let simulated: (SchemeReplay, [PathTable])? = try GSL.checkingFailures(
            context: "simulating the defaults of sweep variants \(numbers) of \(setup.file)"
        ) {
            let replay = SchemeReplay(scenarios: scenarios)
            return replay.run(threads: threads, isCancelled: isCancelled).map { (replay, $0) }
        }
        guard let (replay, tables) = simulated else { return nil }
        let elapsed = Date().timeIntervalSince(started)
        let reports = variants.indices.map { i in
            LazyReport(
                simulation: replay.simulations[i], table: tables[i],
                run: RunInfo(threads: threads, elapsedSeconds: elapsed, overrides: setup.overrides(for: variants[i])))
        }
        return (reports, tables, scenarios[0].simulation.blockPaths)
    }

    /// A report built when asked for (so the reports of replayed variants are built side by side).
    struct LazyReport: Sendable {
        let simulation: Simulation
        let table: PathTable
        let run: RunInfo
        var json: JSONValue { ReportBuilder.build(simulation: simulation, table: table, run: run).json }
    }

    /// A variant's row and per-path contributions from its report and table.
    private static func evaluation(
        _ setup: SweepSetup, variant: SweepVariant, report: JSONValue, table: PathTable, blockPaths: Int, columns: ContributionColumns?
    ) throws -> Evaluation {
        let readings = try setup.metrics.map { try $0.read(from: report) }
        let contributions = zip(setup.metrics, readings).map { metric, reading in
            PathEstimator.locate(metric, in: report, columns: columns)?.contributions(in: table, reading: reading)
        }
        return Evaluation(
            row: SweepRow(variant: variant.number, labels: setup.grid.labels(of: variant), readings: readings),
            contributions: contributions, blockPaths: blockPaths)
    }

    /// One variant alone: simulate, build its report, read the metrics (no differences).
    /// `defaults`, when given, replays defaults recorded for an earlier evaluation when this one
    /// is a scheme variant of it (`solve`, `optimize`).
    public static func evaluate(
        _ setup: SweepSetup, variant: SweepVariant, threads: Int = 1,
        isCancelled: (@Sendable () -> Bool)? = nil, defaults: EvaluationDefaults? = nil
    ) throws -> SweepRow? {
        guard let report = try simulation(setup, variant: variant, threads: threads, isCancelled: isCancelled, defaults: defaults)?.report
        else { return nil }
        return SweepRow(
            variant: variant.number, labels: setup.grid.labels(of: variant),
            readings: try setup.metrics.map { try $0.read(from: report) })
    }

    /// The full report.json of one variant (as `riskshare run --set ...` would write it).
    public static func report(
        _ setup: SweepSetup, variant: SweepVariant, threads: Int = 1, paths: Int? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> JSONValue? {
        try simulation(setup, variant: variant, threads: threads, paths: paths, isCancelled: isCancelled)?.report
    }

    /// The report, the per-path table and the paths per random-number block of one variant.
    static func simulation(
        _ setup: SweepSetup, variant: SweepVariant, threads: Int = 1, paths: Int? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil, defaults: EvaluationDefaults? = nil
    ) throws -> (report: JSONValue, table: PathTable, blockPaths: Int, columns: ContributionColumns?)? {
        var scenario = try setup.scenario(for: variant)
        if let paths { scenario.simulation.paths = min(paths, scenario.simulation.paths) }
        let started = Date()
        // Variants run side by side: each records GSL's failures apart from the others.
        let simulated: (Simulation, PathTable)? = try GSL.checkingFailures(
            context: "simulating sweep variant \(variant.number) of \(setup.file)"
        ) {
            if let defaults, paths == nil {
                return try defaults.simulate(setup, variant: variant, scenario: scenario, threads: threads, isCancelled: isCancelled)
            }
            let simulation = Simulation(scenario: scenario)
            return simulation.run(threads: threads, isCancelled: isCancelled).map { (simulation, $0) }
        }
        guard let (simulation, table) = simulated else { return nil }
        let report = ReportBuilder.build(
            simulation: simulation, table: table,
            run: RunInfo(
                threads: threads, elapsedSeconds: Date().timeIntervalSince(started),
                overrides: setup.overrides(for: variant))
        ).json
        return (report, table, scenario.simulation.blockPaths, ContributionColumns(simulation: simulation))
    }

    /// Reads every metric from a one-path report of `variant`; the layout of report.json does
    /// not depend on the number of paths.
    public static func checkMetrics(_ setup: SweepSetup, variant: SweepVariant) throws {
        guard !setup.metrics.isEmpty, let probe = try report(setup, variant: variant, paths: 1) else { return }
        for metric in setup.metrics { _ = try metric.read(from: probe) }
    }

    /// Refuses a sweep that does not fit in the memory this process may use, before anything
    /// is simulated: first the baseline alone on every thread, then the other variants side by
    /// side (the largest of them counted at once), each keeping its per-path contributions to
    /// the metrics (8 bytes per path and metric) while the baseline's are kept for the paired
    /// differences.
    static func checkMemory(_ setup: SweepSetup, variants: [SweepVariant], threads: Int) throws {
        let baseline = try setup.scenario(for: setup.baseline)
        let contributions = Double(baseline.simulation.paths * setup.metrics.count) * 8
        var alone = MemoryBudget.estimate(baseline, threads: threads)
        alone.add("paired differences", contributions)
        let others = variants.filter { $0 != setup.baseline }
        var kept = MemoryEstimate()
        kept.add("paired differences", contributions)
        try checkMemory(
            setup, variants: others, concurrent: max(1, min(threads, others.count)),
            threadsPerVariant: max(1, threads / max(others.count, 1)), alongside: kept,
            contributionsPerPath: Double(setup.metrics.count) * 8, atLeast: alone)
    }

    /// Refuses variants that cannot run `concurrent` at a time in the memory this process may
    /// use: the largest `concurrent` of them are counted at once, with `alongside` (memory held
    /// meanwhile) and `contributionsPerPath` bytes per path of each. `atLeast` is an earlier
    /// phase's peak, refused the same way when it is the larger.
    static func checkMemory(
        _ setup: SweepSetup, variants: [SweepVariant], concurrent: Int, threadsPerVariant: Int,
        alongside: MemoryEstimate = MemoryEstimate(), contributionsPerPath: Double = 0,
        atLeast: MemoryEstimate? = nil
    ) throws {
        let peaks = try variants.map { variant -> MemoryEstimate in
            let scenario = try setup.scenario(for: variant)
            var peak = MemoryBudget.estimate(scenario, threads: threadsPerVariant)
            peak.add("paired differences", Double(scenario.simulation.paths) * contributionsPerPath)
            return peak
        }.sorted { $0.total > $1.total }
        var together = alongside
        together.add("runtime", MemoryBudget.Sizes.baseline)
        for peak in peaks.prefix(concurrent) { together.add(peak.without("runtime")) }
        if let atLeast, atLeast.total > together.total { together = atLeast }
        let threads = concurrent * threadsPerVariant
        try MemoryBudget.check(
            together, threads: threads, file: setup.file, path: "", value: nil,
            what: concurrent > 1
                ? "\(concurrent) of its \(variants.count) variants at once on \(threads) threads"
                : "its largest variant on \(threads) threads",
            advice: concurrent > 1
                ? "Use fewer --threads (variants run side by side), fewer paths, or shard the work (--shard K/N)"
                : "Use fewer paths or loans")
    }
}
