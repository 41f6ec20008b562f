import Foundation
import FoundationXML
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

#if canImport(FoundationXML)
#endif

/// report.html is well-formed (an XML parser reads it), self-contained (nothing to fetch), and
/// has one SVG per chart, each with non-empty paths, titles and axis labels.
@Suite struct HTMLReportTests {
    /// What the XML parser saw.
    final class Collector: NSObject, XMLParserDelegate {
        var svgCount = 0
        var pathsPerSVG: [Int] = []
        var emptyPaths = 0
        var textsPerSVG: [[String]] = []
        var inSVG = false
        var currentText = ""
        var elements: [String: Int] = [:]

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements[name, default: 0] += 1
            if name == "svg" { svgCount += 1; inSVG = true; pathsPerSVG.append(0); textsPerSVG.append([]) }
            if name == "path", inSVG {
                pathsPerSVG[pathsPerSVG.count - 1] += 1
                if (attributes["d"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty { emptyPaths += 1 }
            }
            currentText = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { currentText += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text", inSVG { textsPerSVG[textsPerSVG.count - 1].append(currentText) }
            if name == "svg" { inSVG = false }
        }
    }

    static func parse(_ html: String) -> (ok: Bool, collector: Collector, error: String) {
        let parser = XMLParser(data: Data(html.utf8))
        let collector = Collector()
        parser.delegate = collector
        let ok = parser.parse()
        return (ok, collector, parser.parserError.map { "\($0) line \(parser.lineNumber)" } ?? "")
    }

    @Test("the page parses as XML, references nothing outside itself, and has one SVG per chart",
          arguments: [false, true])
    func wellFormedAndSelfContained(riskSharing: Bool) throws {
        let run = riskSharing ? ReportFixtures.riskSharing : ReportFixtures.golden
        let html = HTMLReport.render(report: run.report, table: run.table)
        // RISKSHARE_HTML_OUT=DIR keeps the pages for a look in a browser.
        if let directory = ProcessInfo.processInfo.environment["RISKSHARE_HTML_OUT"] {
            try html.write(toFile: directory + (riskSharing ? "/risk-sharing.html" : "/report.html"), atomically: true, encoding: .utf8)
        }
        let (ok, collector, error) = Self.parse(html)
        #expect(ok, "not well-formed: \(error)")
        #expect(!html.lowercased().contains("http"))
        for forbidden in ["<script", "<link", "<img", "<iframe", "url(", "@import", "src="] {
            #expect(!html.lowercased().contains(forbidden), "page contains \(forbidden)")
        }
        // Golden run: histograms of gross loss and bank, exceedance, allocation, NPL by year.
        // With risk sharing: also guarantor and pool histograms, and the pool's fan chart.
        let expected = riskSharing ? 8 : 5
        #expect(collector.svgCount == expected)
        #expect(collector.elements["figure"] == expected)
        #expect(collector.pathsPerSVG.allSatisfy { $0 >= 3 })
        #expect(collector.emptyPaths == 0)
        // Every chart has a title, axis labels with units, and tick labels.
        for texts in collector.textsPerSVG {
            #expect(texts.count >= 6)
        }
        let allTexts = collector.textsPerSVG.joined()
        #expect(allTexts.contains("Loss over the horizon (CNY m)"))
        #expect(allTexts.contains("P(loss > x), log scale"))
        #expect(allTexts.contains("NPL ratio"))
        if riskSharing {
            #expect(allTexts.contains { $0.hasPrefix("tolerance 8.00%") })
            #expect(allTexts.contains { $0.hasPrefix("Pool pool: balance at year end, exhausted on") })
        }
    }

    @Test("the page has the same text as report.md")
    func sameContentAsMarkdown() {
        let run = ReportFixtures.riskSharing
        let document = MarkdownReport.document(for: run.report)
        let html = HTMLReport.render(report: run.report, table: run.table)
        for block in document.blocks {
            if case .table(let header, let rows, _) = block {
                for cell in (header + rows.joined()) where !cell.contains("`") {
                    #expect(html.contains(HTMLReport.escape(cell)), "cell \(cell) missing")
                }
            }
        }
    }

    @Test("VaR and ES markers carry the reported numbers")
    func markersUseReportedNumbers() throws {
        let run = ReportFixtures.golden
        let html = HTMLReport.render(report: run.report, table: run.table)
        let numbers = MarkdownNumbers(report: run.report)
        let var99 = try #require(run.report["gross_loss"]?["quantiles"]?["0.99"]?.doubleValue)
        let es99 = try #require(run.report["gross_loss"]?["expected_shortfall"]?["0.99"]?.doubleValue)
        #expect(html.contains(">VaR 99% \(numbers.money(var99))</text>"))
        #expect(html.contains(">ES 99% \(numbers.money(es99))</text>"))
    }

    @Test("without the per-path table the page still renders, drawing what report.json allows")
    func withoutPaths() {
        let html = HTMLReport.render(report: ReportFixtures.riskSharing.report, table: nil)
        let (ok, collector, error) = Self.parse(html)
        #expect(ok, "not well-formed: \(error)")
        // No histograms; exceedance from quantiles, allocation, pool fan and NPL from the STATs.
        #expect(collector.svgCount == 4)
        #expect(collector.emptyPaths == 0)
    }

    @Test("text with markup characters is escaped")
    func escaping() {
        #expect(HTMLReport.inline("a < b & `c>d`") == "a &lt; b &amp; <code>c&gt;d</code>")
        #expect(HTMLReport.inline("one ` tick") == "one ` tick")
    }
}
