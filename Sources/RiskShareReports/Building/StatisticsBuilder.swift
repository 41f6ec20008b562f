import RiskShareKit
import RiskShareSupport

/// Turns the statistics of the core (`Summary`, `Probability`, `LossDistribution`) into the
/// report model's typed statistics, for the levels and thresholds the scenario asks for.
enum StatisticsBuilder {
    /// The distribution of a path column over the paths. `thresholds` are the exceedance
    /// thresholds (`report.exceedance` for losses, none for counts and ratios); `coverage` is
    /// the rule for the levels importance sampling covers (nil for unweighted paths).
    static func distribution(
        _ summary: Summary, levels: [Double], thresholds: [Double],
        coverage rule: SamplingCoverage?
    ) -> DistributionSummary {
        DistributionSummary(
            mean: Estimate(summary.mean, stderr: summary.stderr),
            sd: summary.sd, minimum: summary.minimum, maximum: summary.maximum,
            levels: levels.map { q in
                let interval = summary.quantileInterval(q).map { ConfidenceInterval(lower: $0.lower, upper: $0.upper) }
                var coverage = TailLevel.Coverage.covered
                if let rule {
                    // Paths on the body side of VaR_q, and the precision of the tail probability
                    // 1 − q that VaR_q is read from.
                    let below = summary.count - summary.tailCount(q)
                    let relative = summary.exceedance(summary.quantile(q)).stderr / (1 - q)
                    if below < rule.minimumPathsAtOrBelow || !(relative <= rule.relativeErrorLimit) {
                        coverage = .outsideSampledRegion(pathsAtOrBelow: below, relativeError: relative)
                    }
                }
                return TailLevel(
                    level: q, valueAtRisk: summary.quantile(q), interval: interval,
                    expectedShortfall: Estimate(summary.expectedShortfall(q), stderr: summary.expectedShortfallStderr(q)),
                    tailPaths: summary.tailCount(q), coverage: coverage)
            },
            exceedance: thresholds.map { x in
                let e = summary.exceedance(x)
                return ExceedancePoint(threshold: x, probability: ProbabilityEstimate(p: e.p, stderr: e.stderr))
            })
    }

    /// The exact distribution of the semi-analytic method: standard errors 0, no intervals and
    /// no tail-path counts (there are no paths).
    static func distribution(_ exact: LossDistribution, levels: [Double], thresholds: [Double]) -> DistributionSummary {
        DistributionSummary(
            mean: Estimate(exact.mean, stderr: 0), sd: exact.sd, minimum: exact.minimum, maximum: exact.maximum,
            levels: levels.map { q in
                TailLevel(
                    level: q, valueAtRisk: exact.quantile(q), interval: nil,
                    expectedShortfall: Estimate(exact.expectedShortfall(q), stderr: 0), tailPaths: nil)
            },
            exceedance: thresholds.map {
                ExceedancePoint(threshold: $0, probability: ProbabilityEstimate(p: exact.exceedance($0), stderr: 0))
            },
            isExact: true)
    }

    static func probability(_ indicator: [Bool], weights: [Double]?) -> ProbabilityEstimate {
        let estimate = Probability(indicator: indicator, weights: weights)
        return ProbabilityEstimate(p: estimate.p, stderr: estimate.stderr)
    }
}
