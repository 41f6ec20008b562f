import RiskShareKit

/// The readable report as a list of blocks, independent of the output format. report.md and
/// report.html are both rendered from the same document, so they say the same thing with the
/// same numbers; the HTML adds charts where the document has chart blocks.
public struct MarkdownDocument: Sendable {
    public enum Alignment: Sendable { case left, right }

    /// A chart the HTML report draws at this point (the Markdown report leaves it out).
    public enum Chart: Sendable, Equatable {
        /// Histogram of one quantity over the paths with VaR and ES markers. `pointer` locates
        /// its STAT in report.json, `column` its per-path column in the PathTable.
        case lossHistogram(title: String, pointer: String, column: String)
        /// P(loss > x) against x on a log scale, for the gross loss and every party.
        case exceedance
        /// Expected loss of each party per year, stacked.
        case allocationByYear
        /// A compensation pool's balance at the end of each year: median and 5-95% band.
        case poolFan(pool: String)
        /// Distribution of the NPL ratio per year, with the tolerance line when there is one.
        case nplByYear
    }

    public enum Block: Sendable {
        case heading(level: Int, text: String)
        /// Text; `code` spans are written between backticks.
        case paragraph(String)
        case bullets([String])
        case table(header: [String], rows: [[String]], alignments: [Alignment])
        /// A caution the reader should not miss (e.g. a tail estimate resting on few paths).
        case note(String)
        case chart(Chart)
    }

    public var blocks: [Block]
    /// Every number taken from report.json, with where it came from (for checks by scripts).
    public var shown: [ShownNumber]

    /// GitHub-flavoured Markdown; chart blocks are omitted.
    public func markdown() -> String {
        var parts: [String] = []
        for block in blocks {
            switch block {
            case let .heading(level, text):
                parts.append(String(repeating: "#", count: level) + " " + text)
            case .paragraph(let text):
                parts.append(text)
            case .bullets(let items):
                parts.append(items.map { "- " + $0 }.joined(separator: "\n"))
            case let .table(header, rows, alignments):
                parts.append(Self.markdownTable(header: header, rows: rows, alignments: alignments))
            case .note(let text):
                parts.append("> **Note.** " + text)
            case .chart:
                continue
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// User text (a scenario's description) with its control characters written as visible
    /// escapes (`\u{1b}`): a terminal showing report.md, or a browser showing report.html, never
    /// receives them. Line breaks and tabs stay.
    public static func visibleControls(_ text: String) -> String {
        func isControl(_ s: Unicode.Scalar) -> Bool {
            (s.value < 0x20 && s != "\n" && s != "\t") || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    static func markdownTable(header: [String], rows: [[String]], alignments: [Alignment]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        let rule = "|" + header.indices.map { i in
            (i < alignments.count ? alignments[i] : .left) == .right ? "---:|" : ":---|"
        }.joined()
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}
