import RiskShareKit
import RiskShareSupport

/// The public purse (report.json `fiscal`).
///
/// `cost` is, per path: the claims paid by every party other than the bank (pools included),
/// net of the guarantee fees those parties receive, plus the subsidies they pay. Pool top-ups
/// are *not* in it: they fund claims already counted, and are shown apart in `topups`.
public struct FiscalSummary: Sendable, Equatable {
    public var cost: DistributionSummary
    public var topups: DistributionSummary
    /// Principal of the loans in segments covered by any layer or subsidy (currency).
    public var coveredVolume: Double
    /// Covered volume per unit of expected cost; nil when the expected cost is not positive.
    public var leverage: Double?
    /// Every subsidy payer with the subsidies it pays over the horizon, in party order; parties
    /// that pay subsidies but bear no loss appear only here.
    public var subsidies: [SubsidyPayer]

    public init(
        cost: DistributionSummary, topups: DistributionSummary, coveredVolume: Double, leverage: Double?,
        subsidies: [SubsidyPayer]
    ) {
        self.cost = cost
        self.topups = topups
        self.coveredVolume = coveredVolume
        self.leverage = leverage
        self.subsidies = subsidies
    }
}

/// A party that pays interest subsidies.
public struct SubsidyPayer: Sendable, Equatable {
    public var name: String
    /// Subsidies paid over the horizon (currency).
    public var subsidies: DistributionSummary
    /// Whether the party also bears loss (and so is listed under `parties` too).
    public var bearsLoss: Bool

    public init(name: String, subsidies: DistributionSummary, bearsLoss: Bool) {
        self.name = name
        self.subsidies = subsidies
        self.bearsLoss = bearsLoss
    }
}
