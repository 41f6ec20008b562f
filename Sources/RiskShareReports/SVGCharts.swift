import Foundation
import RiskShareKit
import RiskShareSupport

/// The charts of report.html, drawn from report.json and, where a distribution needs the
/// individual paths (histograms, exceedance curves, fans), from the run's PathTable. Markers
/// that show a reported figure (VaR, ES, tolerance) take it from report.json, so the chart and
/// the tables agree. A chart whose data is missing is left out (nil).
struct SVGCharts {
    let report: JSONValue
    let table: PathTable?
    let numbers: MarkdownNumbers

    func chart(_ kind: MarkdownDocument.Chart) -> String? {
        switch kind {
        case let .lossHistogram(title, pointer, column): return histogram(title: title, pointer: pointer, column: column)
        case .exceedance: return exceedance()
        case .allocationByYear: return allocation()
        case .poolFan(let pool): return poolFan(pool)
        case .nplByYear: return nplByYear()
        }
    }

    // MARK: Axes

    private func moneyAxis(_ lower: Double, _ upper: Double, label: String) -> SVGChart.Axis {
        let (lo, hi, ticks) = SVGChart.niceTicks(lower: lower / numbers.moneyScale, upper: upper / numbers.moneyScale) { v, d in
            MarkdownNumbers.grouped(v, decimals: d)
        }
        return SVGChart.Axis(lower: lo, upper: hi, label: label, ticks: ticks)
    }

    private func percentAxis(_ lower: Double, _ upper: Double, label: String) -> SVGChart.Axis {
        let (lo, hi, ticks) = SVGChart.niceTicks(lower: lower * 100, upper: upper * 100) { v, d in
            MarkdownNumbers.grouped(v, decimals: d) + "%"
        }
        return SVGChart.Axis(lower: lo, upper: hi, label: label, ticks: ticks)
    }

    private func yearAxis(_ years: Int) -> SVGChart.Axis {
        SVGChart.Axis(lower: 0.5, upper: Double(years) + 0.5, label: "Year", ticks: (1...max(years, 1)).map { (Double($0), "\($0)") })
    }

    private func column(_ name: String) -> [Double]? {
        guard let table, table.has(name), table.rowCount > 0 else { return nil }
        return table[name]
    }

    /// The level whose VaR and ES the histogram marks: 99% when reported, else the highest.
    private func markerLevel(_ stat: JSONValue) -> String? {
        let levels = stat["quantiles"]?.members?.map(\.0) ?? []
        return levels.contains("0.99") ? "0.99" : levels.last
    }

    // MARK: Charts

    /// Share of paths per loss bin, with the mean, VaR and ES of report.json as vertical lines.
    func histogram(title: String, pointer: String, column name: String) -> String? {
        guard let values = column(name), let stat = report.at(pointer: pointer), let lo = values.min(), let hi = values.max() else { return nil }
        let bins = 40
        // The bin width must be a normal number, or (v - lo) / width is NaN and Int() traps.
        let upper = hi > lo && ((hi - lo) / Double(bins)).isNormal ? hi : lo + max(numbers.moneyScale, abs(lo) * 1e-3)
        let width = (upper - lo) / Double(bins)
        var mass = [Double](repeating: 0, count: bins)
        let weights = table?.weights
        let total = weights?.reduce(0, +) ?? Double(values.count)
        for (i, v) in values.enumerated() {
            let b = min(bins - 1, max(0, Int((v - lo) / width)))
            mass[b] += (weights?[i] ?? 1) / total
        }
        let peak = (mass.max() ?? 0) * 100
        var chart = SVGChart(title: "\(title): distribution over \(values.count) paths",
                             x: moneyAxis(lo, upper, label: "Loss over the horizon (\(numbers.moneyLabel))"),
                             y: percentAxis(0, max(peak, 1e-9) / 100, label: "Share of paths"))
        let boxes = mass.indices.filter { mass[$0] > 0 }.map { b in
            ((lo + Double(b) * width) / numbers.moneyScale, (lo + Double(b + 1) * width) / numbers.moneyScale, 0.0, mass[b] * 100)
        }
        chart.rectangles(boxes, fill: SVGChart.palette[0], opacity: 0.7, stroke: "#ffffff")
        chart.addLegend("paths per bin", color: SVGChart.palette[0], mark: .area)
        if let mean = stat["mean"]?.doubleValue {
            chart.verticalMarker(at: mean / numbers.moneyScale, color: "#333333", dashed: false)
            chart.addLegend("mean \(numbers.money(mean))", color: "#333333", mark: .line(dashed: false))
        }
        if let level = markerLevel(stat) {
            let label = MarkdownNumbers.levelLabel(level)
            if let v = stat["quantiles"]?[level]?.doubleValue {
                chart.verticalMarker(at: v / numbers.moneyScale, color: SVGChart.palette[3], dashed: true)
                chart.addLegend("VaR \(label) \(numbers.money(v))", color: SVGChart.palette[3], mark: .line(dashed: true))
            }
            if let es = stat["expected_shortfall"]?[level]?.doubleValue {
                chart.verticalMarker(at: es / numbers.moneyScale, color: SVGChart.palette[4], dashed: true)
                chart.addLegend("ES \(label) \(numbers.money(es))", color: SVGChart.palette[4], mark: .line(dashed: true))
            }
        }
        return chart.render()
    }

    /// The quantities drawn in the exceedance chart: gross loss and every party's loss.
    private var lossSeries: [(label: String, pointer: String, column: String)] {
        var series: [(String, String, String)] = [("gross loss", "/gross_loss", "gross_loss")]
        for (name, _) in report["parties"]?.members ?? [] {
            series.append((name, MarkdownReport.pointer("parties", name, "loss"), "party.\(name).loss"))
        }
        return series.filter { report.at(pointer: $0.1)?.isStat == true }
    }

    /// P(loss > x) on a log scale. From the paths when available, else through the reported
    /// quantiles (P(loss > VaR_q) ≈ 1 - q).
    func exceedance() -> String? {
        var curves: [(label: String, points: [(Double, Double)])] = []
        var xmax = 0.0
        var pmin = 1.0
        for series in lossSeries {
            if let values = column(series.column) {
                let summary = Summary(values: values, weights: table?.weights)
                guard let top = summary.sorted.last, top > 0 else { continue }
                xmax = max(xmax, top)
                let steps = 150
                var points: [(Double, Double)] = []
                for i in 0...steps {
                    let x = top * Double(i) / Double(steps)
                    let p = summary.exceedance(x).p
                    if p > 0 { points.append((x, p)) }
                }
                if let smallest = points.last?.1 { pmin = min(pmin, smallest) }
                if !points.isEmpty { curves.append((series.label, points)) }
            } else if let stat = report.at(pointer: series.pointer) {
                let points = (stat["quantiles"]?.members ?? []).compactMap { key, v -> (Double, Double)? in
                    guard let q = Double(key), let x = v.doubleValue, q < 1 else { return nil }
                    return (x, 1 - q)
                }
                guard points.count > 1 else { continue }
                xmax = max(xmax, points.map(\.0).max() ?? 0)
                pmin = min(pmin, points.map(\.1).min() ?? 1)
                curves.append((series.label, points))
            }
        }
        guard !curves.isEmpty, xmax > 0 else { return nil }
        let exponent = min(-1, Int(floor(log10(pmin))))
        let y = SVGChart.Axis(lower: pow(10, Double(exponent)), upper: 1, log: true, label: "P(loss > x), log scale",
                              ticks: SVGChart.logPercentTicks(lowerExponent: exponent))
        var chart = SVGChart(title: "Probability that the loss over the horizon exceeds x",
                             x: moneyAxis(0, xmax, label: "x (\(numbers.moneyLabel))"), y: y)
        for (i, curve) in curves.enumerated() {
            let color = SVGChart.palette[i % SVGChart.palette.count]
            chart.line(curve.points.map { ($0.0 / numbers.moneyScale, $0.1) }, color: color, dashed: i == 0 && curves.count > 1)
            chart.addLegend(curve.label, color: color, mark: .line(dashed: i == 0 && curves.count > 1))
        }
        return chart.render()
    }

    /// Each party's expected loss per year, stacked: the bars add up to the expected gross loss.
    func allocation() -> String? {
        let parties = (report["parties"]?.members ?? []).compactMap { name, party -> (String, [Double])? in
            guard let years = party["by_year"]?.items else { return nil }
            return (name, years.map { max(0, $0["mean"]?.doubleValue ?? 0) })
        }
        let years = parties.map(\.1.count).max() ?? 0
        guard years > 0 else { return nil }
        var totals = [Double](repeating: 0, count: years)
        for (_, means) in parties { for (t, m) in means.enumerated() { totals[t] += m } }
        var chart = SVGChart(title: "Expected loss by year and who bears it", x: yearAxis(years),
                             y: moneyAxis(0, max(totals.max() ?? 0, 1), label: "Expected loss (\(numbers.moneyLabel))"))
        var base = [Double](repeating: 0, count: years)
        for (i, (name, means)) in parties.enumerated() {
            let color = SVGChart.palette[i % SVGChart.palette.count]
            let boxes = means.enumerated().map { t, m in
                (Double(t + 1) - 0.35, Double(t + 1) + 0.35, base[t] / numbers.moneyScale, (base[t] + m) / numbers.moneyScale)
            }
            for (t, m) in means.enumerated() { base[t] += m }
            chart.rectangles(boxes, fill: color, opacity: 0.85, stroke: "#ffffff")
            chart.addLegend(name, color: color, mark: .area)
        }
        return chart.render()
    }

    /// Distribution per year of a quantity: from the path columns `columns[t]` when present
    /// (5, 25, 50, 75, 95% and mean), else from the STATs of report.json.
    private func yearly(columns: [String], stats: [JSONValue?]) -> [(p5: Double, p25: Double?, p50: Double, p75: Double?, p95: Double, mean: Double)]? {
        var result: [(Double, Double?, Double, Double?, Double, Double)] = []
        for (t, name) in columns.enumerated() {
            if let values = column(name) {
                let s = Summary(values: values, weights: table?.weights)
                result.append((s.quantile(0.05), s.quantile(0.25), s.quantile(0.5), s.quantile(0.75), s.quantile(0.95), s.mean))
            } else if let stat = stats[t], let mean = stat["mean"]?.doubleValue {
                let q = { (level: String) in stat["quantiles"]?[level]?.doubleValue }
                result.append((q("0.05") ?? stat["min"]?.doubleValue ?? mean, q("0.25"), q("0.5") ?? mean, q("0.75"),
                               q("0.95") ?? stat["max"]?.doubleValue ?? mean, mean))
            } else {
                return nil
            }
        }
        return result.isEmpty ? nil : result
    }

    /// The balance at the end of each year: median line, 5-95% band, mean markers.
    func poolFan(_ pool: String) -> String? {
        guard let entry = report["pools"]?[pool] else { return nil }
        let stats = entry["balance_end_by_year"]?.items ?? []
        let years = max(stats.count, report["years"]?.items?.count ?? 0)
        guard years > 0 else { return nil }
        let names = (1...years).map { t in
            table?.names.first { $0.hasPrefix("pool.\(pool).") && $0.contains("balance") && $0.hasSuffix(".y\(t)") } ?? ""
        }
        guard let rows = yearly(columns: names, stats: (0..<years).map { stats.indices.contains($0) ? stats[$0] : nil }) else { return nil }
        let fromPaths = names.allSatisfy { column($0) != nil }
        var title = "Pool \(pool): balance at year end"
        if let p = entry["p_exhausted"] {
            let prob = p["p"]?.doubleValue ?? p.doubleValue ?? 0
            title += ", exhausted on \(numbers.percent(prob))"
            if let se = p["stderr"]?.doubleValue { title += " ± \(numbers.percent(se))" }
            title += " of paths"
        }
        let xs = (1...years).map(Double.init)
        let scale = numbers.moneyScale
        var chart = SVGChart(title: title, x: yearAxis(years),
                             y: moneyAxis(min(0, rows.map(\.p5).min() ?? 0), max(rows.map(\.p95).max() ?? 0, 1), label: "Balance (\(numbers.moneyLabel))"))
        chart.band(xs, lower: rows.map { $0.p5 / scale }, upper: rows.map { $0.p95 / scale }, fill: SVGChart.palette[0])
        chart.line(Array(zip(xs, rows.map { $0.p50 / scale })), color: SVGChart.palette[0])
        chart.dots(Array(zip(xs, rows.map { $0.mean / scale })), color: SVGChart.palette[1])
        chart.addLegend(fromPaths ? "5-95% of paths" : "reported range", color: SVGChart.palette[0], mark: .area)
        chart.addLegend("median", color: SVGChart.palette[0], mark: .line(dashed: false))
        chart.addLegend("mean", color: SVGChart.palette[1], mark: .dot)
        return chart.render()
    }

    /// Box per year: 25-75% box, 5-95% whiskers, median, mean; the tolerance as a dashed line.
    func nplByYear() -> String? {
        let stats = report["years"]?.items ?? []
        guard !stats.isEmpty else { return nil }
        // With a tolerance, draw the ratio the tolerance is tested on (the risk-sharing plan's
        // `tolerance.npl_ratio.y<t>` columns) when the table has it.
        let tested = report["tolerance"] != nil && table?.has("tolerance.npl_ratio.y1") == true
        let names = (1...stats.count).map { tested ? "tolerance.npl_ratio.y\($0)" : "npl_ratio.y\($0)" }
        guard let rows = yearly(columns: names, stats: stats.map { $0["npl_ratio"] }) else { return nil }
        let tolerance = report["tolerance"]?["level"]?.doubleValue
        let top = max(rows.map(\.p95).max() ?? 0, tolerance ?? 0, 1e-4)
        var chart = SVGChart(title: "NPL ratio by year", x: yearAxis(stats.count), y: percentAxis(0, top * 1.05, label: "NPL ratio"))
        let xs = (1...stats.count).map(Double.init)
        var whiskers: [(Double, Double, Double, Double)] = []
        var boxes: [(Double, Double, Double, Double)] = []
        var medians: [(Double, Double, Double, Double)] = []
        for (x, row) in zip(xs, rows) {
            whiskers.append((x - 0.02, x + 0.02, row.p5 * 100, row.p95 * 100))
            boxes.append((x - 0.25, x + 0.25, (row.p25 ?? row.p50) * 100, (row.p75 ?? row.p50) * 100))
            medians.append((x - 0.25, x + 0.25, row.p50 * 100 - top * 0.4, row.p50 * 100 + top * 0.4))
        }
        chart.rectangles(whiskers, fill: SVGChart.palette[0], opacity: 0.6)
        chart.rectangles(boxes, fill: SVGChart.palette[0], opacity: 0.35, stroke: SVGChart.palette[0])
        chart.rectangles(medians, fill: "#333333")
        chart.dots(Array(zip(xs, rows.map { $0.mean * 100 })), color: SVGChart.palette[1])
        chart.addLegend("5-95% of paths", color: SVGChart.palette[0], mark: .line(dashed: false))
        chart.addLegend("25-75% of paths", color: SVGChart.palette[0], mark: .area)
        chart.addLegend("median", color: "#333333", mark: .line(dashed: false))
        chart.addLegend("mean", color: SVGChart.palette[1], mark: .dot)
        if let tolerance {
            chart.horizontalMarker(at: tolerance * 100, color: SVGChart.palette[3])
            chart.addLegend("tolerance \(numbers.percent(tolerance))", color: SVGChart.palette[3], mark: .line(dashed: true))
        }
        return chart.render()
    }
}
