/// The frame every HTML page of RiskShare shares (report.html and the sweep page): the head with
/// its style sheet, a table of contents, and the small writers for tables and escaped text.
///
/// Pages are XHTML-compatible HTML5 (every element closed, only the five XML entities) and
/// self-contained: no scripts, fonts, images or links to fetch. The layout is built not to
/// scroll sideways on a phone (420 CSS px) or a wide screen (1400 px): text wraps, charts
/// shrink with the page, and a table wider than the page scrolls inside its own box.
enum HTMLPage {
    /// A heading of the table of contents: the section's `id` and its title.
    struct Entry: Sendable, Equatable {
        var id: String
        var title: String
    }

    /// The whole page.
    /// - Parameters:
    ///   - title: the `<title>` text (plain text; escaped here).
    ///   - language: the BCP 47 tag of the page's text, `en` or `zh-CN`; CSS picks CJK fonts first
    ///     for Chinese.
    ///   - generator: the producing program and version, for `<meta name="generator">`.
    ///   - body: the body's markup (already escaped).
    /// - Returns: the page, from `<!DOCTYPE html>` to `</html>` and a final newline.
    static func document(title: String, language: String, generator: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(escape(language))">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="\(escape(generator))"/>
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// The table of contents as a `<nav>` list of in-page links.
    static func contents(_ entries: [Entry], heading: String) -> String {
        guard !entries.isEmpty else { return "" }
        var out = "<nav id=\"contents\" class=\"toc\" aria-label=\"\(escape(heading))\">\n<h2>\(escape(heading))</h2>\n<ol>\n"
        for entry in entries { out += "<li><a href=\"#\(escape(entry.id))\">\(escape(entry.title))</a></li>\n" }
        return out + "</ol>\n</nav>\n"
    }

    /// A table in a box that scrolls sideways when the table is wider than the page. Cells are
    /// markup (already escaped); `numeric[i]` right-aligns column i with tabular figures.
    static func table(header: [String], rows: [[String]], numeric: [Bool], caption: String? = nil) -> String {
        func cellClass(_ i: Int) -> String { i < numeric.count && numeric[i] ? " class=\"num\"" : "" }
        var out = "<div class=\"table-wrap\">\n<table>\n"
        if let caption { out += "<caption>\(caption)</caption>\n" }
        out += "<thead><tr>"
        for (i, cell) in header.enumerated() { out += "<th scope=\"col\"\(cellClass(i))>\(cell)</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() { out += "<td\(cellClass(i))>\(cell)</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</div>\n"
    }

    /// A colour swatch for a legend or a table cell (the party's colour in the charts).
    static func swatch(_ color: String) -> String {
        "<span class=\"swatch\" style=\"background:\(escape(color))\"></span>"
    }

    /// Text as HTML or XML character data or attribute value.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Escapes text and turns Markdown's inline marks into elements: `code` spans into <code>,
    /// **bold** (outside code) into <strong>. Unpaired marks stay as written.
    static func inline(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
        let hasCode = parts.count >= 3 && parts.count % 2 == 1
        let isCode = { (i: Int) in hasCode && i % 2 == 1 }
        // Bold marks pair up across code spans ("**Layer 1, `pool`:**"); an odd count is text.
        let marks = parts.indices.filter { !isCode($0) }.map { parts[$0].components(separatedBy: "**").count - 1 }.reduce(0, +)
        let bold = marks >= 2 && marks % 2 == 0
        var open = false
        var out = ""
        for (i, part) in parts.enumerated() {
            if isCode(i) { out += "<code>\(escape(part))</code>"; continue }
            if i > 0, !hasCode { out += "`" }
            guard bold else { out += escape(part); continue }
            for (j, piece) in part.components(separatedBy: "**").enumerated() {
                if j > 0 { out += open ? "</strong>" : "<strong>"; open.toggle() }
                out += escape(piece)
            }
        }
        return out
    }

    /// A section id from a heading: lower-case letters, digits and hyphens (`Year by year` ->
    /// `year-by-year`); text without such characters (Chinese) gets `section-N`.
    static func slug(_ text: String, index: Int) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section-\(index)" : out
    }

    /// Fonts: the system's sans-serif first, then common CJK fonts (PingFang, Microsoft YaHei,
    /// Noto Sans CJK, Source Han Sans, WenQuanYi) so Chinese text never falls back to a serif or
    /// to boxes; for `lang="zh-CN"` the CJK fonts come first. Nothing is fetched. No character
    /// that XML would need escaped.
    static let style = """
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222222; line-height: 1.45; overflow-wrap: break-word; }
        html:lang(zh) body, html:lang(zh) svg.chart { font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, "Noto Sans", sans-serif; }
        h1 { font-size: 1.6em; border-bottom: 2px solid #1f4e79; padding-bottom: 0.2em; overflow-wrap: anywhere; }
        h2 { font-size: 1.3em; margin-top: 1.8em; border-bottom: 1px solid #dddddd; }
        h3 { font-size: 1.1em; margin-top: 1.4em; }
        section { margin: 0; }
        section#key-findings { background: #f5f8fb; border: 1px solid #d6e0ea; border-radius: 6px; padding: 0.2em 1em 0.8em; }
        section#key-findings h2 { margin-top: 0.6em; }
        nav.toc { border: 1px solid #dddddd; border-radius: 6px; padding: 0.3em 1em; margin: 1em 0; background: #fafafa; }
        nav.toc h2 { font-size: 1em; margin: 0.4em 0; border: 0; }
        nav.toc ol { margin: 0.2em 0 0.4em; padding-left: 1.4em; columns: 2 16em; column-gap: 2em; }
        nav.toc a { color: #1f4e79; text-decoration: none; }
        nav.toc a:hover { text-decoration: underline; }
        .table-wrap { max-width: 100%; overflow-x: auto; margin: 0.8em 0; }
        table { border-collapse: collapse; font-size: 0.92em; }
        caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
        th, td { border: 1px solid #dddddd; padding: 0.25em 0.6em; vertical-align: top; }
        th { background: #f3f6f9; text-align: left; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; }
        code { font-family: ui-monospace, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: 0.92em; background: #f4f4f4; padding: 0 0.2em; overflow-wrap: anywhere; }
        td code, th code { overflow-wrap: normal; }
        .party { white-space: nowrap; }
        .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.35em; vertical-align: baseline; }
        p.note { background: #fff6e0; border-left: 4px solid #e0a000; padding: 0.4em 0.8em; }
        p.finding { margin: 0.4em 0; }
        figure { margin: 1em 0; max-width: 100%; }
        svg.chart { display: block; max-width: 100%; height: auto; font-family: system-ui, Helvetica, Arial, "Noto Sans CJK SC", sans-serif; }
        @media (max-width: 600px) {
          body { margin: 1em auto; padding: 0 0.6em; font-size: 15px; }
          h1 { font-size: 1.35em; }
          th, td { padding: 0.2em 0.4em; }
          nav.toc ol { columns: 1; }
        }
        @media print {
          @page { margin: 15mm; }
          body { max-width: none; margin: 0; padding: 0; font-size: 10pt; color: #000000; }
          nav.toc { display: none; }
          section#key-findings { background: none; border: 1px solid #999999; }
          .table-wrap { overflow: visible; }
          table { font-size: 8.5pt; }
          thead { display: table-header-group; }
          tr, figure, p.note { break-inside: avoid; page-break-inside: avoid; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          h2 { break-before: auto; }
          svg.chart { max-width: 100%; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
