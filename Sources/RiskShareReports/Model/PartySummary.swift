import RiskShareKit
import RiskShareSupport

/// A party that bears loss (report.json `parties.<name>`): its loss over the horizon and by
/// year of default, and the fees it receives and subsidies it pays, when it has them.
public struct PartySummary: Sendable, Equatable {
    /// Party name from the scenario (`bank` is the lender).
    public var name: String
    /// Loss borne over the horizon (currency).
    public var loss: DistributionSummary
    /// Loss borne for the defaults of each year.
    public var lossByYear: [DistributionSummary]
    /// Guarantee fees received over the horizon; nil when the party receives none.
    public var fees: DistributionSummary?
    /// Interest subsidies paid over the horizon; nil when the party pays none.
    public var subsidies: DistributionSummary?

    public init(
        name: String, loss: DistributionSummary, lossByYear: [DistributionSummary],
        fees: DistributionSummary? = nil, subsidies: DistributionSummary? = nil
    ) {
        self.name = name
        self.loss = loss
        self.lossByYear = lossByYear
        self.fees = fees
        self.subsidies = subsidies
    }
}
