@testable import RiskShareReports
import Foundation
@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

@Suite("RiskSharing: shipped schemes")
struct RiskSharingSchemeTests {
    static let schemes = ["anhui-4321", "national-standard", "sci-tech-plan-tier1", "sci-tech-plan-tier2",
                          "sci-tech-plan-tier3", "shenzhen-pool", "sba-7a", "cosme-capped", "first-loss-tranche",
                          "germany-guarantee-bank", "japan-responsibility-sharing"]

    @Test("Every scheme loads through include, runs, and conserves the loss", arguments: schemes)
    func scheme(_ name: String) throws {
        let text = try String(contentsOf: schemesFolder().appendingPathComponent("\(name).yaml"), encoding: .utf8)
        #expect(text.contains("[S]") || text.contains("[I]"), "source tags in comments")
        let scenario = try loadScenario(scenarioYAML(riskSharing: "include: [schemes/\(name).yaml, schemes/nfra-tolerance.yaml]", paths: 100))
        #expect(scenario.riskSharing.isPresent)
        #expect(scenario.riskSharing.layers.count == 1)
        #expect(abs((scenario.riskSharing.tolerance?.level ?? 0) - 0.041) < 1e-12)
        let simulation = Simulation(scenario: scenario)
        let table = try #require(simulation.run(threads: 1))
        for row in 0..<table.rowCount {
            let total = simulation.plan.parties.reduce(0.0) { $0 + table.value("party.\($1).loss", row) }
            #expect(abs(total - table.value("gross_loss", row)) <= 1e-9 * max(table.value("gross_loss", row), 1))
        }
        let report = JSONValue.object(simulation.plan.reportSections(table: table, settings: scenario.report))
        #expect(report["fiscal"]?["cost"]?["mean"] != nil)
        #expect(report["tolerance"]?["p_breach_any"] != nil)
    }

    @Test("Sci-tech plan tiers give the national fund 30%, 35% and 40%")
    func tiers() throws {
        for (tier, share) in [(1, 0.3), (2, 0.35), (3, 0.4)] {
            let spec = try loadScenario(scenarioYAML(riskSharing: "include: schemes/sci-tech-plan-tier\(tier).yaml", paths: 10)).riskSharing
            guard case .guarantee(let g) = spec.layers[0] else { Issue.record("tier \(tier) is not a guarantee"); continue }
            let fund = try #require(spec.parties.firstIndex(of: "national_fund"))
            #expect(g.shares.first { $0.party == fund }?.share == share)
            #expect(g.perLoanCap == 3.0e7)
        }
    }
}
