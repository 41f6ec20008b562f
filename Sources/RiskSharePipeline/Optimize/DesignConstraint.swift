import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// A constraint of a design search, `--subject-to 'METRIC <= VALUE'` or `'METRIC >= VALUE'`,
/// met when the metric's estimate on the common random numbers satisfies it.
public struct DesignConstraint: Sendable, Equatable, CustomStringConvertible {
    public var metric: MetricPath
    /// true for `>=`, false for `<=`.
    public var atLeast: Bool
    /// The bound.
    public var limit: Double

    public init(metric: MetricPath, atLeast: Bool, limit: Double) {
        self.metric = metric
        self.atLeast = atLeast
        self.limit = limit
    }

    /// Parses `METRIC <= VALUE` or `METRIC >= VALUE`. Strict and equality relations are refused:
    /// a Monte Carlo estimate meets them only by accident.
    public init(parsing text: String, source: String = "--subject-to") throws {
        let target: MetricTarget
        do {
            target = try MetricTarget(parsing: text)
        } catch var error as ScenarioError {
            error.file = source
            if error.value == nil && error.path.isEmpty { error.value = text }
            throw error
        }
        switch target.relation {
        case .atMost: atLeast = false
        case .atLeast: atLeast = true
        default:
            throw ScenarioError(
                file: source, path: "", line: nil, value: text,
                message: "must use <= or >= (e.g. 'fiscal.cost.mean <= 2e8'); \(target.relation.rawValue) is not allowed")
        }
        metric = target.metric
        limit = target.value
    }

    /// How far `value` is on the wrong side of the limit (0 when the constraint is met).
    public func violation(_ value: Double) -> Double {
        max(0, atLeast ? limit - value : value - limit)
    }

    public func isMet(by value: Double) -> Bool { violation(value) == 0 }

    /// Whether the constraint binds at a design: its metric is within 2 Monte Carlo standard
    /// errors of the limit (so the data cannot tell the design from one on the limit). A
    /// metric without a standard error is active when it equals the limit to a relative 1e-9.
    public func isActive(_ reading: MetricPath.Reading) -> Bool {
        let distance = abs(reading.value - limit)
        if let s = reading.stderr, s > 0 { return distance <= 2 * s }
        return distance <= 1e-9 * max(abs(limit), abs(reading.value))
    }

    public var description: String { "\(metric) \(atLeast ? ">=" : "<=") \(NumberFormat.plain(limit))" }
}
