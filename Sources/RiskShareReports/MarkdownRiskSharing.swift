import Foundation
import RiskShareKit
import RiskShareSupport

/// The risk-sharing findings of the readable report, in plain sentences: pools, caps, NPL
/// tolerance and fiscal cost. Each section appears only when report.json has it.
extension MarkdownReport {
    mutating func pools() {
        guard let pools = report["pools"]?.members, !pools.isEmpty else { return }
        add(.heading(level: 2, text: "Compensation pools"))
        for (name, pool) in pools {
            let base = Self.pointer("pools", name)
            add(.heading(level: 3, text: "Pool `\(name)`"))
            var sentences: [String] = []
            if pool["p_exhausted"] != nil {
                let byYear = Self.probabilities(pool["p_exhausted_by_year"])
                let p = pool["p_exhausted"]?["p"]?.doubleValue ?? pool["p_exhausted"]?.doubleValue ?? 0
                if p == 0 {
                    sentences.append("The pool `\(name)` is never exhausted on the \(plain("/run/paths")) simulated paths "
                        + "(\(probability(base + "/p_exhausted"))).")
                } else {
                    var sentence = "The pool `\(name)` is exhausted on \(probability(base + "/p_exhausted")) of paths"
                    if let year = Self.mostLikelyYear(byYear) { sentence += ", most often in year \(year)" }
                    sentences.append(sentence + ".")
                }
            }
            if pool["paid"]?.isStat == true {
                let paid = base + "/paid"
                var sentence = "It pays out \(money(paid + "/mean")) ± \(money(paid + "/stderr")) \(numbers.moneyLabel) on average over the horizon"
                if let level = Self.tailLevels(pool["paid"]).last {
                    sentence += "; on \(MarkdownNumbers.levelLabel(Self.complement(level))) of paths it pays "
                        + money(paid + "/quantiles" + Self.pointer(level)) + " \(numbers.moneyLabel) or more (VaR \(MarkdownNumbers.levelLabel(level)))"
                }
                sentences.append(sentence + ".")
            }
            if pool["topups"]?.isStat == true {
                sentences.append("Top-ups add \(money(base + "/topups/mean")) \(numbers.moneyLabel) on average.")
            }
            if pool["unpaid"]?.isStat == true {
                sentences.append("Claims left unpaid because the pool ran short average \(money(base + "/unpaid/mean")) ± \(money(base + "/unpaid/stderr")) \(numbers.moneyLabel).")
            }
            if !sentences.isEmpty { add(.paragraph(sentences.joined(separator: " "))) }
            poolYears(name, pool: pool, base: base)
            add(.chart(.poolFan(pool: name)))
        }
    }

    private mutating func poolYears(_ name: String, pool: JSONValue, base: String) {
        let balances = pool["balance_end_by_year"]?.items ?? []
        let exhausted = pool["p_exhausted_by_year"]?.items ?? []
        let suspended = pool["p_suspended_by_year"]?.items ?? []
        let count = max(balances.count, exhausted.count, suspended.count)
        guard count > 0 else { return }
        var header = ["Year"]
        if !balances.isEmpty { header += ["End balance, mean (\(numbers.moneyLabel))", "End balance, median"] }
        if !exhausted.isEmpty { header.append("P(exhausted)") }
        if !suspended.isEmpty { header.append("P(suspended)") }
        var rows: [[String]] = []
        for i in 0..<count {
            var row = ["\(i + 1)"]
            if !balances.isEmpty {
                let b = base + Self.pointer("balance_end_by_year", i)
                row.append(money(b + "/mean") + " ± " + money(b + "/stderr"))
                row.append(report.at(pointer: b + "/quantiles/0.5") != nil ? money(b + "/quantiles/0.5") : "n/a")
            }
            if !exhausted.isEmpty { row.append(probability(base + Self.pointer("p_exhausted_by_year", i))) }
            if !suspended.isEmpty { row.append(probability(base + Self.pointer("p_suspended_by_year", i))) }
            rows.append(row)
        }
        add(.table(header: header, rows: rows, alignments: [.left] + Array(repeating: .right, count: header.count - 1)))
    }

    mutating func caps() {
        guard let caps = report["caps"]?.members, !caps.isEmpty else { return }
        add(.heading(level: 2, text: "Caps"))
        add(.bullets(caps.map { name, _ in
            "The cap `\(name)` binds on \(probability(Self.pointer("caps", name))) of paths."
        }))
    }

    mutating func tolerance() {
        guard let tolerance = report["tolerance"], tolerance.members != nil else { return }
        add(.heading(level: 2, text: "NPL tolerance"))
        var sentences: [String] = []
        if tolerance["level"] != nil { sentences.append("The NPL tolerance is \(percent("/tolerance/level")).") }
        if tolerance["p_breach_any"] != nil {
            sentences.append("The NPL ratio breaches it in at least one year on \(probability("/tolerance/p_breach_any")) of paths.")
        }
        let byYear = tolerance["p_breach_by_year"]?.items ?? []
        if !byYear.isEmpty {
            if let year = Self.mostLikelyYear(Self.probabilities(tolerance["p_breach_by_year"]), cumulative: false) {
                sentences.append("A breach is most likely in year \(year).")
            }
        }
        // The ratio breached with a small probability: an object keyed by probabilities
        // (`npl_ratio_exceeded_with_probability`: the worst year's ratio).
        var yearly: [(key: String, level: String)] = []
        for (key, member) in tolerance.members ?? [] where key != "p_breach_by_year" && key != "p_breach_any" && key != "level" {
            guard let entries = member.members, !entries.isEmpty else { continue }
            if entries.allSatisfy({ $0.1.doubleValue != nil }) {
                let parts = entries.map { p, _ in "\(percent(Self.pointer("tolerance", key, p))) (probability \(MarkdownNumbers.levelLabel(p)))" }
                sentences.append("NPL ratio levels breached in some year with a given probability: " + Self.list(parts) + ".")
            } else if entries.allSatisfy({ $0.1.items != nil }) {
                yearly += entries.map { (key, $0.0) }
            }
        }
        if !sentences.isEmpty { add(.paragraph(sentences.joined(separator: " "))) }
        let years = max(byYear.count, yearly.map { tolerance[$0.key]?[$0.level]?.items?.count ?? 0 }.max() ?? 0)
        if years > 0 {
            var header = ["Year"]
            if !byYear.isEmpty { header.append("P(NPL ratio above tolerance)") }
            header += yearly.map { "NPL ratio exceeded with probability \(MarkdownNumbers.levelLabel($0.level))" }
            let rows = (0..<years).map { t in
                var row = ["\(t + 1)"]
                if !byYear.isEmpty { row.append(probability(Self.pointer("tolerance", "p_breach_by_year", t))) }
                row += yearly.map { percent(Self.pointer("tolerance", $0.key, $0.level, t)) }
                return row
            }
            add(.table(header: header, rows: rows, alignments: [.left] + Array(repeating: .right, count: header.count - 1)))
        }
    }

    mutating func fiscal() {
        guard let fiscal = report["fiscal"], fiscal.members != nil else { return }
        add(.heading(level: 2, text: "Fiscal cost"))
        if fiscal["cost"]?.isStat == true {
            add(.paragraph("The public cost is the claims paid by public parties net of fees received, plus subsidies and top-ups."))
            statTable("/fiscal/cost", label: "public cost")
        }
        var sentences: [String] = []
        if fiscal["topups"]?.isStat == true {
            sentences.append("Pool top-ups account for \(money("/fiscal/topups/mean")) \(numbers.moneyLabel) of it on average.")
        }
        if fiscal["covered_volume"]?.doubleValue != nil {
            sentences.append("The schemes cover \(money("/fiscal/covered_volume")) \(numbers.moneyLabel) of loans.")
        }
        if value("/fiscal/leverage") != nil {
            sentences.append("Each yuan of expected fiscal cost supports \(plain("/fiscal/leverage", decimals: 1)) yuan of covered loans.")
        } else if fiscal["leverage"] != nil {
            sentences.append("Leverage is undefined because the expected fiscal cost is zero.")
        }
        if !sentences.isEmpty { add(.paragraph(sentences.joined(separator: " "))) }
    }

    // MARK: Helpers

    /// Probabilities of a `_by_year` list whose items are `{p, stderr}` or bare numbers.
    static func probabilities(_ value: JSONValue?) -> [Double] {
        (value?.items ?? []).map { $0["p"]?.doubleValue ?? $0.doubleValue ?? 0 }
    }

    /// The year (1-based) in which the event most often happens. A non-decreasing list is read
    /// as cumulative ("exhausted by year t"), so the year with the largest increase wins; any
    /// other list as per-year probabilities. Nil when every probability is zero.
    static func mostLikelyYear(_ p: [Double], cumulative: Bool = true) -> Int? {
        guard p.contains(where: { $0 > 0 }) else { return nil }
        let isCumulative = cumulative && zip(p, p.dropFirst()).allSatisfy { $0 <= $1 }
        let weights = isCumulative ? p.indices.map { p[$0] - ($0 == 0 ? 0 : p[$0 - 1]) } : p
        var best = 0
        for i in weights.indices where weights[i] > weights[best] { best = i }
        return best + 1
    }

    /// 1 - q for a level key, as a key: "0.99" -> "0.01".
    static func complement(_ level: String) -> String {
        guard let d = Decimal(string: level) else { return level }
        return "\(1 - d)"
    }
}
