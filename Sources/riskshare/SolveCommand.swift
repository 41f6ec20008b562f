import ArgumentParser
import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import RiskShareSupport

/// `riskshare solve`: the parameter value at which a report metric just meets a target.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the parameter value where a metric just meets a target.",
        discussion: """
        Root finding (GSL's Brent solver) on common random numbers: every trial uses the same seed, \
        so the metric is a deterministic function of the parameter. The answer is printed with its \
        Monte Carlo uncertainty (the metric's standard error over its local slope). Examples:
          riskshare solve s.yaml --vary 'risk_sharing.layers[type=compensation_pool].initial_balance' \\
            --range 1e8:2e9 --target 'pools.pool.p_exhausted <= 0.01'
          riskshare solve s.yaml --vary 'portfolio.segments[startup-credit].pd' --range 0.01:0.2 \\
            --target 'gross_loss.mean <= 2e8'
        A target met nowhere (or everywhere) in the range exits with status 2 and the metric at both ends.
        """)

    @Argument(help: "Scenario file (YAML or JSON).") var scenario: String
    @Option(help: "The scenario value to solve for (a parameter path).") var vary: String
    @Option(help: "Search interval LO:HI.") var range: String
    @Option(help: "Target, e.g. 'pools.pool.p_exhausted <= 0.01' (also >=, <, >, =).") var target: String
    @Option(help: "Stop when the bracket is narrower than this (default: 1e-6 of the range).") var tolerance: Double?
    @OptionGroup var simulation: SimulationOptions
    @Flag(help: "Print each trial on standard error.") var verbose = false

    func validate() throws {
        if let tolerance, !(tolerance > 0) { throw ValidationError("--tolerance must be positive") }
    }

    func run() throws {
        let parts = range.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lower = Double(parts[0]), let upper = Double(parts[1]), lower.isFinite, upper.isFinite, lower < upper else {
            throw ScenarioError(file: "--range", path: vary, line: nil, value: range, message: "must be LO:HI with numbers LO < HI, e.g. 1e8:2e9")
        }
        let goal = try MetricTarget(parsing: target)
        var request = SweepRequest(scenarioFile: scenario)
        request.overrides = simulation.overrides
        request.paths = simulation.paths
        request.seed = simulation.seed
        request.threads = simulation.resolvedThreads
        let setup = try TargetSolver.setup(request, path: vary, lower: lower, target: goal)
        var trace: (@Sendable (String) -> Void)?
        if verbose {
            trace = { line in FileHandle.standardError.write(Data("  trial: \(line)\n".utf8)) }
        }
        let result = try TargetSolver.solve(setup, lower: lower, upper: upper, target: goal, threads: request.threads,
                                            tolerance: tolerance, progress: trace)
        let value = NumberFormat.plain(SolveFormat.rounded(result.value, uncertainty: result.uncertainty))
        if let u = result.uncertainty {
            print("\(vary) = \(value) ± \(String(format: "%.2g", u)) (Monte Carlo standard uncertainty; 95%: \(SolveFormat.significant(result.value - 1.96 * u)) to \(SolveFormat.significant(result.value + 1.96 * u)))")
        } else {
            print("\(vary) = \(value) (no Monte Carlo uncertainty: the metric has no standard error in report.json)")
        }
        let side = result.metAtLower ? "largest value in the range that meets" : "smallest value in the range that meets"
        print("  \(side) \(goal)")
        print("  \(goal.metric) = \(SolveFormat.significant(result.metric.value))\(result.metric.stderr.map { " (s.e. \(SolveFormat.significant($0)))" } ?? "") there; local slope \(SolveFormat.significant(result.slope)) per unit of \(vary)")
        print("  \(result.simulations) simulations on common random numbers; final bracket [\(NumberFormat.plain(result.bracket.lowerBound)), \(NumberFormat.plain(result.bracket.upperBound))]")
    }
}

enum SolveFormat {
    /// Four significant digits.
    static func significant(_ x: Double) -> String { String(format: "%.4g", x) }

    /// The value with two significant digits of its uncertainty kept, or all digits without one.
    static func rounded(_ x: Double, uncertainty: Double?) -> Double {
        guard let u = uncertainty, u > 0, u.isFinite else { return x }
        let digits = Int((-log10(u)).rounded(.down)) + 2
        let scale = pow(10.0, Double(max(min(digits, 15), -15)))
        return (x * scale).rounded() / scale
    }
}
