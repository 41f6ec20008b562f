import RiskShareKit
import RiskShareSupport

/// A Monte Carlo estimate with its standard error.
///
/// `stderr` is 0 for an exact computation (the semi-analytic method) and for a quantity that
/// does not vary; it is never NaN. Units are those of `value`.
public struct Estimate: Sendable, Equatable {
    /// The estimate, e.g. a mean loss in the scenario currency.
    public var value: Double
    /// One Monte Carlo standard error of `value`, ≥ 0.
    public var stderr: Double

    public init(_ value: Double, stderr: Double) {
        self.value = value
        self.stderr = stderr
    }
}

/// A probability estimated from the paths, with its Monte Carlo standard error
/// (report.json: `{"p": ..., "stderr": ...}`).
public struct ProbabilityEstimate: Sendable, Equatable {
    /// The probability, in [0, 1].
    public var p: Double
    /// One standard error of `p`, ≥ 0.
    public var stderr: Double

    public init(p: Double, stderr: Double) {
        self.p = p
        self.stderr = stderr
    }
}

/// A closed interval [lower, upper] in the units of the quantity it brackets.
public struct ConfidenceInterval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}
