import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// A target on a report metric, written `METRIC <= VALUE` (also `<`, `>=`, `>`, `=`, `==`),
/// e.g. `pools.pool.p_exhausted <= 0.01` or `fiscal.cost.mean <= 2e8`.
public struct MetricTarget: Sendable, Equatable, CustomStringConvertible {
    public enum Relation: String, Sendable, CaseIterable { case atMost = "<=", below = "<", atLeast = ">=", above = ">", equal = "=" }
    public var metric: MetricPath
    public var relation: Relation
    public var value: Double

    public init(parsing text: String) throws {
        let operators = ["<=", ">=", "==", "<", ">", "="]
        guard let op = operators.first(where: { text.contains($0) }), let range = text.range(of: op) else {
            throw ScenarioError(
                file: "--target", path: "", line: nil, value: text,
                message: "must have the form 'METRIC <= VALUE' (or >=, <, >, =), e.g. 'pools.pool.p_exhausted <= 0.01'")
        }
        let left = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let right = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let x = ScenarioNode.parseNumber(right), x.isFinite else {
            throw ScenarioError(
                file: "--target", path: left, line: nil, value: right.isEmpty ? "(empty)" : right,
                message: "the target value must be a finite number")
        }
        metric = try MetricPath(left)
        relation = op == "==" ? .equal : Relation(rawValue: op)!
        value = x
    }

    /// Whether a metric value meets the target.
    public func isMet(by x: Double) -> Bool {
        switch relation {
        case .atMost: return x <= value
        case .below: return x < value
        case .atLeast: return x >= value
        case .above: return x > value
        case .equal: return x == value
        }
    }

    public var description: String { "\(metric) \(relation.rawValue) \(NumberFormat.plain(value))" }
}

/// The parameter value at which a target is just met, with its Monte Carlo uncertainty.
public struct SolveResult: Sendable {
    /// The parameter value where the metric crosses the target.
    public var value: Double
    /// Standard uncertainty of `value` from Monte Carlo noise: the metric's standard error at
    /// the root divided by the metric's slope there; nil when the metric has no standard error
    /// or the slope is zero.
    public var uncertainty: Double?
    /// The metric at the root and its standard error.
    public var metric: MetricPath.Reading
    /// Slope d(metric)/d(parameter) near the root, from two extra runs.
    public var slope: Double
    /// The final bracket that contains the crossing.
    public var bracket: ClosedRange<Double>
    /// Whether the target is met at the lower end of the range (so the answer is the largest
    /// value meeting it) or at the upper end (the smallest value meeting it).
    public var metAtLower: Bool
    /// Number of simulations run.
    public var simulations: Int
}

/// One simulation of a solve: the parameter value tried and the metric there.
public struct SolveTrial: Sendable, Equatable {
    /// 1 for the first simulation.
    public var number: Int
    /// The parameter value simulated.
    public var value: Double
    /// The metric at that value, with its standard error when the report has one.
    public var reading: MetricPath.Reading
}

/// `riskshare solve`: root finding on common random numbers. Every evaluation simulates the
/// scenario with the same seed, so the metric is a deterministic function of the parameter and
/// Brent's method converges on the crossing of that function; what remains is the Monte Carlo
/// error of the function itself, reported as `SolveResult.uncertainty`.
public enum TargetSolver {
    /// Prepares a solve: the scenario with `path` set to `lower`, checked like a sweep variant.
    public static func setup(_ request: SweepRequest, path: String, lower: Double, target: MetricTarget) throws -> SweepSetup {
        var request = request
        request.vary = ["\(path)=\(NumberFormat.plain(lower))"]
        request.zipped = false
        request.metrics = [target.metric.description]
        return try SweepSetup(request)
    }

    /// Finds the value of the setup's (first) varied path in `lower...upper` where `target` is
    /// just met. An unmet target (or one met everywhere) is a `ScenarioError` giving the metric
    /// at both ends.
    /// Evaluations that change only `risk_sharing`, `report` or `capital` replay one simulation
    /// of the defaults (`EvaluationDefaults`); `log` receives the line saying so.
    public static func solve(
        _ setup: SweepSetup, lower: Double, upper: Double, target: MetricTarget,
        threads: Int, tolerance: Double? = nil,
        progress: (@Sendable (SolveTrial) -> Void)? = nil,
        log: (@Sendable (String) -> Void)? = nil
    ) throws -> SolveResult {
        GSL.installErrorHandler()
        let path = setup.grid.axes[0].path
        if !(lower < upper) {
            throw ScenarioError(
                file: "--range", path: path.description, line: nil,
                value: "\(NumberFormat.plain(lower)):\(NumberFormat.plain(upper))", message: "must be LO:HI with LO < HI")
        }
        var probe = setup
        probe.metrics = [target.metric]
        try SweepRunner.checkMetrics(probe, variant: probe.grid.variants[0])
        // Trials run one after another; the ends of the range bound what each needs.
        var ends = setup
        ends.grid = try SweepGrid(
            axes: [
                SweepAxis(
                    path: path, values: [lower, upper].map { ScenarioNode(.number($0)) },
                    labels: [lower, upper].map(NumberFormat.plain))
            ], zipped: false)
        try SweepRunner.checkMemory(ends, variants: ends.grid.variants, concurrent: 1, threadsPerVariant: threads)

        var simulations = 0
        var readings: [Double: MetricPath.Reading] = [:]
        let defaults = EvaluationDefaults(log: log)
        func reading(at x: Double) throws -> MetricPath.Reading {
            if let r = readings[x] { return r }
            var s = setup
            s.metrics = [target.metric]
            let label = NumberFormat.plain(x)
            s.grid = try SweepGrid(axes: [SweepAxis(path: path, values: [ScenarioNode(.number(x))], labels: [label])], zipped: false)
            guard let row = try SweepRunner.evaluate(s, variant: s.grid.variants[0], threads: threads, defaults: defaults) else {
                throw CancellationError()
            }
            simulations += 1
            readings[x] = row.readings[0]
            progress?(SolveTrial(number: simulations, value: x, reading: row.readings[0]))
            return row.readings[0]
        }

        let atLower = try reading(at: lower), atUpper = try reading(at: upper)
        let metLower = target.isMet(by: atLower.value), metUpper = target.isMet(by: atUpper.value)
        if metLower == metUpper {
            let ends =
                "\(target.metric) = \(NumberFormat.plain(atLower.value)) at \(path) = \(NumberFormat.plain(lower)) and \(NumberFormat.plain(atUpper.value)) at \(NumberFormat.plain(upper))"
            throw ScenarioError(
                file: "--target", path: target.description, line: nil, value: nil,
                message: metLower
                    ? "is met at both ends of the range (\(ends)); the crossing lies outside it, widen --range"
                    : "is met nowhere in the range (\(ends)); widen --range or relax the target")
        }
        let xTolerance = tolerance ?? (upper - lower) * 1e-6
        let root = try RootFinder.brent(lower: lower, upper: upper, absoluteTolerance: xTolerance) { x in
            try reading(at: x).value - target.value
        }
        // Report the end of the final bracket that meets the target: "just met" means the
        // answer itself satisfies the constraint.
        let candidates = [root.lower, root.upper, root.root]
        let answer = candidates.first { x in readings[x].map { target.isMet(by: $0.value) } ?? false } ?? root.root
        let atAnswer = try reading(at: answer)

        // Local slope from two runs a few percent of the range away; the bracket itself is too
        // narrow (a common-random-numbers metric is a step function at that scale).
        let h = (upper - lower) * 0.05
        let left = max(lower, answer - h), right = min(upper, answer + h)
        let slope = (try reading(at: right).value - reading(at: left).value) / (right - left)
        let uncertainty = atAnswer.stderr.flatMap { s in slope != 0 && slope.isFinite ? s / abs(slope) : nil }
        return SolveResult(
            value: answer, uncertainty: uncertainty, metric: atAnswer, slope: slope,
            bracket: root.lower...root.upper, metAtLower: metLower, simulations: simulations)
    }
}
