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
