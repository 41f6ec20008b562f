import Foundation
@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Importance sampling and quasi-Monte Carlo estimate the tail of a 1,000-loan book: they agree
/// with the exact distribution (conditional convolution and quadrature over the factor) within
/// their standard errors, and importance sampling removes most of plain Monte Carlo's variance.
@Suite(.serialized) struct TailMethodTests {
    /// 1,000 loans, PDs log-uniform in [0.1%, 3%], log-normal exposures in multiples of 500,000
    /// (so losses at LGD 0.45 sit exactly on a 225,000 lattice, which keeps the exact
    /// convolution quick), one factor with rho 0.2.
    static let tape: String = {
        let stream = RandomStream(seed: 7, stream: 0)
        var csv = "id,exposure,pd\n"
        for i in 0..<1000 {
            let pd = exp(log(0.001) + stream.uniform() * (log(0.03) - log(0.001)))
            let units = max(1, Int((4 * exp(0.8 * stream.gaussian())).rounded()))
            csv += "L\(i),\(units * 500_000),\(pd)\n"
        }
        return csv
    }()

    static func yaml(_ simulation: String, exceedance: [Double] = []) -> String {
        """
        simulation: {\(simulation)}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: tape, loans_file: loans.csv, lgd: 0.45, loadings: {economy: 0.4472135954999579}}
        report: {quantiles: [0.999, 0.9999], exceedance: [\(exceedance.map { String($0) }.joined(separator: ", "))]}
        """
    }

    static let exact: LossDistribution = {
        let scenario = try! TestScenarios.load(yaml("paths: 1, method: semi_analytic"), files: ["loans.csv": tape])
        return try! SemiAnalyticModel.lossDistribution(scenario: scenario)
    }()

    @Test("importance sampling at P ≈ 1e-3 and 1e-4: agrees with the exact value and cuts the variance per path by far more than 50x",
          arguments: [0.999, 0.9999])
    func importanceSampling(level: Double) throws {
        let x = Self.exact.quantile(level)
        let p = Self.exact.exceedance(x)
        #expect(p > 0.2 * (1 - level) && p <= 1 - level)
        let paths = 20_000
        let scenario = try TestScenarios.load(Self.yaml("paths: \(paths), seed: 11, method: importance_sampling, importance_sampling: {target_loss: \(x), twist: false}", exceedance: [x]),
                                              files: ["loans.csv": Self.tape])
        let table = Simulation(scenario: scenario).run(threads: 2)!
        let estimate = table.summary("gross_loss").exceedance(x)
        #expect(MonteCarlo.agrees(estimate.p, p, standardError: estimate.stderr), "IS \(estimate.p) ± \(estimate.stderr), exact \(p)")
        let plainVariancePerPath = p * (1 - p)
        let importanceVariancePerPath = estimate.stderr * estimate.stderr * Double(paths)
        let reduction = plainVariancePerPath / importanceVariancePerPath
        #expect(reduction > 100, "variance reduction per path \(reduction)")
        // The likelihood ratio enters means too: the weighted mean loss estimates the true mean.
        let mean = table.summary("gross_loss")
        #expect(MonteCarlo.agrees(mean.mean, Self.exact.mean, standardError: mean.stderr))
    }

    @Test("the Glasserman-Li twist (one year) is unbiased for the tail probability")
    func exponentialTwist() throws {
        let x = Self.exact.quantile(0.999)
        let p = Self.exact.exceedance(x)
        let scenario = try TestScenarios.load(Self.yaml("paths: 4000, seed: 13, method: importance_sampling, importance_sampling: {target_loss: \(x), twist: true}", exceedance: [x]),
                                              files: ["loans.csv": Self.tape])
        let estimate = Simulation(scenario: scenario).run(threads: 2)!.summary("gross_loss").exceedance(x)
        #expect(MonteCarlo.agrees(estimate.p, p, standardError: estimate.stderr), "twisted \(estimate.p) ± \(estimate.stderr), exact \(p)")
        #expect(estimate.stderr < 0.2 * p)
    }

    @Test("randomised QMC on the factor: the mean loss and P(L > VaR 99.9%) agree with the exact values")
    func quasiMonteCarlo() throws {
        let x = Self.exact.quantile(0.999)
        let scenario = try TestScenarios.load(Self.yaml("paths: 32000, seed: 17, block_paths: 1024, method: qmc", exceedance: [x]),
                                              files: ["loans.csv": Self.tape])
        let table = Simulation(scenario: scenario).run(threads: 2)!
        let summary = table.summary("gross_loss")
        #expect(MonteCarlo.agrees(summary.mean, Self.exact.mean, standardError: summary.stderr))
        let e = summary.exceedance(x)
        #expect(MonteCarlo.agrees(e.p, Self.exact.exceedance(x), standardError: e.stderr, bias: 1e-12))
    }

    @Test("QMC refuses more factor dimensions than GSL's Sobol generator supports")
    func qmcDimensionLimit() throws {
        let factors = (0..<9).map { "f\($0)" }
        #expect(throws: ScenarioError.self) {
            _ = try TestScenarios.load("""
            simulation: {paths: 10, horizon_years: 5, method: qmc}
            economy: {factors: [\(factors.joined(separator: ", "))]}
            portfolio: {segments: [{name: a, count: 10, exposure: 1, pd: 0.1, lgd: 1}]}
            """)
        }
    }
}
