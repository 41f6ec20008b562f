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
        - {name: startup, count: 200, exposure: 3.0e6, pd: 0.06, lgd: 0.6, loadings: {economy: 0.4}}
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
          shortfall: pro_rata
      tolerance: {base_npl: 0.011, margin: 0.03}
    """

    static func run() throws -> (JSONValue, PathTable) {
        let (simulation, table) = try TestScenarios.run(yaml, threads: 1)
        return (ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 1, elapsedSeconds: 0)), table)
    }

    @Test("an engine report with pools and tolerance validates, reads back and renders every chart")
    func engineReport() throws {
        let (report, table) = try Self.run()
        let json = try JSONValue.parse(report.rendered())
        let validator = try SchemaValidator(file: ReportFixtures.schemaFile)
        let violations = validator.violations(of: json)
        #expect(violations.isEmpty, "\(violations.prefix(5).map(\.description))")

        let document = MarkdownReport.document(for: report)
        for number in document.shown {
            #expect(ReportNumbersTests.agrees(number, json: json), "\(number.pointer): shown \(number.text)")
        }
        let markdown = document.markdown()
        #expect(markdown.contains("## Compensation pools"))
        #expect(markdown.contains("## NPL tolerance"))
        #expect(markdown.contains("## Fiscal cost"))

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
        let parties = report["parties"]?.members?.count ?? 0
        let pools = report["pools"]?.members?.count ?? 0
        #expect(pools == 1)
        #expect(collector.svgCount == 1 + parties + 3 + pools)
        #expect(html.contains("5-95% of paths"))

        let csv = CSVReport.render(report: report)
        #expect(csv.contains("\npool,pool,exhausted,,probability,"))
        #expect(csv.contains("\ntolerance,,breach_any,,probability,"))
    }
}
