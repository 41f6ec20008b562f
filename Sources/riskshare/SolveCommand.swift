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
    @Option(parsing: .unconditional, help: "Search interval LO:HI (LO may be negative).") var range: String
    @Option(help: "Target, e.g. 'pools.pool.p_exhausted <= 0.01' (also >=, <, >, =).") var target: String
    @Option(help: "Stop when the bracket is narrower than this (default: 1e-6 of the range).") var tolerance: Double?
    @OptionGroup var simulation: SimulationOptions
    @Flag(help: "Print each trial on standard error.") var verbose = false

    func validate() throws {
        if let tolerance, !(tolerance > 0) { throw ValidationError("--tolerance must be positive") }
    }

    func run() throws {
        // Solve writes nothing: a signal ends it at once, with one line.
        let interruption = Interruption.install()
        defer { withExtendedLifetime(interruption) {} }
        let parts = range.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lower = Double(parts[0]), let upper = Double(parts[1]), lower.isFinite, upper.isFinite, lower < upper
        else {
            throw ScenarioError(
                file: "--range", path: vary, line: nil, value: range, message: "must be LO:HI with numbers LO < HI, e.g. 1e8:2e9")
        }
        let goal = try MetricTarget(parsing: target)
        var request = SweepRequest(scenarioFile: scenario)
        request.overrides = simulation.overrides
        request.paths = simulation.paths
        request.seed = simulation.seed
        request.threads = simulation.resolvedThreads
        let setup = try TargetSolver.setup(request, path: vary, lower: lower, target: goal)
        let scenarioValues = try setup.scenario(for: setup.grid.variants[0])
        let parameter = ParameterLabel(vary)
        let metric = MetricLabel(goal.metric.description)
        let currency = scenarioValues.currency
        // Each trial: a line of its own with --verbose, else a status line on a terminal.
        let status = verbose ? nil : ProgressBar.forStandardError(unit: "trials")
        let describe: @Sendable (SolveTrial) -> String = { trial in
            // Enough digits to tell the trials near the answer apart (a millionth of the range).
            let x = QuantityText(
                kind: parameter.kind, currency: currency, magnitude: trial.value,
                uncertainty: (upper - lower) * 1e-5
            ).text(trial.value)
            let m = QuantityText(kind: metric.kind, currency: currency, magnitude: trial.reading.value, uncertainty: trial.reading.stderr)
            return "trial \(trial.number): \(parameter.text) = \(x) -> \(metric.text) = \(m.text(trial.reading.value))"
                + (trial.reading.stderr.map { " ± \(m.number($0))" } ?? "")
        }
        var trace: (@Sendable (SolveTrial) -> Void)?
        if verbose {
            trace = { trial in FileHandle.standardError.write(Data("  \(describe(trial))\n".utf8)) }
        } else if let status {
            trace = { trial in status.status(describe(trial)) }
        }
        let result = try TargetSolver.solve(
            setup, lower: lower, upper: upper, target: goal, threads: request.threads,
            tolerance: tolerance, progress: trace, log: verbose ? Sweep.logLine(command: "solve") : nil)
        status?.finish()
        print(
            SolveReport(
                result: result, path: vary, parameter: parameter, metric: metric, target: goal, currency: currency,
                paths: scenarioValues.simulation.paths, range: lower...upper
            ).text, terminator: "")
    }
}

/// What `solve` prints: the value in the scenario's units with its Monte Carlo uncertainty, the
/// side of the range it is on, the metric there, and how it was found.
struct SolveReport {
    var result: SolveResult
    var path: String
    var parameter: ParameterLabel
    var metric: MetricLabel
    var target: MetricTarget
    var currency: String
    var paths: Int
    var range: ClosedRange<Double>

    var text: String {
        let x = QuantityText(kind: parameter.kind, currency: currency, magnitude: result.value, uncertainty: result.uncertainty)
        var out = "\(path) = \(x.text(result.value))"
        if let u = result.uncertainty {
            out +=
                " ± \(x.number(u)) (Monte Carlo standard uncertainty; 95% interval \(x.number(result.value - 1.96 * u))"
                + " to \(x.text(result.value + 1.96 * u)))\n"
        } else {
            out += " (no Monte Carlo uncertainty: the metric has no standard error in report.json)\n"
        }
        let side = result.metAtLower ? "largest" : "smallest"
        let goal = QuantityText(kind: metric.kind, currency: currency, magnitude: target.value)
        out +=
            "  the \(side) value in [\(short(range.lowerBound)), \(short(range.upperBound))\(x.currencySuffix)] with "
            + "\(metric.text) \(target.relation.symbol) \(goal.text(target.value)) (--target '\(target)')\n"
        let m = QuantityText(kind: metric.kind, currency: currency, magnitude: result.metric.value, uncertainty: result.metric.stderr)
        out += "  there \(metric.text) = \(m.text(result.metric.value))" + (result.metric.stderr.map { " ± \(m.number($0))" } ?? "")
        out += "; it changes by \(slopeText) near the answer\n"
        let width = result.bracket.upperBound - result.bracket.lowerBound
        let bracket = QuantityText(
            kind: parameter.kind, currency: currency, magnitude: result.value,
            uncertainty: width > 0 ? width / 10 : (range.upperBound - range.lowerBound) * 1e-5)
        out +=
            "  \(result.simulations) simulations of \(QuantityText(kind: .count, currency: currency, magnitude: Double(paths)).text(Double(paths))) paths each on common random numbers; final bracket "
            + "[\(bracket.number(result.bracket.lowerBound)), \(bracket.text(result.bracket.upperBound))]\n"
        return out
    }

    /// The local slope per a round step of the parameter: "−0.21 percentage points per 10m CNY".
    var slopeText: String {
        // A step of about a tenth of the answer (or of the range), rounded to 1, 2 or 5 times a power of ten.
        let base = abs(result.value) > 0 ? abs(result.value) / 10 : (range.upperBound - range.lowerBound) / 10
        let magnitude = pow(10, floor(log10(base)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= base } ?? magnitude
        let change = result.slope * step
        let stepText = short(step) + QuantityText(kind: parameter.kind, currency: currency, magnitude: step).currencySuffix
        switch metric.kind {
        case .fraction:
            let points = QuantityText(kind: .plain, currency: currency, magnitude: change * 100)
            return "\(signed(points.number(change * 100), change)) percentage points per \(stepText)"
        default:
            let amount = QuantityText(kind: metric.kind, currency: currency, magnitude: change)
            return "\(signed(amount.text(change), change)) per \(stepText)"
        }
    }

    /// A round value of the parameter without the currency: "100m", "3bn", "5%", "0.3".
    private func short(_ x: Double) -> String {
        switch parameter.kind {
        case .money: return NumberFormat.money(x)
        case .fraction: return NumberFormat.plain((x * 1e8).rounded() / 1e6) + "%"
        case .count, .plain: return NumberFormat.plain(x)
        }
    }

    private func signed(_ text: String, _ x: Double) -> String {
        x > 0 ? "+" + text : text.replacingOccurrences(of: "-", with: "\u{2212}")
    }
}

extension MetricTarget.Relation {
    /// ≤, <, ≥, > or =.
    var symbol: String {
        switch self {
        case .atMost: return "≤"
        case .below: return "<"
        case .atLeast: return "≥"
        case .above: return ">"
        case .equal: return "="
        }
    }
}
