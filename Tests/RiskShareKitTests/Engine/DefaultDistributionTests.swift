@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The engine's default distribution agrees with closed forms: the conditional binomial for a
/// finite homogeneous portfolio, the binomial for independent defaults, the Vasicek limit.
@Suite struct DefaultDistributionTests {
    static let homogeneous = """
    name: homogeneous
    simulation: {paths: 20000, seed: 11, horizon_years: 1}
    economy: {factors: [economy]}
    portfolio:
      segments:
        - name: book
          count: 20000
          exposure: 1
          pd: 0.01
          lgd: 1
          loadings: {economy: 0.4472135954999579}   # rho = 0.2
    """

    @Test("20,000 equal loans with rho 0.2: P(D <= k) matches the conditional binomial within 4 standard errors")
    func homogeneousMatchesConditionalBinomial() throws {
        let (_, table) = try TestScenarios.run(Self.homogeneous)
        let defaults = table["defaults"]
        let n = Double(defaults.count)
        for k in [50, 100, 200, 400, 800, 1500] {
            let exact = Reference.conditionalBinomialCDF(k, n: 20000, pd: 0.01, rho: 0.2)
            let simulated = Double(defaults.filter { $0 <= Double(k) }.count) / n
            let se = (exact * (1 - exact) / n).squareRoot()
            #expect(MonteCarlo.agrees(simulated, exact, standardError: se, bias: 1e-12), "k=\(k): simulated \(simulated), exact \(exact), se \(se)")
        }
    }

    @Test("the 99% and 99.9% loss quantiles approach the Vasicek large-portfolio quantile")
    func approachesVasicek() throws {
        let (_, table) = try TestScenarios.run(Self.homogeneous)
        let summary = table.summary("gross_loss")
        for q in [0.99, 0.999] {
            let vasicek = Reference.vasicekQuantile(q, pd: 0.01, rho: 0.2) * 20000
            let interval = summary.quantileInterval(q)!
            // Granularity of 20,000 loans moves the quantile by well under 2%.
            #expect(interval.lower <= vasicek * 1.02 && interval.upper >= vasicek * 0.98,
                    "q=\(q): CI \(interval), Vasicek \(vasicek)")
        }
    }

    @Test("with no factors the default count is Binomial(n, PD), for the binomial and the skip algorithms",
          arguments: ["1.0e6", "{distribution: lognormal, median: 1.0e6, sigma: 0.5}"])
    func independentDefaultsAreBinomial(exposure: String) throws {
        let yaml = """
        simulation: {paths: 40000, seed: 3}
        portfolio:
          segments:
            - {name: book, count: 1000, exposure: \(exposure), pd: 0.05, lgd: 0.5}
        """
        let (simulation, table) = try TestScenarios.run(yaml)
        #expect(simulation.book.groups.allSatisfy { $0.isHomogeneous == exposure.hasPrefix("1.0e6") })
        let defaults = table["defaults"]
        let n = Double(defaults.count)
        let summary = table.summary("defaults")
        let mean = 1000 * 0.05, variance = 1000 * 0.05 * 0.95
        #expect(MonteCarlo.agrees(summary.mean, mean, standardError: (variance / n).squareRoot()))
        // Variance of the sample variance for a near-normal count: 2σ⁴/(n-1).
        #expect(MonteCarlo.agrees(summary.sd * summary.sd, variance, standardError: (2 * variance * variance / (n - 1)).squareRoot()))
        let tail = 1 - GSL.binomialCDF(65, p: 0.05, n: 1000)
        let simulatedTail = Double(defaults.filter { $0 > 65 }.count) / n
        #expect(MonteCarlo.agrees(simulatedTail, tail, standardError: (tail * (1 - tail) / n).squareRoot()))
    }

    @Test("a Student-t copula has a heavier 99.9% tail than the Gaussian, and converges to it as dof grows")
    func studentTTail() throws {
        func yaml(_ copula: String) -> String {
            """
            simulation: {paths: 20000, seed: 5}
            economy: {factors: [economy], \(copula)}
            portfolio:
              segments:
                - {name: book, count: 2000, exposure: 1, pd: 0.02, lgd: 1, loadings: {economy: 0.4}}
            """
        }
        let gaussian = try TestScenarios.run(yaml("copula: gaussian")).1.summary("gross_loss")
        let t5 = try TestScenarios.run(yaml("copula: t, dof: 5")).1.summary("gross_loss")
        let t1000 = try TestScenarios.run(yaml("copula: t, dof: 100000")).1.summary("gross_loss")
        #expect(t5.quantileInterval(0.999)!.lower > gaussian.quantileInterval(0.999)!.upper)
        // Each marginal PD is preserved by the t thresholds.
        for s in [gaussian, t5, t1000] { #expect(MonteCarlo.agrees(s.mean, 40, standardError: s.stderr)) }
        let g = gaussian.quantileInterval(0.99)!, t = t1000.quantileInterval(0.99)!
        #expect(t.lower <= g.upper && g.lower <= t.upper, "dof 100000: \(t) vs Gaussian \(g)")
    }
}
