@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// A lattice distribution answers the same questions as the Monte Carlo summary, with the same
/// definitions: VaR_q is the smallest x with F(x) ≥ q, ES_q follows Acerbi-Tasche.
@Suite struct AnalyticLossDistributionTests {
    /// P(L = 0) = 0.5, P(L = 10) = 0.3, P(L = 20) = 0.2: the same law as ten equally weighted
    /// paths 0, 0, 0, 0, 0, 10, 10, 10, 20, 20.
    static let distribution = LossDistribution(step: 10, probabilities: [0.5, 0.3, 0.2])
    static let paths = Summary(values: [0, 0, 0, 0, 0, 10, 10, 10, 20, 20])

    @Test("quantiles and expected shortfall equal Summary's on the equivalent equal-weight paths",
          arguments: [0.1, 0.3, 0.5, 0.55, 0.8, 0.85, 0.9, 0.95, 0.99])
    func matchesSummaryDefinitions(q: Double) {
        #expect(Self.distribution.quantile(q) == Self.paths.quantile(q))
        #expect(abs(Self.distribution.expectedShortfall(q) - Self.paths.expectedShortfall(q)) <= 1e-12)
    }

    @Test("cdf, exceedance, mean and sd follow from the lattice probabilities")
    func moments() {
        let d = Self.distribution
        #expect(d.cdf(-1) == 0 && d.cdf(0) == 0.5 && d.cdf(9.99) == 0.5 && d.cdf(10) == 0.8 && d.cdf(25) == 1)
        #expect(d.exceedance(-1) == 1 && abs(d.exceedance(0) - 0.5) < 1e-15 && abs(d.exceedance(10) - 0.2) < 1e-15 && d.exceedance(20) == 0)
        #expect(abs(d.mean - Self.paths.mean) <= 1e-12)
        // Summary's sd has the n - 1 denominator of a sample; the distribution's is exact.
        #expect(abs(d.sd - Self.paths.sd * (9.0 / 10).squareRoot()) <= 1e-12)
        #expect(d.minimum == 0 && d.maximum == 20)
    }

    @Test("a loss written in decimal hits its lattice point: P(L > 0.3) with step 0.1 excludes the atom at 3·0.1")
    func decimalLossesHitTheirLatticePoint() {
        let d = LossDistribution(step: 0.1, probabilities: [0.25, 0.25, 0.25, 0.25])
        #expect(d.exceedance(0.3) == 0)
        #expect(d.cdf(0.3) == 1)
        #expect(abs(d.exceedance(0.2) - 0.25) < 1e-15)
    }

    @Test("tail probabilities keep their relative precision far beyond 1 - F")
    func farTailPrecision() {
        let d = LossDistribution(step: 1, probabilities: [1 - 3e-20, 1e-20, 2e-20])
        #expect(abs(d.exceedance(0) / 3e-20 - 1) < 1e-12)
        #expect(d.quantile(1 - 1e-12) == 0)
    }
}
