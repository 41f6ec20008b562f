import RiskShareKit
import RiskShareSupport

/// report.html: the readable report with its charts, in one self-contained file a regulator
/// can open offline. Same text and numbers as report.md (both come from `MarkdownDocument`),
/// plus inline SVG charts; no scripts, fonts, images or links to fetch.
///
/// The page is written as XHTML-compatible HTML5 (every element closed, only the five XML
/// entities), so it can be checked with an XML parser. There is deliberately no `xmlns`
/// attribute: HTML parsers do not need it, and it would be the page's only URL.
public enum HTMLReport {
    /// The page from the report model and, when available, the run's per-path table.
    public static func render(report model: Report, table: PathTable?, language: ReportLanguage = .en) -> String {
        let document = MarkdownReport.document(for: model, language: language)
        let charts = SVGCharts(report: model, table: table, language: language)
        let colors = PartyColors(report: model)
        let strings = ReportStrings(language: language)
        let name = model.scenario.name
        // The text before the first second-level heading is the page's header; every
        // second-level heading opens a <section> listed in the table of contents.
        var header = ""
        var sections: [(entry: HTMLPage.Entry, body: String)] = []
        var chartNumber = 0
        func emit(_ markup: String) {
            if sections.isEmpty { header += markup } else { sections[sections.count - 1].body += markup }
        }
        for block in document.blocks {
            switch block {
            case let .heading(level, text, given) where level == 2:
                let plain = text.replacingOccurrences(of: "`", with: "")
                var id = given ?? HTMLPage.slug(plain, index: sections.count + 1)
                if sections.contains(where: { $0.entry.id == id }) { id += "-\(sections.count + 1)" }
                sections.append((HTMLPage.Entry(id: id, title: plain), "<h2>\(inline(text))</h2>\n"))
            case let .heading(level, text, id):
                emit("<h\(level)\(id.map { " id=\"\(escape($0))\"" } ?? "")>\(inline(text))</h\(level)>\n")
            case .paragraph(let text):
                emit("<p>\(inline(text))</p>\n")
            case .bullets(let items):
                emit("<ul>\n" + items.map { "<li>\(inline($0))</li>\n" }.joined() + "</ul>\n")
            case let .table(header, rows, alignments):
                emit(htmlTable(header: header, rows: rows, alignments: alignments, colors: colors))
            case .note(let text):
                emit("<p class=\"note\"><strong>\(escape(strings.note))</strong> \(inline(text))</p>\n")
            case .chart(let kind):
                guard let svg = charts.chart(kind) else { continue }
                chartNumber += 1
                emit("<figure id=\"chart-\(chartNumber)\">\n\(svg)\n</figure>\n")
            }
        }
        var body = header
        body += HTMLPage.contents(sections.map(\.entry), heading: strings.contents)
        for section in sections {
            body += "<section id=\"\(escape(section.entry.id))\">\n\(section.body)</section>\n"
        }
        return HTMLPage.document(
            title: strings.reportTitle(name), language: language.htmlTag,
            generator: "RiskShare \(model.run.version)", body: body)
    }

    /// A table of the document; a cell that is a party's name in code (`` `bank` ``) gets the
    /// party's colour swatch, the colour of its charts.
    static func htmlTable(
        header: [String], rows: [[String]], alignments: [MarkdownDocument.Alignment],
        colors: PartyColors? = nil
    ) -> String {
        func cell(_ text: String) -> String {
            if let colors, text.count > 2, text.hasPrefix("`"), text.hasSuffix("`"), colors.has(String(text.dropFirst().dropLast())) {
                return "<span class=\"party\">" + HTMLPage.swatch(colors.color(of: String(text.dropFirst().dropLast()))) + inline(text)
                    + "</span>"
            }
            return inline(text)
        }
        return HTMLPage.table(
            header: header.map(inline), rows: rows.map { $0.map(cell) },
            numeric: header.indices.map { $0 < alignments.count && alignments[$0] == .right })
    }

    /// Escapes text and turns `code` spans into <code> elements.
    static func inline(_ text: String) -> String { HTMLPage.inline(text) }

    static func escape(_ s: String) -> String { HTMLPage.escape(s) }
}
