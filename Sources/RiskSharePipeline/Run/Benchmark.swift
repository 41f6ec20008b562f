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
    /// Peak resident memory of the process so far, in bytes.
    public var peakMemoryBytes: Int

    /// Loan-years simulated: loans × years × paths.
    public var loanYears: Double { Double(loans) * Double(years) * Double(paths) }
    public var nanosecondsPerLoanYear: Double { seconds * 1e9 / loanYears }
    public var loanYearsPerSecond: Double { loanYears / seconds }
}

/// Times scenarios for `riskshare bench`: the simulation including the risk-sharing waterfall,
/// excluding file loading and report statistics.
public enum Benchmark {
    public static func run(file: String, threads: Int, paths: Int?, algorithm: Simulation.Algorithm = .conditional) throws
        -> BenchmarkResult
    {
        GSL.installErrorHandler()
        let scenario = try ScenarioLoader.load(file: file, overrides: paths.map { ["simulation.paths=\($0)"] } ?? [])
        let simulation = Simulation(scenario: scenario, algorithm: algorithm)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = simulation.run(threads: threads)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try GSL.checkFailures(context: "benchmarking \(file)")
        return BenchmarkResult(
            name: scenario.name, loans: simulation.book.count, years: scenario.simulation.horizonYears,
            paths: scenario.simulation.paths, threads: threads,
            algorithm: algorithm == .conditional ? "conditional" : "loan-by-loan",
            seconds: seconds, peakMemoryBytes: peakResidentBytes())
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
