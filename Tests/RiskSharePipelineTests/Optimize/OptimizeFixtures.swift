import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport

/// Small scenarios with answers derived by hand, for the design-search specifications.
enum OptimizeFixtures {
    /// Independent equal loans (gross loss L, E[L] = 200 × 1e6 × 0.5 × 0.05 = 5e6) and two
    /// uncapped portfolio guarantees in a row: `national` takes a·L, then `province` takes b of
    /// what the bank still bears, so on every path
    ///     national = a·L,   province = b·(1 - a)·L,   bank = (1 - a)(1 - b)·L.
    /// Every mean is the same expression in the sample mean L̄, so the optimum of a search over
    /// (a, b) on common random numbers is known exactly once L̄ is (see `twoPayerOptimum`).
    static let twoPayers = """
    name: two-payers
    simulation: {paths: 400, seed: 5, horizon_years: 1, block_paths: 200}
    portfolio:
      segments:
        - {name: book, count: 200, exposure: 1.0e6, pd: 0.05, lgd: 0.5}
    risk_sharing:
      layers:
        - {type: portfolio_guarantee, name: national, payer: national, rate: 0.0}
        - {type: portfolio_guarantee, name: province, payer: province, rate: 0.0}
    """

    static let nationalRate = "risk_sharing.layers[national].rate"
    static let provinceRate = "risk_sharing.layers[province].rate"

    /// Minimising national = a·L̄ subject to bank ≤ B and province ≤ P: adding the constraints,
    /// (1 - a)·L̄ ≤ B + P, so a ≥ 1 - (B + P)/L̄; at that a, bank ≤ B needs b ≥ P/(B + P) and
    /// province ≤ P needs b ≤ P/(B + P). Hence a* = 1 - (B + P)/L̄, b* = P/(B + P), and both
    /// constraints hold with equality (valid when B + P ≤ L̄).
    static func twoPayerOptimum(meanLoss: Double, bankLimit: Double, provinceLimit: Double) -> (a: Double, b: Double) {
        (1 - (bankLimit + provinceLimit) / meanLoss, provinceLimit / (bankLimit + provinceLimit))
    }

    /// A one-factor book for frontiers: gross loss with a real tail, one year.
    static let frontierBook = """
    name: frontier-book
    simulation: {paths: 400, seed: 3, horizon_years: 1, block_paths: 200}
    economy: {factors: [economy]}
    portfolio:
      segments:
        - {name: book, count: 200, exposure: 1.0e6, pd: 0.05, lgd: 0.5, loadings: {economy: 0.4}}
    report: {quantiles: [0.5, 0.99]}
    """

    /// Pari passu (the payer takes rate × every loss) and second loss (the payer takes the
    /// cumulative loss above attach × covered volume).
    static let families = """
    families:
      - name: pari-passu
        fragment:
          risk_sharing:
            layers:
              - {type: portfolio_guarantee, name: pari-passu, payer: government, rate: 0.5}
        vary:
          risk_sharing.layers[pari-passu].rate: [0.0, 1.0]
      - name: second-loss
        fragment:
          risk_sharing:
            layers:
              - {type: tranche, name: second-loss, payer: government, attach: 0.05, detach: 1.0}
        vary:
          risk_sharing.layers[second-loss].attach: [0.0, 0.2]
    """

    static func request(_ file: String, threads: Int = 2) -> SweepRequest {
        var request = SweepRequest(scenarioFile: file)
        request.threads = threads
        return request
    }

    /// The full report of `file` as `riskshare run` would compute it.
    static func report(_ file: String, overrides: [String] = []) throws -> JSONValue {
        let scenario = try ScenarioLoader.load(file: file, overrides: overrides)
        let simulation = Simulation(scenario: scenario)
        let table = simulation.run(threads: 2)!
        return ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 2, elapsedSeconds: 0)).json
    }

    static func reading(_ report: JSONValue, _ metric: String) throws -> MetricPath.Reading {
        try MetricPath(metric).read(from: report)
    }
}
