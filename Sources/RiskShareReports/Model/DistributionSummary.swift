import RiskShareKit
import RiskShareSupport

/// The distribution of one quantity over the paths (report.json's STAT object): mean with its
/// standard error, spread, and for each report level VaR, its interval, ES and the paths beyond
/// VaR, then exceedance probabilities.
///
/// A value the run did not compute is `nil` (rendered "not computed"), never 0 or NaN: the
/// interval of a quantile is not computed under importance sampling or by the semi-analytic
/// method, tail-path counts are not computed by the semi-analytic method.
public struct DistributionSummary: Sendable, Equatable {
    /// Mean over the paths with its standard error (currency for losses, a fraction for ratios).
    public var mean: Estimate
    /// Standard deviation over the paths.
    public var sd: Double
    /// Smallest and largest path value.
    public var minimum: Double
    public var maximum: Double
    /// One entry per report level (`report.quantiles`), in increasing order.
    public var levels: [TailLevel]
    /// P(value > threshold) for each threshold, in increasing order of threshold.
    public var exceedance: [ExceedancePoint]
    /// Whether the distribution was computed exactly (semi-analytic) rather than from paths: its
    /// standard errors are 0 and it has no intervals or tail-path counts.
    public var isExact: Bool

    public init(
        mean: Estimate, sd: Double, minimum: Double, maximum: Double, levels: [TailLevel], exceedance: [ExceedancePoint],
        isExact: Bool = false
    ) {
        self.isExact = isExact
        self.mean = mean
        self.sd = sd
        self.minimum = minimum
        self.maximum = maximum
        self.levels = levels
        self.exceedance = exceedance
    }

    /// The entry for level `q` when it was reported.
    public func level(_ q: Double) -> TailLevel? { levels.first { $0.level == q } }

    /// The reported level nearest to `q` (the larger one on a tie), nil when no level was reported.
    /// Text that speaks of a level the user did not request ("1-in-100") uses this and says which.
    public func nearestLevel(to q: Double) -> TailLevel? {
        levels.min { a, b in
            let da = abs(a.level - q), db = abs(b.level - q)
            return da == db ? a.level > b.level : da < db
        }
    }

    /// Whether the quantity has the same value on every path, up to the relative tolerance of
    /// `TailLevel.tieTolerance` (e.g. a loss fixed by a cap, or a subsidy that does not vary).
    public var isConstant: Bool { TailLevel.ties(minimum, maximum) }
}

/// VaR, its interval, ES and the evidence behind them at one level q.
public struct TailLevel: Sendable, Equatable {
    /// The level q in (0, 1), e.g. 0.99.
    public var level: Double
    /// VaR_q: the smallest path value whose empirical distribution function reaches q.
    public var valueAtRisk: Double
    /// Distribution-free 95% interval for VaR_q; nil when not computed (importance sampling,
    /// semi-analytic).
    public var interval: ConfidenceInterval?
    /// ES_q (Acerbi-Tasche) with its standard error (0 for the semi-analytic method).
    public var expectedShortfall: Estimate
    /// Paths whose value lies above VaR_q by more than the tie tolerance; nil when not computed
    /// (semi-analytic). 0 means the quantity has no tail beyond VaR_q (it is capped or constant there).
    public var tailPaths: Int?
    /// Whether the sampling covers this level (always true except under importance sampling).
    public var coverage: Coverage

    /// Whether the estimates at a level rest on paths the sampling puts there.
    public enum Coverage: Sendable, Equatable {
        case covered
        /// Importance sampling: too few sampled paths at or below VaR_q, or too imprecise an
        /// estimate of P(value > VaR_q), by the rule `SamplingCoverage`; VaR_q and ES_q are not
        /// reliable estimates there (the sampling concentrates elsewhere).
        case outsideSampledRegion(pathsAtOrBelow: Int, relativeError: Double)
    }

    public init(
        level: Double, valueAtRisk: Double, interval: ConfidenceInterval?, expectedShortfall: Estimate,
        tailPaths: Int?, coverage: Coverage = .covered
    ) {
        self.level = level
        self.valueAtRisk = valueAtRisk
        self.interval = interval
        self.expectedShortfall = expectedShortfall
        self.tailPaths = tailPaths
        self.coverage = coverage
    }

    /// Relative tolerance under which two values count as equal (a tie): `Summary.tieTolerance`, 1e-12.
    public static let tieTolerance = Summary.tieTolerance

    /// Whether `a` and `b` are equal up to `tieTolerance` relative to the larger magnitude.
    public static func ties(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= tieTolerance * max(abs(a), abs(b))
    }

    /// Whether the quantity has no tail beyond VaR_q: no path lies above it (beyond ties).
    public var hasNoTail: Bool { tailPaths == 0 || TailLevel.ties(valueAtRisk, expectedShortfall.value) }
}

/// P(value > threshold) with its standard error.
public struct ExceedancePoint: Sendable, Equatable {
    /// The threshold x, in the quantity's units.
    public var threshold: Double
    public var probability: ProbabilityEstimate

    public init(threshold: Double, probability: ProbabilityEstimate) {
        self.threshold = threshold
        self.probability = probability
    }
}
