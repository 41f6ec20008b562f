import RiskShareKit
import RiskShareSupport

/// How well importance sampling worked (report.json `importance_sampling`).
///
/// With likelihood-ratio weights wᵢ over n paths: the effective sample size is (Σ wᵢ)² / Σ wᵢ²
/// and the mean weight Σ wᵢ / n (1 in expectation; far from 1 means the body of the
/// distribution is poorly sampled). The levels `coverage` rejects are flagged in every format.
public struct ImportanceSamplingDiagnostics: Sendable, Equatable {
    public var effectiveSampleSize: Double
    public var meanWeight: Double
    /// The rule that decides which report levels the sampling covers.
    public var coverage: SamplingCoverage

    public init(effectiveSampleSize: Double, meanWeight: Double, coverage: SamplingCoverage = .standard) {
        self.effectiveSampleSize = effectiveSampleSize
        self.meanWeight = meanWeight
        self.coverage = coverage
    }
}

/// When importance sampling covers a report level q. Sampling toward bad outcomes puts few paths
/// in the body of the distribution; VaR_q and ES_q are estimates only where paths lie on both
/// sides of VaR_q. A level is covered when at least `minimumPathsAtOrBelow` sampled paths lie at or
/// below VaR_q (the body side, thin under importance sampling as the tail is under plain Monte
/// Carlo) and the estimated P(value > VaR_q) has a relative standard error, sd(wᵢ·1{Lᵢ > VaR_q}) /
/// (sqrt(n) (1 − q)), of at most `relativeErrorLimit`.
public struct SamplingCoverage: Sendable, Equatable {
    /// 100, as for the paths beyond VaR below which a tail estimate is called rough.
    public var minimumPathsAtOrBelow: Int
    /// 0.1.
    public var relativeErrorLimit: Double

    public init(minimumPathsAtOrBelow: Int, relativeErrorLimit: Double) {
        self.minimumPathsAtOrBelow = minimumPathsAtOrBelow
        self.relativeErrorLimit = relativeErrorLimit
    }

    public static let standard = SamplingCoverage(minimumPathsAtOrBelow: 100, relativeErrorLimit: 0.1)
}
