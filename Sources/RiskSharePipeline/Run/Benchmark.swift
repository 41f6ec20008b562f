import Foundation
import RiskShareKit
import RiskShareReports

/// Timing of one benchmark scenario.
public struct BenchmarkResult: Sendable {
    public var name: String
    public var loans: Int
    public var years: Int
    public var paths: Int
    public var threads: Int
    public var algorithm: String
    /// Wall-clock seconds of the simulation alone (loading and statistics excluded).
    public var seconds: Double
    /// Wall-clock seconds of building the report from the simulation's per-path results
    /// (statistics and every report section; no rendering or file output), or nil when not timed.
    public var reportSeconds: Double?
    /// Peak resident memory of the process so far, in bytes.
    public var peakMemoryBytes: Int

    /// Loan-years simulated: loans × years × paths.
    public var loanYears: Double { Double(loans) * Double(years) * Double(paths) }
    public var nanosecondsPerLoanYear: Double { seconds * 1e9 / loanYears }
    public var loanYearsPerSecond: Double { loanYears / seconds }
    /// Report building's share of simulation plus report building, in [0, 1].
    public var reportShare: Double? { reportSeconds.map { $0 / ($0 + seconds) } }
}

/// Times scenarios for `riskshare bench`: the simulation including the risk-sharing waterfall,
/// excluding file loading and report statistics, and then, separately, building the report.
public enum Benchmark {
    /// - Parameters:
    ///   - file: the scenario.
    ///   - threads: worker threads, at least 1.
    ///   - paths: overrides the scenario's path count when given.
    ///   - algorithm: how defaults are drawn.
    ///   - report: whether to also time building the report (`ReportBuilder.build`).
    /// - Returns: the timings.
    /// - Throws: the scenario's load errors, or a GSL failure during the run.
    public static func run(
        file: String, threads: Int, paths: Int?, algorithm: Simulation.Algorithm = .conditional, report: Bool = true
    ) throws -> BenchmarkResult {
        GSL.installErrorHandler()
        let scenario = try ScenarioLoader.load(file: file, overrides: paths.map { ["simulation.paths=\($0)"] } ?? [])
        let simulation = Simulation(scenario: scenario, algorithm: algorithm)
        let start = DispatchTime.now().uptimeNanoseconds
        // Without a cancellation check the run always finishes.
        guard let table = simulation.run(threads: threads) else { preconditionFailure("an uncancellable run stopped") }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try GSL.checkFailures(context: "benchmarking \(file)")
        var reportSeconds: Double?
        if report {
            let built = DispatchTime.now().uptimeNanoseconds
            _ = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: threads, elapsedSeconds: seconds))
            reportSeconds = Double(DispatchTime.now().uptimeNanoseconds - built) / 1e9
            try GSL.checkFailures(context: "building the report of \(file)")
        }
        return BenchmarkResult(
            name: scenario.name, loans: simulation.book.count, years: scenario.simulation.horizonYears,
            paths: scenario.simulation.paths, threads: threads,
            algorithm: algorithm == .conditional ? "conditional" : "loan-by-loan",
            seconds: seconds, reportSeconds: reportSeconds, peakMemoryBytes: peakResidentBytes())
    }

    /// Peak resident set size of this process (getrusage; kilobytes on Linux).
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return Int(usage.ru_maxrss) * 1024
    }
}
