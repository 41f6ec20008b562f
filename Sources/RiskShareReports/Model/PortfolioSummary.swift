import RiskShareKit
import RiskShareSupport

/// The loan book at the start (report.json `portfolio`).
public struct PortfolioSummary: Sendable, Equatable {
    public var loans: Int
    /// Total principal (currency).
    public var exposure: Double
    /// Σ EAD × PD × mean LGD over the loans, before any stress (currency).
    public var expectedLossFirstYearUnstressed: Double
    public var segments: [SegmentFacts]

    public init(loans: Int, exposure: Double, expectedLossFirstYearUnstressed: Double, segments: [SegmentFacts]) {
        self.loans = loans
        self.exposure = exposure
        self.expectedLossFirstYearUnstressed = expectedLossFirstYearUnstressed
        self.segments = segments
    }
}

/// One segment of the book at the start.
public struct SegmentFacts: Sendable, Equatable {
    public var name: String
    public var loans: Int
    /// Principal (currency).
    public var exposure: Double
    /// Exposure-weighted annual PD; nil when the segment has no exposure.
    public var exposureWeightedPD: Double?
    /// Loans that are firms' first loans.
    public var firstLoans: Int

    public init(name: String, loans: Int, exposure: Double, exposureWeightedPD: Double?, firstLoans: Int) {
        self.name = name
        self.loans = loans
        self.exposure = exposure
        self.exposureWeightedPD = exposureWeightedPD
        self.firstLoans = firstLoans
    }
}
