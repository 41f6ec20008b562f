import Foundation
import FoundationXML
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

#if canImport(FoundationXML)
#endif

/// The renderers on a report made by the real risk-sharing engine (guarantee, pool, tolerance),
/// rather than on the synthetic sections of ReportFixtures: the schema accepts it, every shown
/// number agrees with it, and the HTML draws the pool's fan chart from the engine's columns.
@Suite struct EngineRiskSharingReportTests {
    static let yaml = """
    name: engine-risk-sharing
    currency: CNY
    simulation: {paths: 2000, seed: 7, horizon_years: 3}
    economy: {factors: [economy], persistence: 0.3}
    portfolio:
      renewal: true
      segments:
        - {name: startup, count: 200, exposure: 3.0e6, pd: 0.06, lgd: 0.6, interest_rate: 0.04, loadings: {economy: 0.4}}
        - {name: growth, count: 100, exposure: 5.0e6, pd: 0.02, lgd: 0.4, loadings: {economy: 0.4}}
    risk_sharing:
      layers:
        - type: guarantee
          segments: [startup]
          shares: {bank: 0.2, guarantor: 0.4, provincial: 0.4}
          fee_rate: 0.01
        - type: compensation_pool
          payer: pool
          initial_balance: 2.0e7
          ratio: 0.3
          annual_cap: 1.0e7
          shortfall: pro_rata
      subsidies:
        - {type: interest, payer: government, rate: 0.5}
      tolerance: {base_npl: 0.011, margin: 0.03}
    """

    static func run(_ text: String = yaml) throws -> (Report, PathTable) {
        let (simulation, table) = try TestScenarios.run(text, threads: 1)
        return (ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 1, elapsedSeconds: 0)), table)
    }

    @Test("an engine report with pools and tolerance validates, reads back and renders every chart")
    func engineReport() throws {
        let (report, table) = try Self.run()
        let json = try JSONValue.parse(report.json.rendered())
        let validator = try SchemaValidator(file: ReportFixtures.schemaFile)
        let violations = validator.violations(of: json)
        #expect(violations.isEmpty, "\(violations.prefix(5).map(\.description))")

        for language in ReportLanguage.allCases {
            let document = MarkdownReport.document(for: report, language: language)
            try ShownNumbersTests.check(text: document.markdown(), shown: document.shown, report: report, language: language)
        }
        let markdown = MarkdownReport.render(report: report)
        #expect(markdown.contains("## Compensation pools"))
        #expect(markdown.contains("## NPL tolerance"))
        #expect(markdown.contains("## Fiscal cost"))
        #expect(markdown.contains("## Caps and limits"))

        let html = HTMLReport.render(report: report, table: table)
        // RISKSHARE_HTML_OUT=DIR keeps the page and its Markdown for a look.
        if let directory = ProcessInfo.processInfo.environment["RISKSHARE_HTML_OUT"] {
            try html.write(toFile: directory + "/engine-risk-sharing.html", atomically: true, encoding: .utf8)
            try markdown.write(toFile: directory + "/engine-risk-sharing.md", atomically: true, encoding: .utf8)
        }
        let (ok, collector, error) = HTMLReportTests.parse(html)
        #expect(ok, "not well-formed: \(error)")
        #expect(!html.contains("http"))
        #expect(collector.emptyPaths == 0)
        // Histograms for gross and each party, exceedance, allocation, NPL, one fan per pool.
        let parties = report.parties.count
        let pools = report.pools.count
        #expect(pools == 1)
        // Plus the histogram of the public cost, the caps-by-year chart and the contributions by segment.
        #expect(collector.svgCount == 1 + parties + 3 + pools + 1 + (report.caps.isEmpty ? 0 : 1) + 1)
        #expect(html.contains("5-95% of paths"))

        let csv = CSVReport.render(report: report)
        #expect(csv.contains("\npool,pool,exhausted,,probability,"))
        #expect(csv.contains("\ntolerance,,breach_any,,probability,"))
    }

    @Test("a party that only pays subsidies is under fiscal with its subsidy distribution, not under parties")
    func subsidyOnlyPayer() throws {
        let (report, table) = try Self.run()
        #expect(report.parties.map(\.name) == ["bank", "guarantor", "provincial", "pool"])
        let payer = try #require(report.fiscal?.subsidies.first)
        #expect(payer.name == "government" && !payer.bearsLoss)
        #expect(payer.subsidies.mean.value == table.summary("party.government.subsidies").mean)
        #expect(payer.subsidies.mean.value > 0)
        // Its zero loss columns still exist for the waterfall's bookkeeping; the report leaves them out.
        #expect(table["party.government.loss"].allSatisfy { $0 == 0 })
    }

    @Test("a cap binds on a path exactly when it binds in one of its years, and names the party whose limit it is")
    func capsByYear() throws {
        let (report, table) = try Self.run()
        let cap = try #require(report.caps.first)
        #expect(cap.layerType == "compensation_pool" && cap.parties == ["pool"])
        #expect(cap.bindsByYear.count == 3)
        let any = table["cap.1.bound"]
        let years = (1...3).map { table["cap.1.bound.y\($0)"] }
        for row in 0..<table.rowCount {
            #expect(any[row] == (years.contains { $0[row] > 0.5 } ? 1 : 0))
        }
        #expect(cap.binds.p > 0, "the 10m annual cap binds on some paths")
        #expect(cap.bindsByYear.allSatisfy { $0.p <= cap.binds.p })
    }

    @Test("party, layer and segment names in Chinese are accepted and reported")
    func chineseNames() throws {
        let text = """
        name: 中文
        simulation: {paths: 500, seed: 3, horizon_years: 1}
        economy: {factors: [宏观]}
        portfolio:
          segments:
            - {name: 初创期信用贷, count: 100, exposure: 1.0e6, pd: 0.05, lgd: 0.6, loadings: {宏观: 0.4}}
        risk_sharing:
          layers:
            - {type: guarantee, name: 担保, shares: {bank: 0.3, 担保公司: 0.7}}
        """
        let (report, _) = try Self.run(text)
        #expect(report.parties.map(\.name) == ["bank", "担保公司"])
        #expect(report.terms.layers.first?.key == "担保")
        #expect(report.terms.segments.first?.key == "初创期信用贷")
        let json = try JSONValue.parse(report.json.rendered())
        #expect(try SchemaValidator(file: ReportFixtures.schemaFile).violations(of: json).isEmpty)
        #expect(MarkdownReport.render(report: report, language: .zh).contains("`担保公司` 承担的损失"))
    }
}
