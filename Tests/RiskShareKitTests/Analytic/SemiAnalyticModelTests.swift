@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The semi-analytic loss distribution reproduces closed forms: the binomial for independent
/// defaults, the conditional binomial integral for a finite homogeneous book, the Vasicek limit.
@Suite struct SemiAnalyticModelTests {
    @Test("with zero correlation the loss of 400 equal loans is exactly Binomial(400, PD) (within 1e-12)",
          arguments: ["", "economy: {factors: [economy]}\n"])
    func zeroCorrelationIsBinomial(economy: String) throws {
        let loading = economy.isEmpty ? "" : ", loadings: {economy: 0}"
        let scenario = try TestScenarios.load("""
        \(economy)portfolio:
          segments:
            - {name: book, count: 400, exposure: 1.0e6, pd: 0.02, lgd: 0.5\(loading)}
        """)
        let d = try SemiAnalyticModel.lossDistribution(scenario: scenario)
        #expect(d.step == 5e5)
        #expect(d.discretisationBound == 0)
        #expect(d.quadrature.nodes == 1)
        for k in 0...400 {
            let p = k < d.count ? d.probabilities[k] : 0
            #expect(abs(p - GSL.binomialPMF(k, p: 0.02, n: 400)) <= 1e-12, "k=\(k)")
        }
        #expect(abs(d.totalProbability - 1) <= 1e-10)
    }

    @Test("independent loans of two sizes: the lattice PMF is the convolution of two binomials")
    func independentTwoSizesConvolve() throws {
        let scenario = try TestScenarios.load("""
        portfolio:
          segments:
            - {name: small, count: 50, exposure: 1.0e6, pd: 0.05, lgd: 0.4}
            - {name: large, count: 20, exposure: 3.0e6, pd: 0.1, lgd: 0.4}
        """)
        let d = try SemiAnalyticModel.lossDistribution(scenario: scenario)
        #expect(abs(d.step - 4e5) < 1e-6)
        for k in 0...110 {
            var exact = 0.0
            for large in 0...20 where 3 * large <= k && k - 3 * large <= 50 {
                exact += GSL.binomialPMF(large, p: 0.1, n: 20) * GSL.binomialPMF(k - 3 * large, p: 0.05, n: 50)
            }
            let p = k < d.count ? d.probabilities[k] : 0
            #expect(abs(p - exact) <= 1e-12, "k=\(k)")
        }
    }

    /// 20,000 loans of exposure 1, PD 1%, LGD 1, asset correlation 0.2.
    static let homogeneous = """
    economy: {factors: [economy]}
    portfolio:
      segments:
        - {name: book, count: 20000, exposure: 1, pd: 0.01, lgd: 1, loadings: {economy: 0.4472135954999579}}
    """

    /// P(D > k) = ∫ φ(z) P(Binomial(n, p(z)) > k) dz by GSL's adaptive Gauss-Kronrod integration,
    /// cut at the points where p(z) crosses k/n (where the integrand turns).
    static func conditionalBinomialExceedance(_ k: Int, n: Int, pd: Double, rho: Double) throws -> Double {
        let c = GSL.normalQuantile(pd)
        func p(_ z: Double) -> Double { GSL.normalCDF((c - rho.squareRoot() * z) / (1 - rho).squareRoot()) }
        // z where p(z) = k/n: the integrand's transition.
        let zk = (c - (1 - rho).squareRoot() * GSL.normalQuantile(Double(k) / Double(n))) / rho.squareRoot()
        let cuts = [-9.0, max(-9, zk - 1), min(9, max(-9, zk)), min(9, zk + 1), 9.0]
        var total = 0.0
        for (a, b) in zip(cuts, cuts.dropFirst()) where b > a {
            total += try GSL.integrate(from: a, to: b, absoluteTolerance: 1e-18, relativeTolerance: 1e-12) { z in
                GSL.normalDensity(z) * (1 - GSL.binomialCDF(k, p: p(z), n: n))
            }.value
        }
        return total
    }

    @Test("20,000 equal loans with rho 0.2: P(L > k) equals the conditional binomial integral down to 1e-7 (relative 1e-7)")
    func homogeneousMatchesConditionalBinomialIntegral() throws {
        let d = try SemiAnalyticModel.lossDistribution(scenario: try TestScenarios.load(Self.homogeneous))
        #expect(abs(d.totalProbability - 1) <= 1e-10)
        #expect(d.quadrature.relativeChange! <= 1e-8)
        let deepTail = Int(d.quantile(1 - 1e-7))
        for k in [50, 100, 200, 400, 800, 1500, 2500, deepTail] {
            let exact = try Self.conditionalBinomialExceedance(k, n: 20000, pd: 0.01, rho: 0.2)
            let computed = d.exceedance(Double(k))
            #expect(abs(computed - exact) <= 1e-7 * exact + 1e-15, "k=\(k): semi-analytic \(computed), integral \(exact)")
        }
        // The engine specifications' reference (Simpson on 6000 intervals) agrees too.
        for k in [100, 400] {
            #expect(abs(d.cdf(Double(k)) - Reference.conditionalBinomialCDF(k, n: 20000, pd: 0.01, rho: 0.2)) <= 1e-9)
        }
        // Mean = n·PD exactly (the integral of p(z) is PD).
        #expect(abs(d.mean - 200) <= 1e-9 * 200)
    }

    @Test("the 99%, 99.9% and 99.99% quantiles of 20,000 equal loans lie within 2% of the Vasicek large-portfolio quantile")
    func nearVasicek() throws {
        let d = try SemiAnalyticModel.lossDistribution(scenario: try TestScenarios.load(Self.homogeneous))
        for q in [0.99, 0.999, 0.9999] {
            let vasicek = Reference.vasicekQuantile(q, pd: 0.01, rho: 0.2) * 20000
            #expect(abs(d.quantile(q) / vasicek - 1) <= 0.02, "q=\(q): \(d.quantile(q)) vs Vasicek \(vasicek)")
        }
    }

    @Test("composite Gauss-Legendre (GSL glfixed, 300 × 8 nodes) and the adaptive trapezoid agree to 1e-9 relative in the tail")
    func quadratureRulesAgree() throws {
        let scenario = try TestScenarios.load("""
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: a, count: 2000, exposure: 1.0e6, pd: 0.02, lgd: 0.5, loadings: {economy: 0.4}}
            - {name: b, count: 500, exposure: 2.0e6, pd: 0.005, lgd: 0.5, loadings: {economy: 0.5}}
        """)
        let adaptive = try SemiAnalyticModel.lossDistribution(scenario: scenario)
        let legendre = try SemiAnalyticModel.lossDistribution(
            scenario: scenario, options: .init(quadrature: .gaussLegendre(panels: 300, order: 8)))
        #expect(legendre.quadrature.nodes == 2400)
        for q in [0.5, 0.9, 0.99, 0.999, 0.9999, 0.999999] {
            let x = adaptive.quantile(q)
            let (a, b) = (adaptive.exceedance(x), legendre.exceedance(x))
            #expect(abs(a - b) <= 1e-9 * b + 1e-16, "q=\(q): adaptive \(a), Gauss-Legendre \(b)")
            #expect(legendre.quantile(q) == x)
        }
    }

    @Test("a Beta LGD discretised into 8 equally likely points keeps the mean and agrees with 100,000 Monte Carlo paths")
    func betaLGDKeepsTheMean() throws {
        let scenario = try TestScenarios.load("""
        simulation: {paths: 100000, seed: 5}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: book, count: 300, exposure: 1.0e6, pd: 0.02, lgd: {mean: 0.45, sd: 0.2}, loadings: {economy: 0.45}}
        """)
        let d = try SemiAnalyticModel.lossDistribution(scenario: scenario, options: .init(step: 1e4, lgdPoints: 8))
        #expect(d.lgdDiscretised)
        #expect(abs(d.totalProbability - 1) <= 1e-10)
        // Rounding each LGD point to the lattice moves the mean by at most the discretisation bound × PD.
        let exactMean = 300 * 1.0e6 * 0.02 * 0.45
        #expect(abs(d.mean - exactMean) <= 1e-8 * exactMean + d.discretisationBound * 0.02)
        #expect(d.discretisationBound <= 300 * d.step / 2)
        // The discretised LGD keeps the tail within the Monte Carlo error (Beta draws in the engine).
        let simulated = Simulation(scenario: scenario).run(threads: 2)!.summary("gross_loss")
        for q in [0.5, 0.9, 0.99, 0.999] {
            let x = d.quantile(q) + d.step / 2
            let p = d.exceedance(x)
            let se = (p * (1 - p) / Double(simulated.count)).squareRoot()
            #expect(MonteCarlo.agrees(simulated.exceedance(x).p, p, standardError: se), "x=\(x): MC \(simulated.exceedance(x).p), semi-analytic \(p) ± \(se)")
        }
    }
}
