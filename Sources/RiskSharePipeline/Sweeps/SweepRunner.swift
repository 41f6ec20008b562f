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
        let simulation = Simulation(scenario: scenario)
        guard let table = simulation.run(threads: threads, isCancelled: isCancelled) else { return nil }
        try GSL.checkFailures(context: "simulating sweep variant \(variant.number) of \(setup.file)")
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
