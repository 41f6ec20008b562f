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
    /// The page from report.json and, when available, the run's per-path table.
    public static func render(report: JSONValue, table: PathTable?) -> String {
        let document = MarkdownReport.document(for: report)
        let charts = SVGCharts(report: report, table: table, numbers: MarkdownNumbers(report: report))
        let name = report["scenario"]?["name"]?.stringValue ?? "report"
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="RiskShare \(escape(report["run"]?["version"]?.stringValue ?? ""))"/>
        <title>RiskShare report: \(escape(name))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>

        """
        var chartNumber = 0
        for block in document.blocks {
            switch block {
            case let .heading(level, text):
                out += "<h\(level)>\(inline(text))</h\(level)>\n"
            case .paragraph(let text):
                out += "<p>\(inline(text))</p>\n"
            case .bullets(let items):
                out += "<ul>\n" + items.map { "<li>\(inline($0))</li>\n" }.joined() + "</ul>\n"
            case let .table(header, rows, alignments):
                out += htmlTable(header: header, rows: rows, alignments: alignments)
            case .note(let text):
                out += "<p class=\"note\"><strong>Note.</strong> \(inline(text))</p>\n"
            case .chart(let kind):
                guard let svg = charts.chart(kind) else { continue }
                chartNumber += 1
                out += "<figure id=\"chart-\(chartNumber)\">\n\(svg)\n</figure>\n"
            }
        }
        out += "</body>\n</html>\n"
        return out
    }

    static func htmlTable(header: [String], rows: [[String]], alignments: [MarkdownDocument.Alignment]) -> String {
        func cellClass(_ i: Int) -> String {
            (i < alignments.count ? alignments[i] : .left) == .right ? " class=\"num\"" : ""
        }
        var out = "<table>\n<thead><tr>"
        for (i, cell) in header.enumerated() { out += "<th\(cellClass(i))>\(inline(cell))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() { out += "<td\(cellClass(i))>\(inline(cell))</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// Escapes text and turns `code` spans into <code> elements.
    static func inline(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.count % 2 == 1 else { return escape(text) }
        return parts.enumerated().map { i, part in
            i % 2 == 1 ? "<code>\(escape(String(part)))</code>" : escape(String(part))
        }.joined()
    }

    static func escape(_ s: String) -> String { SVGChart.escape(s) }

    /// System fonts only, so nothing is fetched; no characters that XML would need escaped.
    static let style = """
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #222222; line-height: 1.45; }
    h1 { font-size: 1.6em; border-bottom: 2px solid #1f77b4; padding-bottom: 0.2em; }
    h2 { font-size: 1.3em; margin-top: 1.8em; border-bottom: 1px solid #dddddd; }
    h3 { font-size: 1.1em; margin-top: 1.4em; }
    table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
    th, td { border: 1px solid #dddddd; padding: 0.25em 0.6em; }
    th { background: #f3f6f9; text-align: left; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.92em; background: #f4f4f4; padding: 0 0.2em; }
    p.note { background: #fff6e0; border-left: 4px solid #e0a000; padding: 0.4em 0.8em; }
    figure { margin: 1em 0; }
    svg.chart { max-width: 100%; height: auto; font-family: system-ui, Helvetica, Arial, sans-serif; }
    """
}
