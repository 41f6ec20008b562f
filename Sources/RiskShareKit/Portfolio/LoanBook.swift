/// The loans of a scenario, laid out column by column for fast simulation. Loans of one
/// `LoanGroup` are contiguous. Amounts are in the scenario's currency; rates are annual.
public struct LoanBook: Sendable, Equatable {
    /// Principal outstanding while the loan is on the book (bullet loans: constant until maturity).
    public var exposure: [Double]
    /// Annual probability of default before stress multipliers, in [0, 1].
    public var pd: [Double]
    /// Loss-given-default model of each loan.
    public var lgd: [LGDModel]
    /// Term in whole years; the loan matures at the end of year `term` (renewed if the portfolio renews).
    public var term: [Int]
    /// Whether the loan is the firm's first bank loan (首贷).
    public var firstLoan: [Bool]
    /// Index into `segmentNames`.
    public var segment: [Int]
    /// Product of the loan (credit, ip_pledge, park, secured, guaranteed or free text).
    public var product: [String]
    /// Life-cycle stage (seed, startup, growth, mature or unspecified).
    public var stage: [String]
    /// Annual contractual interest rate.
    public var interestRate: [Double]
    /// Segment names in scenario order.
    public var segmentNames: [String]
    /// Groups of loans that share factor loadings and maturity, in book order.
    public var groups: [LoanGroup]

    /// Number of loans.
    public var count: Int { exposure.count }

    /// Reserves room for `loans` loans in every per-loan array.
    mutating func reserveCapacity(_ loans: Int) {
        exposure.reserveCapacity(loans); pd.reserveCapacity(loans); lgd.reserveCapacity(loans)
        term.reserveCapacity(loans); firstLoan.reserveCapacity(loans); segment.reserveCapacity(loans)
        product.reserveCapacity(loans); stage.reserveCapacity(loans); interestRate.reserveCapacity(loans)
    }
}

/// Loss given default of one loan: a fixed fraction or a Beta distribution.
public enum LGDModel: Sendable, Hashable {
    /// Always this fraction of exposure, in [0, 1].
    case fixed(Double)
    /// Beta with parameters (alpha, beta); mean alpha / (alpha + beta).
    case beta(alpha: Double, beta: Double)

    /// Beta parameters for a mean and a standard deviation; nil when sd is impossible
    /// (sd² must be below mean·(1 - mean)).
    public static func fromMoments(mean: Double, sd: Double) -> LGDModel? {
        if sd == 0 { return .fixed(mean) }
        let variance = sd * sd
        guard mean > 0, mean < 1, variance < mean * (1 - mean) else { return nil }
        let k = mean * (1 - mean) / variance - 1
        // Beyond this concentration GSL's Beta CDF returns NaN near the mean (k ≥ 1e7), and an
        // sd that squares to 0 would give k = ∞: such an sd is refused (see minimumSD).
        guard k <= maximumConcentration else { return nil }
        return .beta(alpha: mean * k, beta: (1 - mean) * k)
    }

    /// Largest alpha + beta of a Beta LGD: GSL's Beta CDF is exact up to it for every mean.
    public static let maximumConcentration = 1e6

    /// Smallest positive sd of a Beta LGD with this mean (alpha + beta at most 1e6); smaller
    /// spreads cannot be sampled reliably and are indistinguishable from a fixed LGD (sd 0).
    public static func minimumSD(mean: Double) -> Double {
        (mean * (1 - mean) / (maximumConcentration + 1)).squareRoot() * (1 + 1e-12)
    }

    /// Expected LGD.
    public var mean: Double {
        switch self {
        case .fixed(let x): return x
        case .beta(let a, let b): return a / (a + b)
        }
    }
}

/// Loans that share factor loadings, term and a PD band: given the factors, their defaults are
/// independent with conditional PDs that can be bounded by the band's highest one.
public struct LoanGroup: Sendable, Equatable {
    /// Loans `range` of the book.
    public var range: Range<Int>
    /// Factor loadings aᵢ, one per economy factor (zero where the segment does not load).
    public var loadings: [Double]
    /// Term shared by the group's loans.
    public var term: Int
    /// Highest unconditional PD in the group.
    public var maximumPD: Double
    /// True when every loan has the same exposure, PD, LGD model, first-loan flag, product
    /// and interest rate: then only the number of defaults matters and it is drawn from a binomial.
    public var isHomogeneous: Bool
    /// Index of the segment the group belongs to.
    public var segment: Int

    /// Whether the group's loans are on the book in 1-based `year` (unless they defaulted): a
    /// loan is on the book until the end of its term, or, with renewal, replaced by an identical
    /// new loan at maturity and so on the book throughout.
    public func isActive(year: Int, renewal: Bool) -> Bool { Self.isActive(term: term, year: year, renewal: renewal) }

    /// The rule of `isActive(year:renewal:)` for a term.
    static func isActive(term: Int, year: Int, renewal: Bool) -> Bool { renewal || year <= term }

    /// sqrt(1 - |a|²): the weight of the loan's own shock.
    public var idiosyncraticWeight: Double {
        (1 - loadings.reduce(0) { $0 + $1 * $1 }).squareRoot()
    }
}

/// One loan defaulting on one path: when in the year, on which exposure and with what loss.
public struct DefaultEvent: Sendable, Equatable {
    /// Index of the defaulted loan in the `LoanBook` (for a homogeneous group: its first loan,
    /// whose attributes every loan of the group shares).
    public var loan: Int
    /// Fraction of the year elapsed at default, in [0, 1); orders claims first come, first served.
    public var time: Double
    /// Principal at default (exposure at default).
    public var exposure: Double
    /// Gross loss: exposure × LGD draw.
    public var loss: Double
    /// Index of the loan's group in `LoanBook.groups`, or -1 when not known (then the waterfall
    /// looks it up from the loan).
    public var group: Int

    public init(loan: Int, time: Double, exposure: Double, loss: Double, group: Int = -1) {
        self.loan = loan
        self.time = time
        self.exposure = exposure
        self.loss = loss
        self.group = group
    }
}
