import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// What `riskshare optimize` prints: a JSON document for scripts (`--json`) or lines for people.
public enum OptimizeOutput {
    /// `{"optimum": {PATH: value}, "objective": {"metric", "value", "stderr"},
    /// "constraints": [{"metric", "value", "stderr", "limit", "active"}], "evaluations": N}`.
    /// Numbers are shortest round-trip decimals, so `--set PATH=value` with a printed value
    /// simulates exactly the reported design; a missing standard error is null.
    public static func json(_ result: OptimizeResult) -> JSONValue {
        func stderr(_ reading: MetricPath.Reading) -> JSONValue { reading.stderr.map(JSONValue.finite) ?? .null }
        let optimum = JSONValue.object(zip(result.parameters, result.values).map { ($0.path.description, .number($1)) })
        let objective = JSONValue.object([
            ("metric", .string(result.goal.metric.description)), ("value", .finite(result.objective.value)),
            ("stderr", stderr(result.objective)),
        ])
        let constraints = JSONValue.array(
            result.constraints.map { status in
                .object([
                    ("metric", .string(status.constraint.metric.description)), ("value", .finite(status.reading.value)),
                    ("stderr", stderr(status.reading)), ("limit", .number(status.constraint.limit)), ("active", .bool(status.active)),
                ])
            })
        return .object([
            ("optimum", optimum), ("objective", objective), ("constraints", constraints),
            ("evaluations", .integer(result.evaluations)),
        ])
    }

    /// The answer for a terminal.
    public static func text(_ result: OptimizeResult, settings: SearchSettings) -> String {
        func significant(_ x: Double) -> String { String(format: "%.6g", x) }
        func withError(_ r: MetricPath.Reading) -> String {
            significant(r.value) + (r.stderr.map { " (s.e. \(String(format: "%.2g", $0)))" } ?? " (no standard error in report.json)")
        }
        let size = String(format: "%.2g", result.finalSize)
        let stop: String
        switch result.stop {
        case .converged: stop = "simplex size \(size) < \(NumberFormat.plain(settings.sizeTolerance))"
        case .stalled: stop = "no progress beyond the tolerance in \(5 * (result.parameters.count + 1)) designs; simplex size \(size)"
        case .evaluationBudget: stop = "evaluation budget of \(settings.maxEvaluations) spent before the simplex converged (size \(size))"
        }
        var out =
            "optimum after \(result.evaluations) evaluations on common random numbers (\(stop); \(result.restarts) restart\(result.restarts == 1 ? "" : "s")):\n"
        let width = result.parameters.map(\.path.description.count).max() ?? 0
        for (p, x) in zip(result.parameters, result.values) {
            let bound = x == p.lower ? "  (at its lower bound)" : x == p.upper ? "  (at its upper bound)" : ""
            out += "  \(p.path.description.padding(toLength: width, withPad: " ", startingAt: 0)) = \(NumberFormat.plain(x))\(bound)\n"
        }
        out += "\(result.goal.description): \(withError(result.objective))\n"
        if !result.constraints.isEmpty {
            out += "constraints (active: within 2 standard errors of the limit):\n"
            for status in result.constraints {
                let state = status.active ? "active" : status.met ? "met, not active" : "VIOLATED"
                out += "  \(status.constraint): \(withError(status.reading)), \(state)\n"
            }
        }
        out +=
            "The optimum's parameter values carry no Monte Carlo error estimate: they are exact for this seed; rerun with other --seed values to see how far they move.\n"
        return out
    }
}
