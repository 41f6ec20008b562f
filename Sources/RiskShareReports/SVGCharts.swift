import Foundation
import RiskShareKit
import RiskShareSupport

/// The charts of report.html, drawn from the report model and, where a distribution needs the
/// individual paths (histograms, exceedance curves, fans), from the run's PathTable. Markers
/// that show a reported figure (mean, VaR, ES, tolerance) take it from the model, so the charts
/// and the tables agree. Each party has one colour in every chart (`PartyColors`); every amount
/// axis has the unit that fits the quantity drawn (`MoneyUnit`). A chart whose data is missing is
/// left out (nil).
struct SVGCharts {
    let report: Report
    let table: PathTable?
    let language: ReportLanguage
    let s: ReportStrings
    let colors: PartyColors

    init(report: Report, table: PathTable?, language: ReportLanguage) {
        self.report = report
        self.table = table
        self.language = language
        s = ReportStrings(language: language)
        colors = PartyColors(report: report)
    }

    func chart(_ kind: MarkdownDocument.Chart) -> String? {
        switch kind {
        case let .lossHistogram(title, quantity): return histogram(title: title, quantity: quantity)
        case .exceedance: return exceedance()
        case .allocationByYear: return allocation()
        case .poolFan(let pool): return poolFan(pool)
        case .nplByYear: return nplByYear()
        case .capsByYear: return capsByYear()
        case .contributionsBySegment: return contributionsBySegment()
        }
    }

    // MARK: Data

    /// The model's distribution of a charted quantity, its per-path column, colour and axis title.
    private func subject(_ quantity: MarkdownDocument.ChartQuantity)
        -> (stat: DistributionSummary, column: String, color: String, axis: (String) -> String)?
    {
        switch quantity {
        case .grossLoss:
            return (report.grossLoss, "gross_loss", PartyColors.grossLoss, s.lossAxis)
        case .partyLoss(let name):
            guard let party = report.parties.first(where: { $0.name == name }) else { return nil }
            return (party.loss, "party.\(name).loss", colors.color(of: name), s.lossAxis)
        case .publicCost:
            guard let fiscal = report.fiscal else { return nil }
            return (fiscal.cost, "fiscal.cost", PartyColors.publicCost, s.publicCostAxis)
        }
    }

    private func column(_ name: String) -> [Double]? {
        guard let table, table.has(name), table.rowCount > 0 else { return nil }
        return table[name]
    }

    private func unit(_ magnitude: Double) -> MoneyUnit {
        MoneyUnit.fitting(magnitude, currency: report.scenario.currency, language: language)
    }

    /// An amount in `unit` with its suffix, for legends: "58.51m", "5,851.23万".
    private func amount(_ x: Double, _ unit: MoneyUnit) -> String {
        GroupedNumber.format(x / unit.scale, decimals: unit.decimals) + unit.suffix
    }

    private func percent(_ p: Double, decimals: Int = 2) -> String { GroupedNumber.format(p * 100, decimals: decimals) + "%" }

    private func level(_ q: Double) -> String { NumberFormat.plain((q * 1000).rounded() / 10) + "%" }

    // MARK: Axes

    private func moneyAxis(_ lower: Double, _ upper: Double, unit: MoneyUnit, label: String) -> SVGChart.Axis {
        let (lo, hi, ticks) = SVGChart.niceTicks(lower: lower / unit.scale, upper: upper / unit.scale) { v, d in
            GroupedNumber.format(v, decimals: d)
        }
        return SVGChart.Axis(lower: lo, upper: hi, label: label, ticks: ticks)
    }

    private func percentAxis(_ lower: Double, _ upper: Double, label: String) -> SVGChart.Axis {
        let (lo, hi, ticks) = SVGChart.niceTicks(lower: lower * 100, upper: upper * 100) { v, d in
            GroupedNumber.format(v, decimals: d) + "%"
        }
        return SVGChart.Axis(lower: lo, upper: hi, label: label, ticks: ticks)
    }

    private func yearAxis(_ years: Int) -> SVGChart.Axis {
        SVGChart.Axis(lower: 0.5, upper: Double(years) + 0.5, label: s.yearAxis, ticks: (1...max(years, 1)).map { (Double($0), "\($0)") })
    }

    /// The level whose VaR and ES the histogram marks: 99% when reported, else the nearest.
    private func markerLevel(_ stat: DistributionSummary) -> TailLevel? { stat.nearestLevel(to: 0.99) }

    // MARK: Charts

    /// Share of paths per bin of the quantity, with the model's mean, VaR and ES as vertical lines.
    func histogram(title: String, quantity: MarkdownDocument.ChartQuantity) -> String? {
        guard let subject = subject(quantity), let values = column(subject.column), let lo = values.min(), let hi = values.max() else {
            return nil
        }
        let stat = subject.stat
        let unit = unit(max(abs(stat.mean.value), abs(hi)))
        let bins = 40
        // The bin width must be a normal number, or (v - lo) / width is NaN and Int() traps.
        let upper = hi > lo && ((hi - lo) / Double(bins)).isNormal ? hi : lo + max(unit.scale, abs(lo) * 1e-3)
        let width = (upper - lo) / Double(bins)
        var mass = [Double](repeating: 0, count: bins)
        let weights = table?.weights
        let total = weights?.reduce(0, +) ?? Double(values.count)
        for (i, v) in values.enumerated() {
            let b = min(bins - 1, max(0, Int((v - lo) / width)))
            mass[b] += (weights?[i] ?? 1) / total
        }
        let peak = (mass.max() ?? 0) * 100
        let paths = GroupedNumber.format(Double(values.count), decimals: 0)
        var chart = SVGChart(
            title: s.distributionTitle(title, paths: paths),
            x: moneyAxis(lo, upper, unit: unit, label: subject.axis(unit.label)),
            y: percentAxis(0, max(peak, 1e-9) / 100, label: s.shareOfPaths))
        let boxes = mass.indices.filter { mass[$0] > 0 }.map { b in
            ((lo + Double(b) * width) / unit.scale, (lo + Double(b + 1) * width) / unit.scale, 0.0, mass[b] * 100)
        }
        chart.rectangles(boxes, fill: subject.color, opacity: 0.75, stroke: "#ffffff")
        chart.addLegend(s.pathsPerBin, color: subject.color, mark: .area)
        chart.verticalMarker(at: stat.mean.value / unit.scale, color: "#333333", dashed: false)
        chart.addLegend(s.meanLegend(amount(stat.mean.value, unit)), color: "#333333", mark: .line(dashed: false))
        if let tail = markerLevel(stat), tail.coverage == .covered {
            chart.verticalMarker(at: tail.valueAtRisk / unit.scale, color: "#000000", dashed: true)
            chart.addLegend(
                s.valueAtRiskLegend(level(tail.level), amount(tail.valueAtRisk, unit)), color: "#000000", mark: .line(dashed: true))
            chart.verticalMarker(at: tail.expectedShortfall.value / unit.scale, color: "#000000", dashed: false, dotted: true)
            chart.addLegend(
                s.expectedShortfallLegend(level(tail.level), amount(tail.expectedShortfall.value, unit)), color: "#000000",
                mark: .dottedLine)
        }
        return chart.render()
    }

    /// The quantities drawn in the exceedance chart: gross loss and every party's loss.
    private var lossSeries: [(label: String, stat: DistributionSummary, column: String, color: String)] {
        [(s.grossLossLegend, report.grossLoss, "gross_loss", PartyColors.grossLoss)]
            + report.parties.map { ($0.name, $0.loss, "party.\($0.name).loss", colors.color(of: $0.name)) }
    }

    /// P(loss > x) on a log scale. From the paths when available, else through the reported
    /// levels (P(loss > VaR_q) ≈ 1 − q). The x axis is in the unit of the gross loss, the largest.
    func exceedance() -> String? {
        var curves: [(label: String, color: String, points: [(Double, Double)])] = []
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
                if !points.isEmpty { curves.append((series.label, series.color, points)) }
            } else {
                let points = series.stat.levels.filter { $0.level < 1 }.map { ($0.valueAtRisk, 1 - $0.level) }
                guard points.count > 1 else { continue }
                xmax = max(xmax, points.map(\.0).max() ?? 0)
                pmin = min(pmin, points.map(\.1).min() ?? 1)
                curves.append((series.label, series.color, points))
            }
        }
        guard !curves.isEmpty, xmax > 0 else { return nil }
        let unit = unit(xmax)
        let exponent = min(-1, Int(floor(log10(pmin))))
        let y = SVGChart.Axis(
            lower: pow(10, Double(exponent)), upper: 1, log: true, label: s.exceedanceAxis,
            ticks: SVGChart.logPercentTicks(lowerExponent: exponent))
        var chart = SVGChart(title: s.exceedanceTitle, x: moneyAxis(0, xmax, unit: unit, label: s.amountAxis(unit.label)), y: y)
        for curve in curves {
            let dashed = curve.color == PartyColors.grossLoss
            chart.line(curve.points.map { ($0.0 / unit.scale, $0.1) }, color: curve.color, dashed: dashed)
            chart.addLegend(curve.label, color: curve.color, mark: .line(dashed: dashed))
        }
        return chart.render()
    }

    /// Each party's expected loss per year, stacked: the bars add up to the expected gross loss.
    func allocation() -> String? {
        let parties = report.parties.map { ($0.name, $0.lossByYear.map { max(0, $0.mean.value) }) }
        let years = parties.map(\.1.count).max() ?? 0
        guard years > 0 else { return nil }
        var totals = [Double](repeating: 0, count: years)
        for (_, means) in parties { for (t, m) in means.enumerated() { totals[t] += m } }
        let unit = unit(totals.max() ?? 0)
        var chart = SVGChart(
            title: s.allocationTitle, x: yearAxis(years),
            y: moneyAxis(0, max(totals.max() ?? 0, unit.scale), unit: unit, label: s.expectedLossAxis(unit.label)))
        var base = [Double](repeating: 0, count: years)
        for (name, means) in parties {
            let color = colors.color(of: name)
            let boxes = means.enumerated().map { t, m in
                (Double(t + 1) - 0.35, Double(t + 1) + 0.35, base[t] / unit.scale, (base[t] + m) / unit.scale)
            }
            for (t, m) in means.enumerated() { base[t] += m }
            chart.rectangles(boxes, fill: color, opacity: 0.85, stroke: "#ffffff")
            chart.addLegend(name, color: color, mark: .area)
        }
        return chart.render()
    }

    /// Each party's contributions to its ES at 99% (or the nearest reported level), by segment: one group
    /// of bars per segment, one bar per party in the party's colour (values from the model).
    func contributionsBySegment() -> String? {
        guard let contributions = report.contributions, let top = contributions.shownLevel else { return nil }
        let parties = contributions.subjects.filter { $0.name != "gross_loss" }
        guard let segments = parties.first?.breakdown("segment")?.parts.map(\.name), !segments.isEmpty else { return nil }
        let values = parties.map { party in party.breakdown("segment")?.parts.map { $0.expectedShortfall[top].value } ?? [] }
        let all = values.flatMap { $0 }
        let lower = min(all.min() ?? 0, 0), upper = max(all.max() ?? 0, 0)
        let unit = unit(max(abs(lower), abs(upper)))
        let axis = SVGChart.Axis(
            lower: 0.5, upper: Double(segments.count) + 0.5, label: s.segment,
            ticks: segments.enumerated().map { (Double($0.offset + 1), $0.element) })
        var chart = SVGChart(
            title: s.contributionsChartTitle, x: axis,
            y: moneyAxis(
                lower, max(upper, lower + unit.scale), unit: unit,
                label: s.expectedShortfallAxis(level(contributions.levels[top]), unit.label)))
        let width = 0.8 / Double(max(parties.count, 1))
        for (k, party) in parties.enumerated() {
            let color = colors.color(of: party.name)
            let boxes = values[k].enumerated().map { i, v in
                let x0 = Double(i + 1) - 0.4 + Double(k) * width
                return (x0, x0 + width, min(v, 0) / unit.scale, max(v, 0) / unit.scale)
            }
            chart.rectangles(boxes, fill: color, opacity: 0.85, stroke: "#ffffff")
            chart.addLegend(party.name, color: color, mark: .area)
        }
        return chart.render()
    }

    /// A year's spread: 5, 25, 50, 75 and 95% points and the mean (25 and 75% may be unknown).
    struct Spread {
        var p5: Double, p25: Double?, p50: Double, p75: Double?, p95: Double, mean: Double
    }

    /// Distribution per year of a quantity, from the path columns `columns[t]` when the table has
    /// them all, else from the model's summaries (the reported levels at those points, bounded by
    /// the smallest and largest path); `fromPaths` says which.
    private func yearly(columns: [String], stats: [DistributionSummary?]) -> (rows: [Spread], fromPaths: Bool)? {
        let all = columns.compactMap(column)
        if !columns.isEmpty, all.count == columns.count {
            let rows = all.map { values -> Spread in
                let q = Summary(values: values, weights: table?.weights)
                return Spread(
                    p5: q.quantile(0.05), p25: q.quantile(0.25), p50: q.quantile(0.5), p75: q.quantile(0.75), p95: q.quantile(0.95),
                    mean: q.mean)
            }
            return (rows, true)
        }
        var rows: [Spread] = []
        for stat in stats {
            guard let stat else { return nil }
            let at = { (q: Double) in stat.level(q)?.valueAtRisk }
            rows.append(
                Spread(
                    p5: at(0.05) ?? stat.minimum, p25: at(0.25), p50: at(0.5) ?? stat.mean.value, p75: at(0.75),
                    p95: at(0.95) ?? stat.maximum, mean: stat.mean.value))
        }
        return rows.isEmpty ? nil : (rows, false)
    }

    /// The balance at the end of each year: median line, 5-95% band, mean markers, in the pool's colour.
    func poolFan(_ name: String) -> String? {
        guard let pool = report.pools.first(where: { $0.name == name }) else { return nil }
        let years = pool.balanceEndByYear.count
        guard years > 0 else { return nil }
        let names = (1...years).map { "pool.\(name).balance.y\($0)" }
        guard let (rows, fromPaths) = yearly(columns: names, stats: pool.balanceEndByYear) else { return nil }
        let probability = percent(pool.exhausted.p) + " ± " + percent(pool.exhausted.stderr)
        let title = s.poolFanTitle(name) + s.poolExhaustedSuffix(probability)
        let xs = (1...years).map(Double.init)
        let top = max(rows.map(\.p95).max() ?? 0, rows.map(\.mean).max() ?? 0)
        let unit = unit(top)
        let color = colors.color(of: name)
        var chart = SVGChart(
            title: title, x: yearAxis(years),
            y: moneyAxis(min(0, rows.map(\.p5).min() ?? 0), max(top, unit.scale), unit: unit, label: s.balanceAxis(unit.label)))
        chart.band(xs, lower: rows.map { $0.p5 / unit.scale }, upper: rows.map { $0.p95 / unit.scale }, fill: color)
        chart.line(Array(zip(xs, rows.map { $0.p50 / unit.scale })), color: color)
        chart.dots(Array(zip(xs, rows.map { $0.mean / unit.scale })), color: "#333333")
        chart.addLegend(fromPaths ? s.pathsFiveToNinetyFive : s.reportedRange, color: color, mark: .area)
        chart.addLegend(s.median, color: color, mark: .line(dashed: false))
        chart.addLegend(s.mean, color: "#333333", mark: .dot)
        return chart.render()
    }

    /// Box per year: 25-75% box, 5-95% whiskers, median, mean; the tolerance as a dashed line.
    func nplByYear() -> String? {
        let stats = report.years.map(\.nplRatio)
        guard !stats.isEmpty else { return nil }
        // With a tolerance, draw the ratio the tolerance is tested on (the covered book's,
        // `tolerance.npl_ratio.y<t>`) when the table has it.
        let tested = report.tolerance != nil && table?.has("tolerance.npl_ratio.y1") == true
        let names = (1...stats.count).map { tested ? "tolerance.npl_ratio.y\($0)" : "npl_ratio.y\($0)" }
        guard let (rows, fromPaths) = yearly(columns: names, stats: stats) else { return nil }
        let tolerance = report.tolerance?.level
        let top = max(rows.map(\.p95).max() ?? 0, tolerance ?? 0, 1e-4)
        var chart = SVGChart(title: s.nplTitle, x: yearAxis(stats.count), y: percentAxis(0, top * 1.05, label: s.nplAxis))
        let xs = (1...stats.count).map(Double.init)
        let color = PartyColors.grossLoss
        var whiskers: [(Double, Double, Double, Double)] = []
        var boxes: [(Double, Double, Double, Double)] = []
        var medians: [(Double, Double, Double, Double)] = []
        for (x, row) in zip(xs, rows) {
            whiskers.append((x - 0.02, x + 0.02, row.p5 * 100, row.p95 * 100))
            boxes.append((x - 0.25, x + 0.25, (row.p25 ?? row.p50) * 100, (row.p75 ?? row.p50) * 100))
            medians.append((x - 0.25, x + 0.25, row.p50 * 100 - top * 0.4, row.p50 * 100 + top * 0.4))
        }
        chart.rectangles(whiskers, fill: color, opacity: 0.6)
        chart.rectangles(boxes, fill: color, opacity: 0.25, stroke: color)
        chart.rectangles(medians, fill: "#000000")
        chart.dots(Array(zip(xs, rows.map { $0.mean * 100 })), color: "#333333")
        chart.addLegend(fromPaths ? s.pathsFiveToNinetyFive : s.reportedRange, color: color, mark: .line(dashed: false))
        if fromPaths { chart.addLegend(s.pathsQuartiles, color: color, mark: .area) }
        chart.addLegend(s.median, color: "#000000", mark: .line(dashed: false))
        chart.addLegend(s.mean, color: "#333333", mark: .dot)
        if let tolerance {
            chart.horizontalMarker(at: tolerance * 100, color: "#d55e00")
            chart.addLegend(s.toleranceLegend(percent(tolerance)), color: "#d55e00", mark: .line(dashed: true))
        }
        return chart.render()
    }

    /// For each limited layer, P(its limit binds in year t) as a bar with ±2 s.e. whiskers, in
    /// the colour of the (first) party whose limit it is.
    func capsByYear() -> String? {
        let caps = report.caps.filter { !$0.bindsByYear.isEmpty }
        let years = caps.map(\.bindsByYear.count).max() ?? 0
        guard !caps.isEmpty, years > 0 else { return nil }
        let top = caps.flatMap { $0.bindsByYear.map { $0.p + 2 * $0.stderr } }.max() ?? 0
        var chart = SVGChart(title: s.capsChartTitle, x: yearAxis(years), y: percentAxis(0, min(1, max(top, 0.01)), label: s.capsAxis))
        let width = 0.7 / Double(caps.count)
        for (k, cap) in caps.enumerated() {
            let color = cap.parties.first.map(colors.color(of:)) ?? PartyColors.palette[k % PartyColors.palette.count]
            var bars: [(Double, Double, Double, Double)] = []
            var whiskers: [(Double, Double, Double, Double)] = []
            for (t, p) in cap.bindsByYear.enumerated() {
                let x0 = Double(t + 1) - 0.35 + Double(k) * width
                bars.append((x0, x0 + width * 0.9, 0, p.p * 100))
                let mid = x0 + width * 0.45
                whiskers.append((mid - 0.008, mid + 0.008, max(0, p.p - 2 * p.stderr) * 100, min(1, p.p + 2 * p.stderr) * 100))
            }
            chart.rectangles(bars, fill: color, opacity: 0.8, stroke: "#ffffff")
            chart.rectangles(whiskers, fill: "#333333")
            chart.addLegend(s.capLegend(layer: cap.layer, parties: cap.parties.joined(separator: ", ")), color: color, mark: .area)
        }
        return chart.render()
    }
}
