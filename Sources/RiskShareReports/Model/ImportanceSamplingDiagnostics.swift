import RiskShareKit
import RiskShareSupport

/// How well importance sampling worked (report.json `importance_sampling`).
///
/// With likelihood-ratio weights wᵢ over n paths: the effective sample size is (Σ wᵢ)² / Σ wᵢ²
/// and the mean weight Σ wᵢ / n (1 in expectation; far from 1 means the body of the
/// distribution is poorly sampled). A report level whose estimated P(value > VaR_q) has a
/// relative standard error above `relativeErrorLimit` is flagged in every format.
public struct ImportanceSamplingDiagnostics: Sendable, Equatable {
    public var effectiveSampleSize: Double
    public var meanWeight: Double
    /// 0.1: the relative standard error above which a level counts as outside the sampled region.
    public var relativeErrorLimit: Double

    public init(effectiveSampleSize: Double, meanWeight: Double, relativeErrorLimit: Double) {
        self.effectiveSampleSize = effectiveSampleSize
        self.meanWeight = meanWeight
        self.relativeErrorLimit = relativeErrorLimit
    }
}
