import Foundation
import Testing
@testable import RiskShareKit
import RiskShareSupport
import RiskShareTestSupport

/// The maximum-likelihood fit, its standard errors and profile intervals agree with closed
/// forms where they exist and recover known parameters from simulated series.
@Suite struct VasicekCalibrationTests {
    /// With rates, Φ⁻¹(rate) ~ N(μ, s²) with μ = Φ⁻¹(PD)/sqrt(1-ρ), s² = ρ/(1-ρ): the MLE is the
    /// sample mean and the (1/T) variance of the probits, mapped back.
    struct ClosedForm {
        var mean: Double
        var variance: Double
        var count: Double
        init(rates: [Double]) {
            let y = rates.map(GSL.normalQuantile)
            let n = Double(y.count), m = y.reduce(0, +) / n
            count = n
            mean = m
            variance = y.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n
        }
        var rho: Double { variance / (1 + variance) }
        var pd: Double { GSL.normalCDF(mean / (1 + variance).squareRoot()) }
        /// Delta method from Var(μ̂) = s²/T, Var(ŝ²) = 2s⁴/T (independent).
        var pdStderr: Double {
            let a = 1 + variance, c = mean / a.squareRoot()
            let dMean = GSL.normalDensity(c) / a.squareRoot()
            let dVariance = GSL.normalDensity(c) * mean * -0.5 * Foundation.pow(a, -1.5)
            return (dMean * dMean * variance / count + dVariance * dVariance * 2 * variance * variance / count).squareRoot()
        }
        var rhoStderr: Double { (2 * variance * variance / count).squareRoot() / ((1 + variance) * (1 + variance)) }
        /// Profile of s² is T/2·(r - 1 - log r) below the maximum, r = ŝ²/s²; the interval's ends
        /// solve that = χ²₁(0.95)/2, found here by bisection.
        func rhoInterval() -> (Double, Double) {
            let threshold = 3.841458820694124 / 2
            func drop(_ s2: Double) -> Double { let r = variance / s2; return count / 2 * (r - 1 - log(r)) - threshold }
            func bisect(_ a: Double, _ b: Double) -> Double {
                var (lo, hi) = (a, b)
                for _ in 0..<200 { let mid = (lo + hi) / 2; if (drop(mid) < 0) == (drop(lo) < 0) { lo = mid } else { hi = mid } }
                return (lo + hi) / 2
            }
            let lower = bisect(variance * 1e-6, variance), upper = bisect(variance, variance * 1e6)
            return (lower / (1 + lower), upper / (1 + upper))
        }
    }

    @Test("with default rates, the simplex finds the closed-form maximum, and its errors and rho interval match the closed forms")
    func ratesMatchClosedForm() throws {
        let rates = VasicekLikelihoodTests.rates
        let fit = try VasicekCalibration.fit(VasicekLikelihoodTests.series(rates: rates))
        let exact = ClosedForm(rates: rates)
        #expect(fit.model == .largePortfolio)
        #expect(abs(fit.pd - exact.pd) <= 1e-7 * exact.pd)
        #expect(abs(fit.rho - exact.rho) <= 1e-7 * exact.rho)
        let best = try VasicekLikelihood(series: VasicekLikelihoodTests.series(rates: rates)).logLikelihood(pd: exact.pd, rho: exact.rho)
        #expect(abs(fit.logLikelihood - best) <= 1e-10 * abs(best))
        // The numerical Hessian with Richardson extrapolation: 1e-5 relative.
        #expect(abs(try #require(fit.pdStderr) - exact.pdStderr) <= 1e-5 * exact.pdStderr)
        #expect(abs(try #require(fit.rhoStderr) - exact.rhoStderr) <= 1e-5 * exact.rhoStderr)
        let (lower, upper) = exact.rhoInterval()
        #expect(abs(fit.rhoInterval.lower - lower) <= 1e-7 * lower)
        #expect(abs(fit.rhoInterval.upper - upper) <= 1e-7 * upper)
        #expect(!fit.rhoInterval.lowerIsOpen && !fit.rhoInterval.upperIsOpen)
        #expect(fit.identification == .identified)
    }

    /// max over ρ of log L(pd, ρ) by a fine grid in logit ρ refined by golden sections: a
    /// different optimiser from the implementation's.
    static func profileOverRho(_ likelihood: VasicekLikelihood, pd: Double) throws -> Double {
        var best = -Double.infinity, bestT = 0.0
        for k in 0...400 {
            let t = -10 + Double(k) * 0.025
            let value = try likelihood.logLikelihood(pd: pd, rho: 1 / (1 + exp(-t)))
            if value > best { best = value; bestT = t }
        }
        var (a, b) = (bestT - 0.025, bestT + 0.025)
        for _ in 0..<80 {
            let m1 = a + 0.382 * (b - a), m2 = a + 0.618 * (b - a)
            if try likelihood.logLikelihood(pd: pd, rho: 1 / (1 + exp(-m1))) > likelihood.logLikelihood(pd: pd, rho: 1 / (1 + exp(-m2))) { b = m2 } else { a = m1 }
        }
        return try likelihood.logLikelihood(pd: pd, rho: 1 / (1 + exp(-(a + b) / 2)))
    }

    @Test("at each end of the PD interval the profile likelihood is 1.92 below the maximum (rates and counts)")
    func pdIntervalEndsSitOnTheThreshold() throws {
        for series in [VasicekLikelihoodTests.series(rates: VasicekLikelihoodTests.rates),
                       VasicekLikelihoodTests.series(defaults: VasicekLikelihoodTests.defaults, loans: VasicekLikelihoodTests.loans)] {
            let fit = try VasicekCalibration.fit(series)
            let likelihood = VasicekLikelihood(series: series)
            for end in [fit.pdInterval.lower, fit.pdInterval.upper] {
                let drop = fit.logLikelihood - (try Self.profileOverRho(likelihood, pd: end))
                #expect(abs(drop - 3.841458820694124 / 2) <= 1e-6, "\(fit.model) end \(end)")
            }
            #expect(fit.pdInterval.lower < fit.pd && fit.pd < fit.pdInterval.upper)
        }
    }

    @Test("with counts, no other (pd, rho) on a grid around the fit has a higher likelihood")
    func countsFitIsTheMaximum() throws {
        let series = VasicekLikelihoodTests.series(defaults: VasicekLikelihoodTests.defaults, loans: VasicekLikelihoodTests.loans)
        let fit = try VasicekCalibration.fit(series)
        #expect(fit.model == .binomialMixture)
        let likelihood = VasicekLikelihood(series: series)
        for i in -3...3 {
            for j in -3...3 where i != 0 || j != 0 {
                let pd = fit.pd * (1 + 0.002 * Double(i)), rho = fit.rho * (1 + 0.002 * Double(j))
                #expect(try likelihood.logLikelihood(pd: pd, rho: rho) < fit.logLikelihood)
            }
        }
        #expect(try #require(fit.rhoStderr) > 0)
        #expect(fit.rhoInterval.lower < fit.rho && fit.rho < fit.rhoInterval.upper)
    }

    /// One simulated Vasicek history: each year a factor z, the conditional PD p(z), and for
    /// counts a binomial draw of defaults.
    static func simulate(pd: Double, rho: Double, years: Int, loans: Int?, seed: UInt64) -> DefaultRateSeries {
        let stream = RandomStream(seed: seed, stream: 0)
        let c = GSL.normalQuantile(pd)
        var rates: [Double] = [], defaults: [Int] = []
        for _ in 0..<years {
            let p = GSL.normalCDF((c - rho.squareRoot() * stream.gaussian()) / (1 - rho).squareRoot())
            if let loans { defaults.append(stream.binomial(n: loans, p: p)) } else { rates.append(p) }
        }
        let observations: DefaultRateSeries.Observations = loans.map { .counts(defaults: defaults, loans: Array(repeating: $0, count: years)) } ?? .rates(rates)
        return DefaultRateSeries(file: "simulated", years: Array(1990..<(1990 + years)), observations: observations, convertedFromNPL: false)
    }

    @Test("known parameters are recovered from simulated series, within 4 standard errors and inside the 95% intervals",
          arguments: [(nil, 60, UInt64(11)), (Optional(3000), 30, UInt64(12))])
    func recoversKnownParameters(loans: Int?, years: Int, seed: UInt64) throws {
        let series = Self.simulate(pd: 0.025, rho: 0.12, years: years, loans: loans, seed: seed)
        let fit = try VasicekCalibration.fit(series)
        #expect(abs(fit.pd - 0.025) <= 4 * (try #require(fit.pdStderr)))
        #expect(abs(fit.rho - 0.12) <= 4 * (try #require(fit.rhoStderr)))
        #expect(fit.pdInterval.lower < 0.025 && 0.025 < fit.pdInterval.upper)
        #expect(fit.rhoInterval.lower < 0.12 && 0.12 < fit.rhoInterval.upper)
        #expect(fit.identification == .identified)
    }

    @Test("a series shorter than 7 years, or without dispersion beyond binomial noise, is said not to identify rho")
    func tooShortOrFlatIsNotIdentified() throws {
        let short = try VasicekCalibration.fit(VasicekLikelihoodTests.series(rates: [0.01, 0.03, 0.02, 0.015, 0.04, 0.012]))
        guard case .notIdentified(let why) = short.identification else { Issue.record("6 years identified rho"); return }
        #expect(why.contains("6 years; at least 7 are needed"))

        // Ten years with exactly the expected 20 defaults out of 1000: no sign of correlation.
        let flat = try VasicekCalibration.fit(VasicekLikelihoodTests.series(defaults: Array(repeating: 20, count: 10),
                                                                              loans: Array(repeating: 1000, count: 10)))
        #expect(flat.rhoInterval.lowerIsOpen)
        #expect(flat.rhoStderr == nil)
        guard case .notIdentified(let reason) = flat.identification else { Issue.record("a flat series identified rho"); return }
        #expect(reason.contains("told apart from 0"))
        #expect(abs(flat.pd - 0.02) <= 1e-4)
    }

    @Test("identical default rates in every year are refused: the large-portfolio likelihood is unbounded")
    func constantRatesAreRefused() {
        #expect(throws: ScenarioError.self) { _ = try VasicekCalibration.fit(VasicekLikelihoodTests.series(rates: [0.02, 0.02, 0.02])) }
    }
}
