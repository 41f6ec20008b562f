import RiskShareKit
import RiskShareSupport

/// Euler allocation of expected loss and expected shortfall (report.json `contributions`): for
/// the gross loss and each loss-bearing party, the part of its EL and of its ES at each report
/// level that comes from each segment, stage, product and cluster. Definitions:
/// Scenarios/README.md, "Risk contributions (Euler allocation)".
public struct ContributionsSummary: Sendable, Equatable {
    /// The ES levels (the report's quantile levels), each in (0, 1).
    public var levels: [Double]
    /// The gross loss first (name `gross_loss`), then each loss-bearing party in party order.
    public var subjects: [ContributionSubject]
    /// The level of every subject's `topLoans` (the highest report level), or nil when they
    /// were not computed because no segment's loans come from a loan tape (only tape loans have
    /// identifiers).
    public var topLoansLevel: Double?

    /// Most loans listed in each subject's `topLoans`.
    public static let topLoanCount = 20

    public init(levels: [Double], subjects: [ContributionSubject], topLoansLevel: Double? = nil) {
        self.levels = levels
        self.subjects = subjects
        self.topLoansLevel = topLoansLevel
    }

    /// Index of the level report.md and report.html show: 99% when reported, else the nearest
    /// (as the key findings); nil without levels.
    public var shownLevel: Int? {
        levels.indices.min { abs(levels[$0] - 0.99) < abs(levels[$1] - 0.99) }
    }
}

/// Why a run has no `contributions` section although it has paths: recording each loss-bearing
/// party's loss by cell would take more than `limit` per-path columns.
public struct ContributionsOmission: Sendable, Equatable {
    /// Allocation cells (segment × stage × product) of the book.
    public var cells: Int
    /// Loss-bearing parties.
    public var parties: Int
    /// Most per-path cell columns recorded (`Simulation.segmentColumnLimit`).
    public var limit: Int

    public init(cells: Int, parties: Int, limit: Int) {
        self.cells = cells
        self.parties = parties
        self.limit = limit
    }
}

/// One allocated loss: the gross loss or a party's loss.
public struct ContributionSubject: Sendable, Equatable {
    /// `gross_loss` or the party's name.
    public var name: String
    /// EL of the loss (the sum of every breakdown's EL contributions).
    public var expectedLoss: Estimate
    /// ES of the loss at each level, from the same tail weights as the contributions (the sum of
    /// every breakdown's ES contributions; equal to the loss's `expected_shortfall` to rounding).
    public var expectedShortfall: [Double]
    /// Breakdowns in the order segment, stage, product, cluster.
    public var breakdowns: [ContributionBreakdown]
    /// The tape loans with the largest ES contributions at `ContributionsSummary.topLoansLevel`,
    /// largest first (at most `ContributionsSummary.topLoanCount`, only loans with a positive
    /// contribution); nil when not computed.
    public var topLoans: [TopLoan]?

    public init(
        name: String, expectedLoss: Estimate, expectedShortfall: [Double], breakdowns: [ContributionBreakdown], topLoans: [TopLoan]? = nil
    ) {
        self.name = name
        self.expectedLoss = expectedLoss
        self.expectedShortfall = expectedShortfall
        self.breakdowns = breakdowns
        self.topLoans = topLoans
    }

    /// The breakdown by `tag` (`segment`, `stage`, `product`, `cluster`).
    public func breakdown(_ tag: String) -> ContributionBreakdown? { breakdowns.first { $0.tag == tag } }
}

/// A loss split by one tag: one part per value of the tag, in order of first appearance in the book.
public struct ContributionBreakdown: Sendable, Equatable {
    /// `segment`, `stage`, `product` or `cluster`.
    public var tag: String
    public var parts: [ContributionPart]

    public init(tag: String, parts: [ContributionPart]) {
        self.tag = tag
        self.parts = parts
    }
}

/// One part's contributions (currency).
public struct ContributionPart: Sendable, Equatable {
    /// The segment's name or the tag's value.
    public var name: String
    public var expectedLoss: Estimate
    /// ES contribution at each of `ContributionsSummary.levels`, with its standard error.
    public var expectedShortfall: [Estimate]

    public init(name: String, expectedLoss: Estimate, expectedShortfall: [Estimate]) {
        self.name = name
        self.expectedLoss = expectedLoss
        self.expectedShortfall = expectedShortfall
    }
}

/// One loan of a subject's `topLoans`: E[L_loan | subject's loss in its top 1 - q] with the
/// subject's own tail weights (`LoanContributions`).
public struct TopLoan: Sendable, Equatable {
    /// The loan's `id` in its tape.
    public var id: String
    /// Its segment's name.
    public var segment: String
    /// Its exposure at origination (currency).
    public var exposure: Double
    /// Its ES contribution (currency) with its standard error.
    public var expectedShortfall: Estimate
    /// The contribution over the subject's ES at the same level, in [0, 1] for a loss that is
    /// never negative.
    public var share: Double

    public init(id: String, segment: String, exposure: Double, expectedShortfall: Estimate, share: Double) {
        self.id = id
        self.segment = segment
        self.exposure = exposure
        self.expectedShortfall = expectedShortfall
        self.share = share
    }
}
