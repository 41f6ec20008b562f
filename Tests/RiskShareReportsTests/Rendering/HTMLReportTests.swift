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
        /// Fill and stroke colours used in each SVG.
        var colorsPerSVG: [Set<String>] = []
        /// Legend entries of each SVG: the colour of the mark drawn just before each text.
        var legendColorsPerSVG: [[String: String]] = []
        var lastColor: String?
        var inSVG = false
        var currentText = ""
        var elements: [String: Int] = [:]
        /// `id`s of the <section> elements, in page order.
        var sectionIDs: [String] = []
        /// `href`s of the contents list.
        var links: [String] = []
        /// Swatch colour and the code text right after it, in tables.
        var swatches: [(color: String, name: String)] = []
        var pendingSwatch: String?
        var inCode = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements[name, default: 0] += 1
            if name == "svg" {
                svgCount += 1; inSVG = true; pathsPerSVG.append(0); textsPerSVG.append([]); colorsPerSVG.append([])
                legendColorsPerSVG.append([:])
            }
            if name == "path", inSVG {
                pathsPerSVG[pathsPerSVG.count - 1] += 1
                if (attributes["d"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty { emptyPaths += 1 }
                for key in ["fill", "stroke"] {
                    if let color = attributes[key], color.hasPrefix("#") { colorsPerSVG[colorsPerSVG.count - 1].insert(color) }
                }
                lastColor = attributes["stroke"].flatMap { $0.hasPrefix("#") ? $0 : nil } ?? attributes["fill"]
            }
            if name == "section", let id = attributes["id"] { sectionIDs.append(id) }
            if name == "a", let href = attributes["href"] { links.append(href) }
            if name == "span", attributes["class"] == "swatch", let style = attributes["style"] {
                pendingSwatch = style.replacingOccurrences(of: "background:", with: "")
            }
            if name == "code" { inCode = true }
            currentText = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { currentText += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text", inSVG {
                textsPerSVG[textsPerSVG.count - 1].append(currentText)
                if let lastColor { legendColorsPerSVG[legendColorsPerSVG.count - 1][currentText] = lastColor }
            }
            if name == "svg" { inSVG = false }
            if name == "code" {
                inCode = false
                if let color = pendingSwatch { swatches.append((color, currentText)); pendingSwatch = nil }
            }
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
        let run = riskSharing ? try EngineRiskSharingReportTests.run() : (ReportFixtures.golden.report, ReportFixtures.golden.table)
        let html = HTMLReport.render(report: run.0, table: run.1)
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
        // Golden run: histograms of gross loss and bank, exceedance, allocation, NPL by year, and
        // the contributions by segment. With risk sharing: also the guarantor, provincial and pool
        // histograms, the pool's fan chart, the caps-by-year chart and the public-cost histogram.
        let expected = riskSharing ? 12 : 6
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
            #expect(allTexts.contains { $0.hasPrefix("tolerance 4.10%") })
            #expect(allTexts.contains { $0.hasPrefix("Pool pool: balance at year end, exhausted on") })
        }
    }

    @Test("the page has the same text as report.md")
    func sameContentAsMarkdown() {
        let report = HandBuiltReports.scheme()
        let document = MarkdownReport.document(for: report)
        let html = HTMLReport.render(report: report, table: nil)
        for block in document.blocks {
            if case .table(let header, let rows, _) = block {
                for cell in (header + rows.joined()) where !cell.contains("`") {
                    #expect(html.contains(HTMLReport.escape(cell)), "cell \(cell) missing")
                }
            }
        }
    }

    @Test("mean, VaR and ES markers carry the model's numbers in the unit of the chart")
    func markersUseReportedNumbers() throws {
        let run = ReportFixtures.golden
        let html = HTMLReport.render(report: run.report, table: run.table)
        let stat = run.report.grossLoss
        let unit = MoneyUnit.fitting(max(abs(stat.mean.value), stat.maximum), currency: "CNY", language: .en)
        func shown(_ x: Double) -> String { GroupedNumber.format(x / unit.scale, decimals: unit.decimals) + unit.suffix }
        let level = try #require(stat.level(0.99))
        #expect(html.contains(">mean \(shown(stat.mean.value))</text>"))
        #expect(html.contains(">VaR 99% \(shown(level.valueAtRisk))</text>"))
        #expect(html.contains(">ES 99% \(shown(level.expectedShortfall.value))</text>"))
        #expect(html.contains(">Loss over the horizon (\(unit.label))</text>"))
    }

    @Test("without the per-path table the page still renders, drawing what report.json allows")
    func withoutPaths() {
        let html = HTMLReport.render(report: HandBuiltReports.scheme(), table: nil)
        let (ok, collector, error) = Self.parse(html)
        #expect(ok, "not well-formed: \(error)")
        // No histograms; exceedance from the levels, allocation, pool fan, NPL, caps and the
        // contributions by segment from the model.
        #expect(collector.svgCount == 6)
        #expect(collector.emptyPaths == 0)
    }

    @Test("--lang zh sets lang=\"zh-CN\" and writes the Chinese text")
    func chinese() {
        let html = HTMLReport.render(report: HandBuiltReports.scheme(), table: nil, language: .zh)
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(html.contains("<section id=\"key-findings\">\n<h2>主要结论</h2>"))
        #expect(HTMLReport.render(report: HandBuiltReports.scheme(), table: nil).contains("<section id=\"scheme-terms\">\n<h2>Scheme terms and assumptions</h2>"))
    }

    @Test("key findings come first, then the scheme terms, then the detail; the contents list links every section")
    func order() throws {
        let (report, table) = try EngineRiskSharingReportTests.run()
        for language in ReportLanguage.allCases {
            let html = HTMLReport.render(report: report, table: table, language: language)
            let (ok, collector, error) = Self.parse(html)
            #expect(ok, "not well-formed: \(error)")
            #expect(Array(collector.sectionIDs.prefix(2)) == ["key-findings", "scheme-terms"])
            #expect(collector.sectionIDs.count >= 8)
            #expect(collector.links == collector.sectionIDs.map { "#" + $0 })
            #expect(Set(collector.sectionIDs).count == collector.sectionIDs.count, "section ids are unique")
            #expect(html.contains("<nav id=\"contents\""))
        }
    }

    @Test("each party has one colour in every chart and table, and no two parties share one")
    func partyColours() throws {
        let (report, table) = try EngineRiskSharingReportTests.run()
        let html = HTMLReport.render(report: report, table: table)
        let (_, collector, _) = Self.parse(html)
        var colourOf: [String: String] = [:]
        for swatch in collector.swatches {
            if let known = colourOf[swatch.name] { #expect(known == swatch.color, "\(swatch.name) has two colours in the tables") }
            colourOf[swatch.name] = swatch.color
        }
        #expect(Set(report.parties.map(\.name)).isSubset(of: Set(colourOf.keys)), "every party has a swatch: \(colourOf)")
        #expect(Set(colourOf.values).count == colourOf.count, "distinct colours: \(colourOf)")
        for (i, texts) in collector.textsPerSVG.enumerated() {
            let title = texts.first ?? ""
            for party in report.parties {
                // The party's histogram is drawn in its colour, and no other party's colour.
                if title.hasPrefix("Loss borne by \(party.name):") {
                    #expect(collector.colorsPerSVG[i].contains(colourOf[party.name]!), "\(title)")
                    let others = report.parties.filter { $0.name != party.name }.compactMap { colourOf[$0.name] }
                    #expect(collector.colorsPerSVG[i].isDisjoint(with: others), "\(title)")
                }
                // Legends name parties with their colour (allocation, exceedance).
                if let legend = collector.legendColorsPerSVG[i][party.name] {
                    #expect(legend == colourOf[party.name], "\(party.name) in \(title)")
                }
            }
        }
    }

    @Test("amounts are shown in the unit that fits each quantity and never with an exponent")
    func unitsPerQuantity() throws {
        let (report, table) = try EngineRiskSharingReportTests.run()
        for language in ReportLanguage.allCases {
            let html = HTMLReport.render(report: report, table: table, language: language)
            let (_, collector, _) = Self.parse(html)
            let strings = ReportStrings(language: language)
            for party in report.parties {
                let values = table["party.\(party.name).loss"]
                let unit = MoneyUnit.fitting(max(abs(party.loss.mean.value), values.max() ?? 0), currency: "CNY", language: language)
                let chart = try #require(collector.textsPerSVG.first { $0.first?.contains(party.name) == true && $0.first?.contains("%") == false },
                                         "histogram of \(party.name)")
                #expect(chart.contains(strings.lossAxis(unit.label)), "\(party.name): \(chart)")
            }
            // The text a reader sees (no style sheet, tags, hashes or colours) has no number with an
            // exponent and no nan or inf; "1e-12" is the tie tolerance, written as a constant.
            var text = html
            if let style = text.range(of: "<style>[\\s\\S]*</style>", options: .regularExpression) { text.removeSubrange(style) }
            text = text.replacingOccurrences(of: "<code>[^<]*</code>", with: " ", options: .regularExpression)
                .replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
                .replacingOccurrences(of: "1e-12", with: " ")
            #expect(text.range(of: "[0-9]e[+-]?[0-9]", options: .regularExpression) == nil)
            #expect(text.range(of: "\\b(nan|inf)\\b", options: [.regularExpression, .caseInsensitive]) == nil)
        }
    }

    @Test("the public cost and how often each limit binds by year have their charts")
    func publicCostAndCaps() throws {
        let (report, table) = try EngineRiskSharingReportTests.run()
        #expect(!report.caps.isEmpty)
        let html = HTMLReport.render(report: report, table: table)
        let (_, collector, _) = Self.parse(html)
        let titles = collector.textsPerSVG.compactMap(\.first)
        #expect(titles.contains { $0.hasPrefix("Public cost: distribution over 2,000 paths") })
        let caps = try #require(collector.textsPerSVG.first { $0.first == "How often each limit binds, by year (±2 s.e.)" })
        // Legends wrap onto further lines; joined with spaces they read as one.
        let legend = caps.joined(separator: " ")
        for cap in report.caps { #expect(legend.contains("\(cap.layer): \(cap.parties.joined(separator: ", "))"), "\(caps)") }
    }

    @Test("the page prints well and reads in Chinese fonts: a print style sheet and a CJK fallback")
    func printAndFonts() {
        let html = HTMLReport.render(report: HandBuiltReports.scheme(), table: nil, language: .zh)
        #expect(html.contains("@media print"))
        #expect(html.contains("nav.toc { display: none; }"))
        #expect(html.contains("html:lang(zh) body"))
        for font in ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"] { #expect(html.contains("\"\(font)\"")) }
        #expect(html.contains(".table-wrap { max-width: 100%; overflow-x: auto;"))
    }

    @Test("a chart legend longer than its column continues on the next line, at a space where it can")
    func legendWraps() {
        #expect(SVGChart.wrap("bank", width: 166) == ["bank"])
        // 6.2 px per Latin character: 26 characters fit in 166 px.
        #expect(SVGChart.wrap("sci-tech-plan: national_fund, guarantor", width: 166) == ["sci-tech-plan:", "national_fund, guarantor"])
        let cut = SVGChart.wrap(String(repeating: "x", count: 60), width: 63)
        #expect(cut.count == 6 && cut.allSatisfy { $0.count == 10 })
        #expect(SVGChart.wrap("科技创新再担保计划：国家融资担保基金、省级再担保机构", width: 166).count == 2)
    }

    @Test("text with markup characters is escaped")
    func escaping() {
        #expect(HTMLReport.inline("a < b & `c>d`") == "a &lt; b &amp; <code>c&gt;d</code>")
        #expect(HTMLReport.inline("one ` tick") == "one ` tick")
        #expect(HTMLReport.inline("**Layer 1** `a**b`") == "<strong>Layer 1</strong> <code>a**b</code>")
        #expect(HTMLReport.inline("**Layer 1, `pool`: a pool.**") == "<strong>Layer 1, <code>pool</code>: a pool.</strong>")
        #expect(HTMLReport.inline("2 ** 3") == "2 ** 3")
    }
}
