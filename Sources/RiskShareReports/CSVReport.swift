import RiskShareKit
import RiskShareSupport

/// report.csv: every statistic of report.json as one tidy table, one row per
/// (section, name, quantity, year, statistic, level), ready for `pandas.read_csv` or R's `read.csv`.
///
/// Columns:
/// - `section`: `portfolio`, `gross`, `party`, `pool`, `cap`, `tolerance`, `fiscal` (or the
///   report.json key of a section this version does not know);
/// - `name`: the party, pool, cap or segment; empty for the whole book;
/// - `quantity`: what is measured (`loss`, `defaults`, `npl_ratio`, `paid`, `balance_end`, `exhausted`, ...);
/// - `year`: 1-based year, empty for the whole horizon;
/// - `statistic`: `mean`, `sd`, `min`, `max`, `quantile` (VaR), `expected_shortfall`, `tail_paths`,
///   `exceedance` (P(value > level)), `probability`, or `value`;
/// - `level`: the quantile level or exceedance threshold, empty otherwise;
/// - `value`, `stderr` (Monte Carlo standard error where known), `ci95_lower`, `ci95_upper`
///   (95% interval for quantiles).
///
/// Numbers are written in full precision exactly as in report.json. Run facts (`run.*`) are left
/// out: they are not statistics, and `elapsed_seconds` would make the file differ between runs.
public enum CSVReport {
    public static let header = ["section", "name", "quantity", "year", "statistic", "level", "value", "stderr", "ci95_lower", "ci95_upper"]

    /// One row of the table; empty strings stand for missing cells.
    public struct Row: Sendable, Equatable {
        public var section: String
        public var name: String = ""
        public var quantity: String
        public var year: String = ""
        public var statistic: String
        public var level: String = ""
        public var value: String
        public var stderr: String = ""
        public var ciLower: String = ""
        public var ciUpper: String = ""

        var cells: [String] { [section, name, quantity, year, statistic, level, value, stderr, ciLower, ciUpper] }
    }

    /// The text of report.csv.
    public static func render(report: JSONValue) -> String {
        var out = header.joined(separator: ",") + "\n"
        for row in rows(report: report) {
            out += row.cells.map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The rows in report order.
    public static func rows(report: JSONValue) -> [Row] {
        var rows: [Row] = []
        for (key, value) in report.members ?? [] {
            switch key {
            case "schema_version", "scenario", "run":
                continue
            case "portfolio":
                for (k, v) in value.members ?? [] where v.doubleValue != nil {
                    rows.append(Row(section: "portfolio", quantity: k, statistic: "value", value: number(v)))
                }
                for segment in value["segments"]?.items ?? [] {
                    let name = segment["name"]?.stringValue ?? ""
                    for (k, v) in segment.members ?? [] where v.doubleValue != nil {
                        rows.append(Row(section: "portfolio", name: name, quantity: k, statistic: "value", value: number(v)))
                    }
                }
            case "gross_loss", "defaults":
                rows += statRows(value, section: "gross", name: "", quantity: key == "gross_loss" ? "loss" : key, year: "")
            case "years":
                for (i, year) in (value.items ?? []).enumerated() {
                    let t = year["year"].map(number) ?? "\(i + 1)"
                    for (k, v) in year.members ?? [] where k != "year" {
                        rows += member(v, section: "gross", name: "", key: k == "gross_loss" ? "loss" : k, year: t)
                    }
                }
            case "parties", "pools", "caps":
                let section = ["parties": "party", "pools": "pool", "caps": "cap"][key]!
                for (name, entry) in value.members ?? [] {
                    if entry.isProbability || entry.doubleValue != nil {
                        rows += member(entry, section: section, name: name, key: key == "caps" ? "binds" : "value", year: "")
                    } else {
                        for (k, v) in entry.members ?? [] {
                            // A party's `by_year` is its loss by year.
                            rows += member(v, section: section, name: name, key: k == "by_year" ? "loss_by_year" : k, year: "")
                        }
                    }
                }
            default:
                // tolerance, fiscal, and any section added later: walk it generically.
                if value.isStat || value.isProbability || value.doubleValue != nil {
                    rows += member(value, section: key, name: "", key: key, year: "")
                } else {
                    for (k, v) in value.members ?? [] { rows += member(v, section: key, name: "", key: k, year: "") }
                }
            }
        }
        return rows
    }

    /// Rows for one member: a STAT, a probability, a number, a `_by_year` list of any of these,
    /// or an object of numbers keyed by level (e.g. `npl_ratio_exceeded_with_probability`).
    static func member(_ v: JSONValue, section: String, name: String, key: String, year: String) -> [Row] {
        if v.isStat { return statRows(v, section: section, name: name, quantity: key, year: year) }
        let quantity = key.hasPrefix("p_") ? String(key.dropFirst(2)) : key
        if v.isProbability {
            return [Row(section: section, name: name, quantity: quantity, year: year, statistic: "probability",
                        value: number(v["p"]!), stderr: v["stderr"].map(number) ?? "")]
        }
        if v.doubleValue != nil {
            return [Row(section: section, name: name, quantity: quantity, year: year,
                        statistic: key.hasPrefix("p_") ? "probability" : "value", value: number(v))]
        }
        if let items = v.items, key.hasSuffix("_by_year") {
            let base = String(key.dropLast("_by_year".count))
            return items.enumerated().flatMap { i, item in member(item, section: section, name: name, key: base, year: "\(i + 1)") }
        }
        if let entries = v.members, !entries.isEmpty, key.hasSuffix("_by_year"), entries.allSatisfy({ $0.1.items != nil }) {
            // Level -> list by year, e.g. `npl_ratio_exceeded_with_probability_by_year`.
            let base = String(quantity.dropLast("_by_year".count))
            return entries.flatMap { level, list in
                (list.items ?? []).enumerated().compactMap { t, x in
                    x.doubleValue == nil ? nil : Row(section: section, name: name, quantity: base, year: "\(t + 1)", statistic: "value", level: level, value: number(x))
                }
            }
        }
        if let entries = v.members, entries.allSatisfy({ $0.1.doubleValue != nil }) {
            return entries.map { level, x in
                Row(section: section, name: name, quantity: quantity, year: year, statistic: "value", level: level, value: number(x))
            }
        }
        return []
    }

    /// The rows of a STAT: moments, then per level VaR (with interval), ES and tail paths, then
    /// exceedance probabilities.
    static func statRows(_ stat: JSONValue, section: String, name: String, quantity: String, year: String) -> [Row] {
        func row(_ statistic: String, _ value: JSONValue?, level: String = "", stderr: JSONValue? = nil) -> Row {
            Row(section: section, name: name, quantity: quantity, year: year, statistic: statistic, level: level,
                value: value.map(number) ?? "", stderr: stderr.map(number) ?? "")
        }
        var rows = [row("mean", stat["mean"], stderr: stat["stderr"]), row("sd", stat["sd"]), row("min", stat["min"]), row("max", stat["max"])]
        for (level, value) in stat["quantiles"]?.members ?? [] {
            var var_ = row("quantile", value, level: level)
            if let ci = stat["quantile_ci95"]?[level] {
                var_.ciLower = ci[0].map(number) ?? ""
                var_.ciUpper = ci[1].map(number) ?? ""
            }
            rows.append(var_)
            rows.append(row("expected_shortfall", stat["expected_shortfall"]?[level], level: level,
                            stderr: stat["expected_shortfall_stderr"]?[level]))
            if let tail = stat["tail_paths"]?[level] { rows.append(row("tail_paths", tail, level: level)) }
        }
        for (threshold, value) in stat["exceedance"]?.members ?? [] {
            rows.append(row("exceedance", value, level: threshold, stderr: stat["exceedance_stderr"]?[threshold]))
        }
        return rows
    }

    /// A number exactly as report.json writes it; empty for null.
    static func number(_ v: JSONValue) -> String {
        switch v {
        case .integer(let i): return String(i)
        case .number(let x): return x.isFinite ? JSONValue.format(x) : ""
        case .bool(let b): return b ? "1" : "0"
        default: return ""
        }
    }

    /// RFC 4180 quoting when a field holds a comma, quote or line break, after `neutralised`.
    static func field(_ s: String) -> String {
        let s = neutralised(s)
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text cell a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a
    /// tab or a carriage return, e.g. a segment named `=HYPERLINK(...)`) gets a leading `'`, which
    /// spreadsheets show as text. Numbers (`-0.5`, `+1e-3`) are left as they are.
    public static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return s }
        if let x = Double(s), x.isFinite { return s }
        return "'" + s
    }
}
