import Foundation
import RiskShareTestSupport
import Testing

@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport

/// The report's `contributions` section: for the gross loss and every loss-bearing party, EL and
/// ES contributions by segment, stage, product and cluster add up to the party's EL and ES (the
/// ES being the one the report states for that loss), with and without importance sampling; a
/// party's loss is allocated only to the segments whose losses it bore; every format shows it.
@Suite struct ContributionsReportTests {
    static func yaml(method: String = "") -> String {
        """
        name: contributions-report
        currency: CNY
        simulation: {paths: 4000, seed: 21, horizon_years: 2\(method)}
        economy: {factors: [economy, ai], persistence: 0.2}
        portfolio:
          segments:
            - {name: startup, count: 300, stage: startup, product: credit, exposure: 2.0e6, pd: 0.06, lgd: 0.6, loadings: {economy: 0.2, ai: 0.4}}
            - {name: park, count: 200, stage: startup, product: park, exposure: 1.0e6, pd: 0.04, lgd: 0.5, loadings: {economy: 0.35}}
            - {name: mature, count: 100, stage: mature, product: secured, exposure: 8.0e6, pd: 0.01, lgd: 0.4, loadings: {economy: 0.4}}
        risk_sharing:
          layers:
            - type: guarantee
              segments: [startup]
              shares: {bank: 0.2, fund: 0.8}
            - type: compensation_pool
              payer: pool
              segments: [startup, park]
              initial_balance: 5.0e6
              ratio: 0.3
              shortfall: pro_rata
        report: {quantiles: [0.9, 0.99, 0.999]}
        """
    }

    static func run(_ text: String) throws -> (PathTable, Report) {
        let (simulation, table) = try TestScenarios.run(text, threads: 1)
        return (table, ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 1, elapsedSeconds: 0)))
    }

    /// Every breakdown of every subject adds up to the subject's EL and ES, which are the report's own.
    static func checkAdditivity(_ report: Report) throws {
        let contributions = try #require(report.contributions)
        #expect(contributions.subjects.map(\.name) == ["gross_loss"] + report.parties.map(\.name))
        for subject in contributions.subjects {
            let stat = subject.name == "gross_loss" ? report.grossLoss : try #require(report.party(subject.name)).loss
            #expect(subject.expectedLoss == stat.mean)
            #expect(subject.breakdowns.map(\.tag) == ["segment", "stage", "product", "cluster"])
            for (k, q) in contributions.levels.enumerated() {
                let es = try #require(stat.level(q)).expectedShortfall.value
                #expect(abs(subject.expectedShortfall[k] - es) <= 1e-9 * abs(es), "\(subject.name) ES at \(q)")
                for breakdown in subject.breakdowns {
                    let sum = breakdown.parts.reduce(0) { $0 + $1.expectedShortfall[k].value }
                    #expect(abs(sum - es) <= 1e-9 * abs(es), "\(subject.name) by \(breakdown.tag) at \(q): \(sum) vs \(es)")
                }
            }
            for breakdown in subject.breakdowns {
                let sum = breakdown.parts.reduce(0) { $0 + $1.expectedLoss.value }
                #expect(abs(sum - subject.expectedLoss.value) <= 1e-9 * abs(subject.expectedLoss.value))
            }
        }
    }

    @Test("contributions add up to each loss's EL and its reported ES at every level, to 1e-9")
    func additivity() throws {
        let (_, report) = try Self.run(Self.yaml())
        try Self.checkAdditivity(report)
        let contributions = try #require(report.contributions)
        let gross = try #require(contributions.subjects.first)
        #expect(gross.breakdown("stage")?.parts.map(\.name) == ["startup", "mature"])
        #expect(gross.breakdown("product")?.parts.map(\.name) == ["credit", "park", "secured"])
        // The factor with the largest loading: ai for startup, economy for the others.
        #expect(gross.breakdown("cluster")?.parts.map(\.name) == ["ai", "economy"])
    }

    @Test("under importance sampling the contributions use the likelihood ratios and still add up to the weighted ES")
    func importanceSampling() throws {
        let (table, report) = try Self.run(
            Self.yaml(method: ", method: importance_sampling, importance_sampling: {target_probability: 0.001, twist: false}"))
        #expect(table.weights != nil)
        try Self.checkAdditivity(report)
    }

    @Test(
        "a party's loss goes back to the segments it bore: the fund only to startup, the pool only to startup and park; the parties' EL contributions of a segment make up its gross one"
    )
    func allocatedToTheSegmentsBorne() throws {
        let (table, report) = try Self.run(Self.yaml())
        let contributions = try #require(report.contributions)
        func segment(_ subject: String, _ name: String) throws -> ContributionPart {
            try #require(contributions.subjects.first { $0.name == subject }?.breakdown("segment")?.parts.first { $0.name == name })
        }
        for (k, _) in contributions.levels.enumerated() {
            #expect(try segment("fund", "park").expectedShortfall[k].value == 0)
            #expect(try segment("fund", "mature").expectedShortfall[k].value == 0)
            #expect(try segment("pool", "mature").expectedShortfall[k].value == 0)
        }
        // EL is linear: the parties' EL contributions of a segment make up its gross one. (ES
        // contributions do not: each party's are taken over the tail of its own loss.)
        for name in ["startup", "park", "mature"] {
            let gross = try segment("gross_loss", name).expectedLoss.value
            let parties = try ["bank", "fund", "pool"].reduce(0.0) { $0 + (try segment($1, name).expectedLoss.value) }
            #expect(abs(parties - gross) <= 1e-9 * gross)
        }
        #expect(try segment("fund", "startup").expectedLoss.value > 0)
        // The gross EL contribution of a segment is the mean of its recorded gross loss column.
        #expect(abs(try segment("gross_loss", "park").expectedLoss.value - table.summary("gross_loss.seg.park").mean) <= 1e-6)
    }

    @Test("the section is in report.json (schema-valid), report.csv, report.md and report.html in both languages")
    func everyFormat() throws {
        let (table, report) = try Self.run(Self.yaml())
        let json = try JSONValue.parse(report.json.rendered())
        let violations = try SchemaValidator(file: ReportFixtures.schemaFile).violations(of: json)
        #expect(violations.isEmpty, "\(violations.prefix(5).map(\.description))")
        let part = try #require(json["contributions"]?["bank"]?["segment"]?["startup"])
        #expect(part["expected_loss"]?.doubleValue != nil && part["expected_loss_stderr"]?.doubleValue != nil)
        #expect(part["expected_shortfall"]?["0.99"]?.doubleValue != nil && part["expected_shortfall_stderr"]?["0.99"]?.doubleValue != nil)
        #expect(json["contributions"]?["gross_loss"]?["cluster"]?["ai"] != nil)

        let rows = CSVReport.rows(report: report).filter { $0.section == "contributions" }
        let es = try #require(rows.first { $0.name == "pool/segment/park" && $0.statistic == "expected_shortfall" && $0.level == "0.99" })
        #expect(
            Double(es.value)
                == part["expected_shortfall"].flatMap { _ in
                    report.contributions?.subjects.first { $0.name == "pool" }?.breakdown("segment")?.parts.first { $0.name == "park" }?
                        .expectedShortfall[1].value
                })

        for language in ReportLanguage.allCases {
            let document = MarkdownReport.document(for: report, language: language)
            try ShownNumbersTests.check(text: document.markdown(), shown: document.shown, report: report, language: language)
            #expect(document.shown.contains { $0.pointer == "/contributions/pool/segment/park/expected_shortfall/0.99" })
            #expect(document.shown.contains { $0.pointer == "/contributions/bank/cluster/ai/expected_loss" })
        }
        #expect(MarkdownReport.render(report: report).contains("## Risk contributions"))
        #expect(MarkdownReport.render(report: report, language: .zh).contains("## 风险贡献"))
        let html = HTMLReport.render(report: report, table: table)
        #expect(html.contains("Contributions to expected shortfall by segment"))
    }

    @Test("a book with more cells than the column limit has no contributions, and the report says why")
    func omitted() throws {
        let many = (0..<300).map { "    - {name: s\($0), count: 2, exposure: 1.0e6, pd: 0.05, lgd: 0.5, loadings: {economy: 0.3}}" }
        let (_, report) = try Self.run(
            """
            simulation: {paths: 20, seed: 1}
            economy: {factors: [economy]}
            portfolio:
              segments:
            \(many.joined(separator: "\n"))
            """)
        #expect(report.contributions == nil)
        #expect(report.contributionsOmitted == ContributionsOmission(cells: 300, parties: 1, limit: 256))
        #expect(MarkdownReport.render(report: report).contains("Risk contributions are not computed"))
        #expect(report.json["contributions"] == nil)
    }
}
