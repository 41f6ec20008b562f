import Foundation
import RiskShareKit
import RiskShareSupport

/// Builds the readable report (report.md, and the text of report.html) from report.json alone.
///
/// It reads the report generically: sections that are absent (no risk sharing, no pools, no
/// tolerance) are skipped, so the same code serves a bare engine run and a full scheme. Every
/// number is looked up by its JSON pointer and recorded in `MarkdownDocument.shown`, which is
/// how the tests prove that what the reader sees is what report.json says.
public struct MarkdownReport {
    let report: JSONValue
    let numbers: MarkdownNumbers
    var blocks: [MarkdownDocument.Block] = []
    var shown: [ShownNumber] = []

    init(report: JSONValue) {
        self.report = report
        numbers = MarkdownNumbers(report: report)
    }

    /// The document for a report: provenance, portfolio, losses by party, year by year, then
    /// pools, caps, tolerance and fiscal cost when the report has them, then definitions.
    public static func document(for report: JSONValue) -> MarkdownDocument {
        var builder = MarkdownReport(report: report)
        builder.title()
        builder.provenance()
        builder.portfolio()
        builder.losses()
        builder.years()
        builder.pools()
        builder.caps()
        builder.tolerance()
        builder.fiscal()
        builder.definitions()
        return MarkdownDocument(blocks: builder.blocks, shown: builder.shown)
    }

    /// report.md text.
    public static func render(report: JSONValue) -> String { document(for: report).markdown() }

    // MARK: Recorded number lookups

    /// A JSON pointer from keys and indices.
    static func pointer(_ parts: Any...) -> String {
        parts.map { "/" + JSONValue.pointerToken("\($0)") }.joined()
    }

    func value(_ pointer: String) -> Double? { report.at(pointer: pointer)?.doubleValue }

    mutating func record(_ pointer: String, _ text: String, scale: Double, decimals: Int) -> String {
        if value(pointer) != nil { shown.append(ShownNumber(pointer: pointer, text: text, scale: scale, decimals: decimals)) }
        return text
    }

    /// The amount at `pointer` in the report's money unit.
    mutating func money(_ pointer: String) -> String {
        guard let x = value(pointer) else { return "n/a" }
        return record(pointer, numbers.money(x), scale: numbers.moneyScale, decimals: numbers.moneyDecimals)
    }

    /// The probability or ratio at `pointer` as a percent.
    mutating func percent(_ pointer: String) -> String {
        guard let x = value(pointer) else { return "n/a" }
        return record(pointer, numbers.percent(x), scale: 0.01, decimals: numbers.percentDecimals)
    }

    /// A count or other plain number at `pointer`.
    mutating func plain(_ pointer: String, decimals: Int = 0) -> String {
        guard let x = value(pointer) else { return "n/a" }
        return record(pointer, numbers.plain(x, decimals: decimals), scale: 1, decimals: decimals)
    }

    /// `p ± stderr` of a probability object `{p, stderr}` at `pointer` (or a bare number).
    mutating func probability(_ pointer: String) -> String {
        if report.at(pointer: pointer)?.isProbability == true {
            let p = percent(pointer + "/p")
            guard value(pointer + "/stderr") != nil else { return p }
            return p + " ± " + percent(pointer + "/stderr")
        }
        return percent(pointer)
    }

    func string(_ pointer: String) -> String { report.at(pointer: pointer)?.stringValue ?? "n/a" }

    mutating func add(_ block: MarkdownDocument.Block) { blocks.append(block) }

    // MARK: Sections

    mutating func title() {
        add(.heading(level: 1, text: "RiskShare report: \(string("/scenario/name"))"))
        let description = string("/scenario/description")
        if description != "n/a", !description.isEmpty { add(.paragraph(MarkdownDocument.visibleControls(description))) }
        add(.paragraph("Amounts are in \(numbers.currency) \(numbers.moneyScale == 1e9 ? "billions" : "millions") (\(numbers.moneyLabel)). "
            + "Every estimate comes from Monte Carlo paths and carries its uncertainty: ± is one standard error, "
            + "brackets are 95% confidence intervals."))
    }

    mutating func provenance() {
        guard report["run"] != nil else { return }
        add(.heading(level: 2, text: "Run provenance"))
        var rows: [[String]] = [
            ["Scenario", "`\(string("/scenario/name"))`"],
            ["Scenario file", "`\(string("/scenario/file"))`"],
            ["Scenario SHA-256", "`\(string("/scenario/sha256"))`"],
            ["Seed", record("/run/seed", value("/run/seed").map { NumberFormat.plain($0) } ?? "n/a", scale: 1, decimals: 0)],
            ["Paths", plain("/run/paths")],
        ]
        if value("/run/horizon_years") != nil { rows.append(["Horizon (years)", plain("/run/horizon_years")]) }
        if value("/run/block_paths") != nil { rows.append(["Paths per random-number block", plain("/run/block_paths")]) }
        if report["run"]?["method"] != nil { rows.append(["Method", string("/run/method")]) }
        rows.append(["RiskShare version", string("/run/version")])
        if report["run"]?["gsl_version"] != nil { rows.append(["GSL version", string("/run/gsl_version")]) }
        rows.append(["Report schema version", plain("/schema_version")])
        add(.table(header: ["Item", "Value"], rows: rows, alignments: [.left, .left]))
        add(.paragraph("The same scenario file, seed and paths reproduce every number of this report, whatever the "
            + "number of threads. The SHA-256 covers the scenario file, its includes, its loan tapes and any overrides."))
    }

    mutating func portfolio() {
        guard report["portfolio"] != nil else { return }
        add(.heading(level: 2, text: "Portfolio"))
        add(.paragraph("\(plain("/portfolio/loans")) loans with a total exposure of \(money("/portfolio/exposure")) \(numbers.moneyLabel)."))
        guard let segments = report["portfolio"]?["segments"]?.items, !segments.isEmpty else { return }
        var rows: [[String]] = []
        for i in segments.indices {
            let base = Self.pointer("portfolio", "segments", i)
            rows.append(["`\(string(base + "/name"))`", plain(base + "/loans"), money(base + "/exposure"),
                         percent(base + "/exposure_weighted_pd"), plain(base + "/first_loans")])
        }
        add(.table(header: ["Segment", "Loans", "Exposure (\(numbers.moneyLabel))", "Exposure-weighted PD", "First loans"],
                   rows: rows, alignments: [.left, .right, .right, .right, .right]))
    }

    /// The quantities whose loss distribution is shown: the gross loss, then each party's loss.
    var lossSubjects: [(title: String, label: String, pointer: String, column: String)] {
        var subjects: [(String, String, String, String)] = []
        if report["gross_loss"]?.isStat == true {
            subjects.append(("Gross loss (before risk sharing)", "gross loss", "/gross_loss", "gross_loss"))
        }
        for (name, party) in report["parties"]?.members ?? [] where party["loss"]?.isStat == true {
            subjects.append(("Loss borne by `\(name)`", "loss of `\(name)`", Self.pointer("parties", name, "loss"), "party.\(name).loss"))
        }
        return subjects
    }

    mutating func losses() {
        let subjects = lossSubjects
        guard !subjects.isEmpty else { return }
        add(.heading(level: 2, text: "Losses by party"))
        add(.paragraph("Losses are summed over the whole horizon. VaR at level q is the loss not exceeded on a share q "
            + "of paths; ES (expected shortfall) is the average loss in the worst 1 - q of paths. "
            + "\"Paths beyond VaR\" counts the paths a tail estimate rests on."))
        for subject in subjects {
            add(.heading(level: 3, text: subject.title))
            statTable(subject.pointer, label: subject.label)
            add(.chart(.lossHistogram(title: subject.title.replacingOccurrences(of: "`", with: ""),
                                      pointer: subject.pointer, column: subject.column)))
        }
        add(.heading(level: 3, text: "Probability of large losses"))
        add(.paragraph("The chart shows, for each amount x, the share of paths on which the loss exceeds x."))
        add(.chart(.exceedance))
        allocation()
    }

    /// Mean, sd and range in a sentence, then one row per quantile level, then exceedance
    /// probabilities, then a note on thin tails.
    mutating func statTable(_ base: String, label: String) {
        let unit = numbers.moneyLabel
        add(.paragraph("Expected \(label): \(money(base + "/mean")) ± \(money(base + "/stderr")) \(unit); "
            + "standard deviation \(money(base + "/sd")); smallest and largest path \(money(base + "/min")) and \(money(base + "/max"))."))
        guard let stat = report.at(pointer: base) else { return }
        let levels = stat["quantiles"]?.members?.map(\.0) ?? []
        let hasESError = stat["expected_shortfall_stderr"] != nil
        var rows: [[String]] = []
        var thin: [(String, String)] = []
        for level in levels {
            let q = Self.pointer(level)
            var row = [MarkdownNumbers.levelLabel(level), money(base + "/quantiles" + q)]
            if stat["quantile_ci95"]?[level] != nil {
                row.append("[\(money(base + "/quantile_ci95" + q + "/0")), \(money(base + "/quantile_ci95" + q + "/1"))]")
            } else {
                row.append("n/a")
            }
            var es = money(base + "/expected_shortfall" + q)
            if hasESError { es += " ± " + money(base + "/expected_shortfall_stderr" + q) }
            row.append(es)
            let tail = plain(base + "/tail_paths" + q)
            row.append(tail)
            if let count = value(base + "/tail_paths" + q), count < 100 { thin.append((MarkdownNumbers.levelLabel(level), tail)) }
            rows.append(row)
        }
        if !rows.isEmpty {
            add(.table(header: ["Level", "VaR (\(unit))", "VaR 95% CI", "ES (\(unit))" + (hasESError ? " ± s.e." : ""), "Paths beyond VaR"],
                       rows: rows, alignments: [.left, .right, .right, .right, .right]))
        }
        if !thin.isEmpty {
            add(.note("At " + Self.list(thin.map(\.0)) + " fewer than 100 paths lie beyond VaR ("
                + Self.list(thin.map(\.1)) + " paths), so those VaR and ES estimates are rough: "
                + "read them with their confidence intervals, or run more paths."))
        }
        let thresholds = stat["exceedance"]?.members ?? []
        if !thresholds.isEmpty {
            add(.bullets(thresholds.map { key, _ in
                let q = Self.pointer(key)
                var text = "P(\(label) > \(Double(key).map { numbers.money($0) } ?? key) \(unit)) = \(percent(base + "/exceedance" + q))"
                if stat["exceedance_stderr"]?[key] != nil { text += " ± " + percent(base + "/exceedance_stderr" + q) }
                return text
            }))
        }
    }

    /// Who bears the expected gross loss: each party's expected loss and share.
    mutating func allocation() {
        guard let parties = report["parties"]?.members, !parties.isEmpty, let gross = value("/gross_loss/mean") else { return }
        add(.heading(level: 3, text: "Who bears the expected loss"))
        var rows: [[String]] = []
        for (name, party) in parties where party["loss"]?.isStat == true {
            let base = Self.pointer("parties", name, "loss")
            let share = gross > 0 ? (value(base + "/mean") ?? 0) / gross : .nan
            rows.append(["`\(name)`", money(base + "/mean") + " ± " + money(base + "/stderr"), numbers.percent(share)])
        }
        add(.table(header: ["Party", "Expected loss (\(numbers.moneyLabel))", "Share of expected gross loss"],
                   rows: rows, alignments: [.left, .right, .right]))
        // Fees received and subsidies paid, for the parties that have them.
        let extras = ["fees", "subsidies"].filter { key in parties.contains { $0.1[key]?.isStat == true } }
        guard !extras.isEmpty else { return }
        let labels = ["fees": "Fees received", "subsidies": "Subsidies paid"]
        var extraRows: [[String]] = []
        for (name, party) in parties where extras.contains(where: { party[$0]?.isStat == true }) {
            extraRows.append(["`\(name)`"] + extras.map { key in
                party[key]?.isStat == true ? money(Self.pointer("parties", name, key, "mean")) + " ± " + money(Self.pointer("parties", name, key, "stderr")) : "n/a"
            })
        }
        add(.table(header: ["Party"] + extras.map { "\(labels[$0]!), expected (\(numbers.moneyLabel))" },
                   rows: extraRows, alignments: [.left] + extras.map { _ in .right }))
    }

    mutating func years() {
        guard let years = report["years"]?.items, !years.isEmpty else { return }
        add(.heading(level: 2, text: "Year by year"))
        let parties = (report["parties"]?.members ?? []).filter { $0.1["by_year"]?.items != nil }.map(\.0)
        let nplLevels = Self.tailLevels(years.first?["npl_ratio"])
        var header = ["Year", "Gross loss (\(numbers.moneyLabel))"] + parties.map { "`\($0)` (\(numbers.moneyLabel))" }
        header += ["Defaults", "NPL ratio (mean)"] + nplLevels.map { "NPL ratio VaR \(MarkdownNumbers.levelLabel($0))" }
        var rows: [[String]] = []
        for (i, year) in years.enumerated() {
            let base = Self.pointer("years", i)
            var row = [plain(base + "/year"), money(base + "/gross_loss/mean") + " ± " + money(base + "/gross_loss/stderr")]
            for name in parties {
                let p = Self.pointer("parties", name, "by_year", i)
                row.append(money(p + "/mean") + " ± " + money(p + "/stderr"))
            }
            row.append(year["defaults"] != nil ? plain(base + "/defaults/mean", decimals: 1) : "n/a")
            row.append(percent(base + "/npl_ratio/mean"))
            for level in nplLevels {
                row.append(percent(base + "/npl_ratio/quantiles" + Self.pointer(level)))
            }
            rows.append(row)
        }
        add(.paragraph("Means with one standard error. The NPL ratio of a year is the principal that defaults in the year "
            + "divided by the principal outstanding at its start."))
        add(.table(header: header, rows: rows, alignments: [.left] + Array(repeating: .right, count: header.count - 1)))
        if !parties.isEmpty { add(.chart(.allocationByYear)) }
        add(.chart(.nplByYear))
    }

    mutating func definitions() {
        add(.heading(level: 2, text: "Definitions"))
        add(.bullets([
            "VaR_q is the smallest simulated value whose empirical distribution function reaches q; its 95% confidence interval comes from order statistics.",
            "ES_q is the Acerbi-Tasche expected shortfall: the average of VaR_u over u from q to 1.",
            "Standard errors of means are sd / sqrt(paths); of probabilities sqrt(p (1 - p) / paths).",
            "Figures not in report.json, such as each party's share of the expected gross loss, are computed from its unrounded values.",
        ]))
    }

    // MARK: Helpers

    /// "a, b and c".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The quantile levels worth a column in a per-year table: 95% and 99% when reported,
    /// else the two highest levels.
    static func tailLevels(_ stat: JSONValue?) -> [String] {
        let levels = stat?["quantiles"]?.members?.map(\.0) ?? []
        let preferred = levels.filter { $0 == "0.95" || $0 == "0.99" }
        return preferred.isEmpty ? Array(levels.suffix(2)) : preferred
    }
}
