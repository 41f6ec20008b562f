import Dispatch
import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport
import Synchronization

/// Runs the variants of a sweep.
///
/// Variants run in parallel, each on one thread (or several when there are fewer variants than
/// threads): a variant's report never depends on its thread count, so this only changes speed.
public enum SweepRunner {
    /// Simulates `variants` (all by default) and reads the metrics. Before any long work, one
    /// path of the first variant is simulated to check every metric path against a real report,
    /// so a typo fails in a second rather than after the whole sweep.
    public static func run(_ setup: SweepSetup, variants: [SweepVariant]? = nil, threads: Int,
                           progress: (@Sendable (Int, Int) -> Void)? = nil,
                           isCancelled: (@Sendable () -> Bool)? = nil) throws -> [SweepRow]? {
        GSL.installErrorHandler()
        let list = variants ?? setup.grid.variants
        guard let first = list.first else { return [] }
        try checkMetrics(setup, variant: first)
        let workers = max(1, min(threads, list.count))
        let threadsPerVariant = max(1, threads / list.count)
        try checkMemory(setup, variants: list, concurrent: workers, threadsPerVariant: threadsPerVariant)
        let results = Mutex<[Result<SweepRow, Error>?]>(Array(repeating: nil, count: list.count))
        let finished = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var position = worker
            while position < list.count {
                if isCancelled?() == true || failed.load(ordering: .relaxed) { return }
                let outcome = Result { () throws -> SweepRow? in
                    try evaluate(setup, variant: list[position], threads: threadsPerVariant, isCancelled: isCancelled)
                }
                switch outcome {
                case .success(let row?): results.withLock { $0[position] = .success(row) }
                case .success(nil): return
                case .failure(let error):
                    results.withLock { $0[position] = .failure(error) }
                    failed.store(true, ordering: .relaxed)
                    return
                }
                progress?(finished.add(1, ordering: .relaxed).newValue, list.count)
                position += workers
            }
        }
        let collected = results.withLock { $0 }
        for case .failure(let error)? in collected { throw error }
        if isCancelled?() == true { return nil }
        return try collected.map { try $0!.get() }
    }

    /// Refuses variants that cannot run `concurrent` at a time in the memory this process may
    /// use: the largest `concurrent` of them are counted at once.
    public static func checkMemory(_ setup: SweepSetup, variants: [SweepVariant], concurrent: Int, threadsPerVariant: Int) throws {
        let peaks = try variants.map { MemoryBudget.estimate(try setup.scenario(for: $0), threads: threadsPerVariant) }
            .sorted { $0.total > $1.total }
        var together = MemoryEstimate()
        together.add("runtime", MemoryBudget.Sizes.baseline)
        for peak in peaks.prefix(concurrent) { together.add(peak.without("runtime")) }
        let threads = concurrent * threadsPerVariant
        try MemoryBudget.check(together, threads: threads, file: setup.file, path: "", value: nil,
                               what: concurrent > 1 ? "\(concurrent) of its \(variants.count) variants at once on \(threads) threads"
                                   : "its largest variant (of \(variants.count)) on \(threads) threads",
                               advice: concurrent > 1 ? "Use fewer --threads (variants run side by side), fewer paths, or shard the work (--shard K/N)"
                                   : "Use fewer paths or loans")
    }

    /// One variant: simulate, build its report, read the metrics.
    public static func evaluate(_ setup: SweepSetup, variant: SweepVariant, threads: Int = 1,
                                isCancelled: (@Sendable () -> Bool)? = nil) throws -> SweepRow? {
        guard let report = try report(setup, variant: variant, threads: threads, isCancelled: isCancelled) else { return nil }
        return SweepRow(variant: variant.number, labels: setup.grid.labels(of: variant),
                        readings: try setup.metrics.map { try $0.read(from: report) })
    }

    /// The full report.json of one variant (as `riskshare run --set ...` would write it).
    public static func report(_ setup: SweepSetup, variant: SweepVariant, threads: Int = 1, paths: Int? = nil,
                              isCancelled: (@Sendable () -> Bool)? = nil) throws -> JSONValue? {
        var scenario = try setup.scenario(for: variant)
        if let paths { scenario.simulation.paths = min(paths, scenario.simulation.paths) }
        let started = Date()
        // Variants run side by side: each records GSL's failures apart from the others.
        let simulated: (Simulation, PathTable)? = try GSL.checkingFailures(context: "simulating sweep variant \(variant.number) of \(setup.file)") {
            let simulation = Simulation(scenario: scenario)
            return simulation.run(threads: threads, isCancelled: isCancelled).map { (simulation, $0) }
        }
        guard let (simulation, table) = simulated else { return nil }
        return ReportBuilder.build(simulation: simulation, table: table,
                                   run: RunInfo(threads: threads, elapsedSeconds: Date().timeIntervalSince(started)))
    }

    /// Reads every metric from a one-path report of `variant`; the layout of report.json does
    /// not depend on the number of paths.
    public static func checkMetrics(_ setup: SweepSetup, variant: SweepVariant) throws {
        guard !setup.metrics.isEmpty, let probe = try report(setup, variant: variant, paths: 1) else { return }
        for metric in setup.metrics { _ = try metric.read(from: probe) }
    }
}
