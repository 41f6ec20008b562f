import Foundation
import Testing
@testable import RiskShareKit
import RiskShareSupport
import RiskShareTestSupport

/// The calibration likelihoods equal the model's likelihood computed by other routes.
@Suite struct VasicekLikelihoodTests {
    /// A fixed eight-year series of default rates (illustrative).
    static let rates = [0.012, 0.021, 0.018, 0.035, 0.052, 0.027, 0.015, 0.019]
    /// A fixed eight-year series of counts (illustrative): loans at the start of each year, defaults in it.
    static let loans = [420, 450, 480, 510, 530, 560, 600, 640]
    static let defaults = [5, 9, 8, 19, 28, 14, 7, 11]

    static func series(rates: [Double]) -> DefaultRateSeries {
        DefaultRateSeries(file: "test", years: Array(2010..<(2010 + rates.count)), observations: .rates(rates), convertedFromNPL: false)
    }

    static func series(defaults: [Int], loans: [Int]) -> DefaultRateSeries {
        DefaultRateSeries(file: "test", years: Array(2010..<(2010 + loans.count)),
                          observations: .counts(defaults: defaults, loans: loans), convertedFromNPL: false)
    }

    @Test("the rate likelihood is the normal density of the probit rate times its Jacobian, to 1e-10",
          arguments: [(0.02, 0.12), (0.05, 0.3), (0.004, 0.02)])
    func rateLikelihoodByProbitRoute(pd: Double, rho: Double) throws {
        // Φ⁻¹(rate) ~ N(Φ⁻¹(PD)/sqrt(1-ρ), ρ/(1-ρ)); the rate's density is that normal density
        // at y = Φ⁻¹(rate) divided by φ(y), the derivative of Φ at y.
        let mu = GSL.normalQuantile(pd) / (1 - rho).squareRoot()
        let s = (rho / (1 - rho)).squareRoot()
        let expected = Self.rates.reduce(0.0) { total, x in
            let y = GSL.normalQuantile(x)
            return total + log(GSL.normalDensity((y - mu) / s) / s) - log(GSL.normalDensity(y))
        }
        let value = try VasicekLikelihood(series: Self.series(rates: Self.rates)).logLikelihood(pd: pd, rho: rho)
        #expect(abs(value - expected) <= 1e-10 * abs(expected))
    }

    /// The binomial mixture by a plain trapezoid sum on a fine grid with GSL's binomial
    /// probability: a different quadrature and a different binomial evaluation.
    static func trapezoidLogProbability(defaults d: Int, loans n: Int, pd: Double, rho: Double, step: Double = 1e-3,
                                        range: ClosedRange<Double> = -12...12) -> Double {
        let c = GSL.normalQuantile(pd)
        var sum = 0.0
        let points = Int(((range.upperBound - range.lowerBound) / step).rounded())
        for k in 0...points {
            let z = range.lowerBound + Double(k) * step
            let p = GSL.normalCDF((c - rho.squareRoot() * z) / (1 - rho).squareRoot())
            let weight = (k == 0 || k == points) ? 0.5 : 1
            sum += weight * GSL.normalDensity(z) * GSL.binomialPMF(d, p: p, n: n)
        }
        return log(sum * step)
    }

    @Test("the count likelihood equals a trapezoid integration of φ(z)·Binomial(d; n, p(z)), to 1e-10",
          arguments: [(0.02, 0.12), (0.03, 0.3), (0.01, 0.01)])
    func countLikelihoodByTrapezoid(pd: Double, rho: Double) throws {
        let expected = zip(Self.defaults, Self.loans).reduce(0.0) {
            $0 + Self.trapezoidLogProbability(defaults: $1.0, loans: $1.1, pd: pd, rho: rho)
        }
        let value = try VasicekLikelihood(series: Self.series(defaults: Self.defaults, loans: Self.loans)).logLikelihood(pd: pd, rho: rho)
        #expect(abs(value - expected) <= 1e-10 * abs(expected))
    }

    @Test("a year of a million loans (a peak 0.01 wide in the factor), a year without defaults and one where all default are integrated accurately")
    func narrowAndEdgeIntegrands() throws {
        for (d, n) in [(21_000, 1_000_000), (0, 300), (300, 300)] {
            // All 300 defaulting needs p(z) near 1, i.e. z near -40: the reference grid reaches there.
            let expected = Self.trapezoidLogProbability(defaults: d, loans: n, pd: 0.02, rho: 0.1, step: 2e-4, range: -60...12)
            let value = try VasicekLikelihood.countLogProbability(defaults: d, loans: n, pd: 0.02, rho: 0.1)
            #expect(abs(value - expected) <= 1e-9 * abs(expected), "d = \(d), n = \(n)")
        }
    }

    @Test("with rho = 0 the count likelihood is the plain binomial")
    func independentDefaults() throws {
        let value = try VasicekLikelihood.countLogProbability(defaults: 7, loans: 500, pd: 0.02, rho: 0)
        #expect(abs(value - log(GSL.binomialPMF(7, p: 0.02, n: 500))) <= 1e-12)
    }

    @Test("the count probabilities of one year sum to 1 over d = 0...n")
    func countProbabilitiesSumToOne() throws {
        let n = 60
        let total = try (0...n).reduce(0.0) { $0 + exp(try VasicekLikelihood.countLogProbability(defaults: $1, loans: n, pd: 0.05, rho: 0.2)) }
        #expect(abs(total - 1) <= 1e-10)
    }
}
