import RiskShareKit
import RiskShareSupport

/// The readable table `riskshare run` prints: gross loss and each party's loss with standard
/// errors and tail measures, then the NPL ratio by year.
public enum TextSummary {
    public static func render(report: JSONValue) -> String {
        let currency = report["scenario"]?["currency"].flatMap { if case .string(let s) = $0 { return s } else { return nil } } ?? ""
        var lines: [String] = []
        if case .string(let name)? = report["scenario"]?["name"] { lines.append("Scenario \(name)") }
        if let run = report["run"] {
            lines.append("paths \(run["paths"]?.doubleValue.map { NumberFormat.plain($0) } ?? "?"), seed \(run["seed"]?.doubleValue.map { NumberFormat.plain($0) } ?? "?"), horizon \(run["horizon_years"]?.doubleValue.map { NumberFormat.plain($0) } ?? "?") years, \(NumberFormat.plain(run["threads"]?.doubleValue ?? 0)) threads, \(NumberFormat.fixed(run["elapsed_seconds"]?.doubleValue ?? 0, 2)) s")
        }
        if let portfolio = report["portfolio"] {
            lines.append("portfolio \(NumberFormat.plain(portfolio["loans"]?.doubleValue ?? 0)) loans, exposure \(NumberFormat.money(portfolio["exposure"]?.doubleValue ?? 0)) \(currency)")
        }
        lines.append("")
        let levels: [String] = {
            guard case .object(let q)? = report["gross_loss"]?["quantiles"] else { return [] }
            return q.map(\.0).filter { ["0.95", "0.99", "0.999"].contains($0) }
        }()
        var rows: [[String]] = [["loss (\(currency))", "mean", "± se"] + levels.map { "VaR \($0)" } + levels.map { "ES \($0)" }]
        func row(_ label: String, _ stat: JSONValue?) {
            guard let stat else { return }
            var cells = [label, NumberFormat.money(stat["mean"]?.doubleValue ?? 0), NumberFormat.money(stat["stderr"]?.doubleValue ?? 0)]
            cells += levels.map { NumberFormat.money(stat["quantiles"]?[$0]?.doubleValue ?? 0) }
            cells += levels.map { NumberFormat.money(stat["expected_shortfall"]?[$0]?.doubleValue ?? 0) }
            rows.append(cells)
        }
        row("gross", report["gross_loss"])
        if case .object(let parties)? = report["parties"] {
            for (name, party) in parties { row(name, party["loss"]) }
        }
        lines.append(contentsOf: table(rows))
        lines.append("")
        let findings = self.findings(report, currency: currency)
        if !findings.isEmpty {
            lines.append(contentsOf: findings)
            lines.append("")
        }
        if case .array(let years)? = report["years"] {
            var yearRows: [[String]] = [["year", "gross loss mean", "defaults mean", "NPL mean", "NPL 95%", "NPL 99%"]]
            for year in years {
                let npl = year["npl_ratio"]
                yearRows.append([
                    NumberFormat.plain(year["year"]?.doubleValue ?? 0),
                    NumberFormat.money(year["gross_loss"]?["mean"]?.doubleValue ?? 0),
                    NumberFormat.fixed(year["defaults"]?["mean"]?.doubleValue ?? 0, 1),
                    NumberFormat.percent(npl?["mean"]?.doubleValue ?? 0),
                    NumberFormat.percent(npl?["quantiles"]?["0.95"]?.doubleValue ?? .nan),
                    NumberFormat.percent(npl?["quantiles"]?["0.99"]?.doubleValue ?? .nan),
                ])
            }
            lines.append(contentsOf: table(yearRows))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line each for pools, tolerance and fiscal cost, when the scenario has them.
    static func findings(_ report: JSONValue, currency: String) -> [String] {
        func probability(_ value: JSONValue?) -> String {
            guard let p = value?["p"]?.doubleValue else { return "?" }
            return "\(NumberFormat.percent(p)) ± \(NumberFormat.percent(value?["stderr"]?.doubleValue ?? 0))"
        }
        var lines: [String] = []
        if case .object(let pools)? = report["pools"] {
            for (name, pool) in pools {
                var line = "pool \(name): pays \(NumberFormat.money(pool["paid"]?["mean"]?.doubleValue ?? 0)) \(currency) on average; exhausted on \(probability(pool["p_exhausted"])) of paths"
                if case .array(let byYear)? = pool["p_exhausted_by_year"] {
                    let ps = byYear.map { $0["p"]?.doubleValue ?? 0 }
                    if let worst = ps.indices.max(by: { ps[$0] < ps[$1] }), ps[worst] > 0 { line += ", most often in year \(worst + 1)" }
                }
                lines.append(line)
            }
        }
        if let tolerance = report["tolerance"], let level = tolerance["level"]?.doubleValue {
            var line = "NPL tolerance \(NumberFormat.percent(level)): breached in some year on \(probability(tolerance["p_breach_any"])) of paths"
            if let p5 = tolerance["npl_ratio_exceeded_with_probability"]?["0.05"]?.doubleValue,
               let p1 = tolerance["npl_ratio_exceeded_with_probability"]?["0.01"]?.doubleValue {
                line += "; the worst year's NPL ratio exceeds \(NumberFormat.percent(p5)) with probability 5% and \(NumberFormat.percent(p1)) with 1%"
            }
            lines.append(line)
        }
        if let fiscal = report["fiscal"], let cost = fiscal["cost"] {
            var line = "public cost: \(NumberFormat.money(cost["mean"]?.doubleValue ?? 0)) \(currency) on average over the horizon, \(NumberFormat.money(cost["quantiles"]?["0.99"]?.doubleValue ?? 0)) in a 1-in-100 outcome"
            if let leverage = fiscal["leverage"]?.doubleValue { line += "; \(NumberFormat.fixed(leverage, 1)) \(currency) of covered lending per \(currency) of expected public cost" }
            lines.append(line)
        }
        return lines
    }

    /// Right-aligned columns, first column left-aligned.
    static func table(_ rows: [[String]]) -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        let widths = (0..<width).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
    }
}
