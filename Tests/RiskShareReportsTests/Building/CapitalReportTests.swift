import Foundation
import RiskShareTestSupport
import Testing

@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport

/// The report's `capital` section: present exactly when the scenario has a `capital` section,
/// its numbers are those of the core's computations on the run's own book and paths, and every
/// format shows them.
@Suite struct CapitalReportTests {
    static let yaml = """
        name: capital-report
        currency: CNY
        simulation: {paths: 3000, seed: 11, horizon_years: 2}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: startup, count: 300, exposure: 2.0e6, pd: 0.05, lgd: 0.6, loadings: {economy: 0.4}}
            - {name: mature, count: 100, exposure: 8.0e6, pd: 0.01, lgd: 0.4, loadings: {economy: 0.4}}
        risk_sharing:
          layers:
            - type: guarantee
              segments: [startup]
              shares: {bank: 0.2, national_fund: 0.8}
              fee_rate: 0.01
        capital:
          approach: standardised
          risk_weights: {startup: 0.75, mature: 1.0}
          guarantor_risk_weights: {national_fund: 0.0}
        """

    static func run(_ text: String = yaml) throws -> (Simulation, PathTable, Report) {
        let (simulation, table) = try TestScenarios.run(text, threads: 1)
        return (simulation, table, ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 1, elapsedSeconds: 0)))
    }

    @Test("regulatory capital by hand: startup 600m at 75%, 80% of it substituted at 0%; mature 800m at 100%")
    func regulatoryByHand() throws {
        let (_, _, report) = try Self.run()
        let capital = try #require(report.capital)
        let r = capital.regulatory
        // Before: 300 × 2m × 0.75 + 100 × 8m × 1.0 = 450m + 800m; after: the startup loans keep
        // 20% at 75% (90m), the national fund's 80% takes 0%.
        #expect(abs(r.rwaBefore - 1.25e9) < 1e-3)
        #expect(abs(r.rwaAfter - 0.89e9) < 1e-3)
        #expect(abs(r.capitalBefore - 0.08 * 1.25e9) < 1e-3)
        #expect(abs(r.relief - 0.08 * 0.36e9) < 1e-3)
        let cost = try #require(report.fiscal?.cost.mean.value)
        #expect(capital.expectedPublicCost == cost)
        #expect(abs(try #require(r.reliefPerPublicCost) - r.relief / cost) <= 1e-12 * r.relief / cost)
        #expect(r.providers.map(\.party) == ["national_fund"])
        #expect(abs(r.providers[0].protectedExposure - 0.8 * 6e8) < 1e-3)
    }

    @Test("economic capital is VaR 99.9% minus EL and ES 99% of the gross loss (before) and the bank's loss (after)")
    func economicFromPaths() throws {
        let (_, table, report) = try Self.run()
        let economic = try #require(report.capital?.economic)
        let gross = table.summary("gross_loss"), bank = table.summary("party.bank.loss")
        #expect(economic.before.unexpectedLoss == gross.quantile(0.999) - gross.mean)
        #expect(economic.after.unexpectedLoss == bank.quantile(0.999) - bank.mean)
        #expect(economic.before.expectedShortfall.value == gross.expectedShortfall(0.99))
        #expect(economic.after.expectedShortfall.stderr == bank.expectedShortfallStderr(0.99))
        #expect(economic.after.expectedLoss.value == bank.mean)
        let interval = try #require(economic.before.unexpectedLossCI95)
        #expect(interval.lower <= economic.before.unexpectedLoss && economic.before.unexpectedLoss <= interval.upper)
        #expect(try #require(economic.before.unexpectedLossStderr) == (interval.upper - interval.lower) / (2 * 1.959964))
        // Risk sharing moves loss away from the bank: its tail is lighter than the gross loss's.
        #expect(economic.after.expectedShortfall.value < economic.before.expectedShortfall.value)
    }

    @Test(
        "the section is in report.json (schema-valid), report.csv, report.md and the summary in both languages, and absent without a capital section"
    )
    func everyFormat() throws {
        let (_, table, report) = try Self.run()
        let json = try JSONValue.parse(report.json.rendered())
        let violations = try SchemaValidator(file: ReportFixtures.schemaFile).violations(of: json)
        #expect(violations.isEmpty, "\(violations.prefix(5).map(\.description))")
        let regulatory = try #require(json["capital"]?["regulatory"])
        for key in ["approach", "rwa_before", "rwa_after", "capital_before", "capital_after", "relief", "relief_per_public_cost"] {
            #expect(regulatory[key] != nil, "capital.regulatory.\(key)")
        }
        #expect(regulatory["relief"]?.doubleValue == report.capital?.regulatory.relief)
        #expect(json["capital"]?["economic"]?["after"]?["unexpected_loss_stderr"]?.doubleValue != nil)

        let rows = CSVReport.rows(report: report)
        let relief = try #require(rows.first { $0.section == "capital_regulatory" && $0.quantity == "relief" })
        #expect(Double(relief.value) == report.capital?.regulatory.relief)
        #expect(
            rows.contains {
                $0.section == "capital_economic" && $0.name == "after" && $0.quantity == "unexpected_loss" && $0.level == "0.999"
            })

        for language in ReportLanguage.allCases {
            let document = MarkdownReport.document(for: report, language: language)
            try ShownNumbersTests.check(text: document.markdown(), shown: document.shown, report: report, language: language)
            #expect(document.shown.contains { $0.pointer == "/capital/regulatory/relief" })
            #expect(document.shown.contains { $0.pointer == "/capital/economic/after/unexpected_loss" })
            let summary = TextSummary.document(report: report, language: language)
            #expect(summary.shown.contains { $0.pointer == "/capital/regulatory/relief" })
        }
        #expect(MarkdownReport.render(report: report).contains("## Capital"))
        #expect(MarkdownReport.render(report: report, language: .zh).contains("## 资本"))
        #expect(HTMLReport.render(report: report, table: table).contains("Regulatory capital"))

        let (_, _, plain) = try Self.run(Self.yaml.components(separatedBy: "capital:\n")[0])
        #expect(plain.capital == nil)
        #expect(plain.json["capital"] == nil)
    }
}
