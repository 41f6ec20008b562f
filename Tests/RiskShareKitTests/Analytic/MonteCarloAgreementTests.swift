@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The engine's Monte Carlo and the exact distribution describe the same model: on a
/// heterogeneous loan tape they agree within the Monte Carlo error.
@Suite struct AnalyticMonteCarloAgreementTests {
    /// 200 loans with PDs from 0.1% to 3% and exposures of 1 to 9 × 100,000 (losses are multiples
    /// of 45,000 with LGD 0.45), rho 0.2; plus 100 equal loans with another loading.
    static func scenario(paths: Int) throws -> Scenario {
        var csv = "id,exposure,pd\n"
        for i in 0..<200 {
            let pd = 0.001 + 0.029 * Double((i * 37) % 200) / 199
            csv += "L\(i),\(Double(1 + (i * 7) % 9) * 1e5),\(pd)\n"
        }
        return try TestScenarios.load("""
        simulation: {paths: \(paths), seed: 2024}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: tape, loans_file: loans.csv, lgd: 0.45, loadings: {economy: 0.4472135954999579}}
            - {name: equal, count: 100, exposure: 3.0e5, pd: 0.02, lgd: 0.45, loadings: {economy: 0.3}}
        """, files: ["loans.csv": csv])
    }

    @Test("a 300-loan book with PDs 0.1%-3%: P(L > x), the mean and the quantiles agree with 200,000 Monte Carlo paths")
    func heterogeneousTapeAgreesWithMonteCarlo() throws {
        let scenario = try Self.scenario(paths: 200_000)
        let exact = try SemiAnalyticModel.lossDistribution(scenario: scenario)
        #expect(abs(exact.step - 45_000) < 1e-6)
        #expect(exact.discretisationBound < 1e-6)
        #expect(abs(exact.totalProbability - 1) <= 1e-10)

        // The exact mean is Σ exposure × LGD × PD.
        let book = PortfolioBuilder.build(scenario)
        let expectedLoss = (0..<book.count).reduce(0.0) { $0 + book.exposure[$1] * 0.45 * book.pd[$1] }
        #expect(abs(exact.mean - expectedLoss) <= 1e-9 * expectedLoss)

        let simulated = Simulation(scenario: scenario).run(threads: 2)!.summary("gross_loss")
        #expect(MonteCarlo.agrees(simulated.mean, exact.mean, standardError: simulated.stderr), "MC \(simulated.mean) ± \(simulated.stderr), exact \(exact.mean)")
        let n = Double(simulated.count)
        for q in [0.5, 0.9, 0.99, 0.995, 0.999] {
            // Between lattice points, so that rounding in the simulated sums cannot matter.
            let x = exact.quantile(q) + exact.step / 2
            let p = exact.exceedance(x)
            let se = (p * (1 - p) / n).squareRoot()
            #expect(MonteCarlo.agrees(simulated.exceedance(x).p, p, standardError: se), "x=\(x): MC \(simulated.exceedance(x).p), exact \(p) ± \(se)")
        }
        for q in [0.9, 0.99, 0.999] {
            let interval = simulated.quantileInterval(q)!
            let v = exact.quantile(q)
            let slack = 1e-6 * exact.step
            #expect(interval.lower <= v + slack && v - slack <= interval.upper, "q=\(q): MC interval \(interval), exact \(v)")
        }
    }
}
