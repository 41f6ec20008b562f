@testable import RiskShareReports
@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The same scenario and seed give bit-identical results whatever the thread count.
@Suite struct DeterminismTests {
    @Test("1, 2 and 7 threads give identical per-path results and identical reports")
    func threadCountDoesNotMatter() throws {
        let yaml = """
        simulation: {paths: 5500, seed: 99, horizon_years: 2, block_paths: 500}
        economy: {factors: [economy, ai], copula: t, dof: 6, persistence: 0.4}
        portfolio:
          renewal: true
          segments:
            - {name: a, count: 500, exposure: {distribution: lognormal, median: 3.0e6, sigma: 0.8}, pd: 0.08, lgd: {mean: 0.6, sd: 0.2}, loadings: {economy: 0.3, ai: 0.3}}
            - {name: b, count: 800, exposure: 1.0e6, pd: 0.02, lgd: {mean: 0.45, sd: 0.1}, first_loan_share: 0.5, loadings: {economy: 0.4}}
        """
        let simulation = Simulation(scenario: try TestScenarios.load(yaml))
        let tables = [1, 2, 7].map { simulation.run(threads: $0)! }
        for table in tables.dropFirst() {
            #expect(table.columns == tables[0].columns)
        }
        let reports = zip([1, 2, 7], tables).map { threads, table in
            ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 1, elapsedSeconds: 0)).json.rendered()
        }
        #expect(Set(reports).count == 1)
    }

    @Test("a different seed gives different paths")
    func seedMatters() throws {
        let yaml = "simulation: {paths: 300, seed: SEED}\nportfolio: {segments: [{name: a, count: 100, exposure: 1, pd: 0.1, lgd: 1}]}"
        let a = try TestScenarios.run(yaml.replacingOccurrences(of: "SEED", with: "1")).1
        let b = try TestScenarios.run(yaml.replacingOccurrences(of: "SEED", with: "2")).1
        #expect(a["defaults"] != b["defaults"])
    }
}
