import RiskShareKit
import RiskShareSupport

/// The NPL tolerance (report.json `tolerance`): the level, how often the covered book's gross
/// NPL ratio breaches it, and the ratios exceeded with small probabilities.
public struct ToleranceSummary: Sendable, Equatable {
    /// The tolerated NPL ratio, in [0, 1]; a year breaches when its ratio is strictly above it.
    public var level: Double
    public var breachByYear: [ProbabilityEstimate]
    /// P(breach in at least one year).
    public var breachAny: ProbabilityEstimate
    /// For each probability p (0.05 and 0.01): the worst year's NPL ratio exceeded with
    /// probability p (its 1 − p quantile), and each year's.
    public var exceeded: [ExceededRatio]

    public init(level: Double, breachByYear: [ProbabilityEstimate], breachAny: ProbabilityEstimate, exceeded: [ExceededRatio]) {
        self.level = level
        self.breachByYear = breachByYear
        self.breachAny = breachAny
        self.exceeded = exceeded
    }
}

/// The NPL ratio exceeded with probability `probability`.
public struct ExceededRatio: Sendable, Equatable {
    /// e.g. 0.05.
    public var probability: Double
    /// The worst year's ratio.
    public var worstYear: Double
    /// Each year's ratio, year 1 first.
    public var byYear: [Double]

    public init(probability: Double, worstYear: Double, byYear: [Double]) {
        self.probability = probability
        self.worstYear = worstYear
        self.byYear = byYear
    }
}
