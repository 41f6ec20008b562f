import RiskShareKit
import RiskShareSupport

/// A compensation pool (report.json `pools.<payer>`): what it pays, what it cannot pay, its
/// balance, and how often it runs dry or stops compensating.
public struct PoolSummary: Sendable, Equatable {
    /// The pool's payer name (its key).
    public var name: String
    /// Claims paid over the horizon (currency).
    public var paid: DistributionSummary
    /// Money added over the horizon (currency).
    public var topups: DistributionSummary
    /// Claims left unpaid for lack of money, by the annual cap, or pending at the horizon (currency).
    public var unpaid: DistributionSummary
    /// Balance at the end of each year.
    public var balanceEndByYear: [DistributionSummary]
    /// P(a due claim went unpaid for lack of balance in some year).
    public var exhausted: ProbabilityEstimate
    /// P(exhausted in year t), t = 1...horizon.
    public var exhaustedByYear: [ProbabilityEstimate]
    /// P(the NPL trigger suspended compensation in year t).
    public var suspendedByYear: [ProbabilityEstimate]

    public init(
        name: String, paid: DistributionSummary, topups: DistributionSummary, unpaid: DistributionSummary,
        balanceEndByYear: [DistributionSummary], exhausted: ProbabilityEstimate,
        exhaustedByYear: [ProbabilityEstimate], suspendedByYear: [ProbabilityEstimate]
    ) {
        self.name = name
        self.paid = paid
        self.topups = topups
        self.unpaid = unpaid
        self.balanceEndByYear = balanceEndByYear
        self.exhausted = exhausted
        self.exhaustedByYear = exhaustedByYear
        self.suspendedByYear = suspendedByYear
    }
}
