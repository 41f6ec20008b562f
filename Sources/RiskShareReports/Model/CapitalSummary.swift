import RiskShareKit
import RiskShareSupport

/// The bank's capital before and after risk sharing (report.json `capital`), present when the
/// scenario has a `capital` section. Definitions: Scenarios/README.md, "`capital`".
public struct CapitalSummary: Sendable, Equatable {
    /// Regulatory capital of the initial book (IRB or standardised, substitution for the
    /// recognised layers), with the relief and the relief per unit of expected public cost.
    public var regulatory: RegulatoryCapital
    /// The expected public cost the relief is divided by (mean of `fiscal.cost`, currency); nil
    /// without a `risk_sharing` section.
    public var expectedPublicCost: Double?
    /// Economic capital from the paths; nil for the semi-analytic method, which has no paths.
    public var economic: EconomicCapitalSummary?

    public init(regulatory: RegulatoryCapital, expectedPublicCost: Double?, economic: EconomicCapitalSummary?) {
        self.regulatory = regulatory
        self.expectedPublicCost = expectedPublicCost
        self.economic = economic
    }
}

/// Economic capital of the bank before risk sharing (the gross loss) and after it (the bank's
/// retained loss), on the same paths and weights.
public struct EconomicCapitalSummary: Sendable, Equatable {
    /// Level of the VaR in `unexpectedLoss` (0.999).
    public var varLevel: Double
    /// Level of `expectedShortfall` (0.99).
    public var esLevel: Double
    public var before: EconomicCapitalMeasures
    public var after: EconomicCapitalMeasures

    public init(varLevel: Double, esLevel: Double, before: EconomicCapitalMeasures, after: EconomicCapitalMeasures) {
        self.varLevel = varLevel
        self.esLevel = esLevel
        self.before = before
        self.after = after
    }
}

/// The economic-capital measures of one loss (currency).
public struct EconomicCapitalMeasures: Sendable, Equatable {
    public var expectedLoss: Estimate
    /// VaR at `varLevel` minus EL. Its standard error is the half-width of `unexpectedLossCI95`
    /// divided by 1.959964; nil (not computed) under importance sampling, where that interval is
    /// not computed.
    public var unexpectedLoss: Double
    public var unexpectedLossStderr: Double?
    public var unexpectedLossCI95: ConfidenceInterval?
    /// ES at `esLevel`, with its standard error.
    public var expectedShortfall: Estimate
    /// Paths strictly above VaR at `varLevel` (below about 100 the VaR figure is fragile).
    public var tailPaths: Int

    public init(
        expectedLoss: Estimate, unexpectedLoss: Double, unexpectedLossStderr: Double?, unexpectedLossCI95: ConfidenceInterval?,
        expectedShortfall: Estimate, tailPaths: Int
    ) {
        self.expectedLoss = expectedLoss
        self.unexpectedLoss = unexpectedLoss
        self.unexpectedLossStderr = unexpectedLossStderr
        self.unexpectedLossCI95 = unexpectedLossCI95
        self.expectedShortfall = expectedShortfall
        self.tailPaths = tailPaths
    }

    /// From the core's economic capital.
    public init(_ capital: EconomicCapital) {
        let interval = capital.unexpectedLossCI95.map { ConfidenceInterval(lower: $0.lower, upper: $0.upper) }
        self.init(
            expectedLoss: Estimate(capital.expectedLoss, stderr: capital.expectedLossStderr),
            unexpectedLoss: capital.unexpectedLoss,
            unexpectedLossStderr: interval.map { ($0.upper - $0.lower) / (2 * 1.959964) },
            unexpectedLossCI95: interval,
            expectedShortfall: Estimate(capital.expectedShortfall, stderr: capital.expectedShortfallStderr),
            tailPaths: capital.tailPaths)
    }
}
