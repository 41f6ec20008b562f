import RiskShareKit

/// The readable report as a list of blocks, independent of the output format. report.md and
/// report.html are both rendered from the same document, so they say the same thing with the
/// same numbers; the HTML adds charts where the document has chart blocks.
public struct MarkdownDocument: Sendable {
    public enum Alignment: Sendable { case left, right }

    /// A quantity whose distribution over the paths a chart draws.
    public enum ChartQuantity: Sendable, Equatable {
        /// The gross loss over the horizon (per-path column `gross_loss`).
        case grossLoss
        /// A loss-bearing party's loss over the horizon (`party.<name>.loss`).
        case partyLoss(String)
        /// The public cost over the horizon (`fiscal.cost`).
        case publicCost
    }

    /// A chart the HTML report draws at this point (the Markdown report leaves it out).
    public enum Chart: Sendable, Equatable {
        /// Histogram of one quantity over the paths with its mean, VaR and ES as markers.
        case lossHistogram(title: String, quantity: ChartQuantity)
        /// P(loss > x) against x on a log scale, for the gross loss and every party.
        case exceedance
        /// Expected loss of each party per year, stacked.
        case allocationByYear
        /// A compensation pool's balance at the end of each year: median and 5-95% band.
        case poolFan(pool: String)
        /// Distribution of the NPL ratio per year, with the tolerance line when there is one.
        case nplByYear
        /// For each limited layer, how often its limit binds in each year.
        case capsByYear
        /// Each party's ES contribution at 99% (or the nearest reported level), by segment (grouped bars).
        case contributionsBySegment
    }

    public enum Block: Sendable {
        /// A heading; `id` is the anchor of a section other documents link to (e.g. `key-findings`).
        case heading(level: Int, text: String, id: String? = nil)
        /// Text; `code` spans are written between backticks.
        case paragraph(String)
        case bullets([String])
        case table(header: [String], rows: [[String]], alignments: [Alignment])
        /// A caution the reader should not miss (e.g. a tail estimate resting on few paths).
        case note(String)
        case chart(Chart)
    }

    public var blocks: [Block]
    /// Every number shown, in order, with where it comes from in the model (for checks by tests and scripts).
    public var shown: [ShownNumber]
    public var language: ReportLanguage = .en

    /// GitHub-flavoured Markdown; chart blocks are omitted.
    public func markdown() -> String {
        var parts: [String] = []
        for block in blocks {
            switch block {
            case let .heading(level, text, _):
                parts.append(String(repeating: "#", count: level) + " " + text)
            case .paragraph(let text):
                parts.append(text)
            case .bullets(let items):
                parts.append(items.map { "- " + $0 }.joined(separator: "\n"))
            case let .table(header, rows, alignments):
                parts.append(Self.markdownTable(header: header, rows: rows, alignments: alignments))
            case .note(let text):
                parts.append("> **\(ReportStrings(language: language).note)** " + text)
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
        let rule =
            "|"
            + header.indices.map { i in
                (i < alignments.count ? alignments[i] : .left) == .right ? "---:|" : ":---|"
            }.joined()
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}
