import Foundation
import RiskShareKit
import RiskShareSupport

/// The HTML page of a sweep (`riskshare sweep --html FILE`). For every metric that varies: its
/// readable label and unit, a chart of its value against the first varied parameter (one line
/// per combination of the other parameters, a band of ±2 standard errors), a chart of its
/// difference from the baseline variant (a band of ±2 standard errors of the paired difference,
/// usually far narrower), and a table of both. Metrics that are the same in every variant are
/// listed once, not plotted. Self-contained like report.html.
public enum SweepHTML {
    public static func render(_ sweep: SweepSummary) -> String {
        let name = URL(fileURLWithPath: sweep.scenario).lastPathComponent
        var body = "<h1>Sweep of \(escape(name))</h1>\n"
        body +=
            "<p>\(sweep.rows.count) variants of <code>\(escape(sweep.scenario))</code> on common random numbers "
            + "(the same seed and random streams), \(sweep.paths) paths each, varying "
            + sweep.axes.map { "\(escape(ParameterLabel($0).text)) (<code>\(escape($0))</code>)" }.joined(separator: ", ") + ".</p>\n"
        if let base = sweep.baselineRow {
            body +=
                "<p>Differences (Δ) are taken from the baseline, variant \(base.variant): \(escape(sweep.describe(base))). "
                + "Because the variants share their random numbers, a difference is known far more precisely than either value: "
                + "its standard error is that of the paired difference, path by path (Scenarios/README.md, "
                + "“Sweeps: differences from a baseline”). ± is one standard error; bands in the charts are ±2.</p>\n"
        }
        if let note = sweep.pairedNote { body += "<p class=\"note\">\(escape(note))</p>\n" }
        var entries: [HTMLPage.Entry] = []
        var sections = ""
        for m in sweep.varyingMetrics {
            let id = "metric-\(m + 1)"
            let label = MetricLabel(sweep.metrics[m])
            let format = sweep.format(metric: m)
            let title = label.text + (format.unit.isEmpty ? "" : " (\(format.unit))")
            entries.append(HTMLPage.Entry(id: id, title: label.text))
            sections +=
                "<section id=\"\(id)\">\n<h2>\(escape(title))</h2>\n<p><code>\(escape(sweep.metrics[m]))</code>"
                + (sweep.missingPairedError(metric: m).map { "; \(escape($0))" } ?? "") + "</p>\n"
            if let chart = chart(sweep, metric: m, differences: false) {
                sections += "<figure>\n\(chart)\n</figure>\n"
            } else {
                sections += "<p>Not plotted: the first varied value, <code>\(escape(sweep.axes.first ?? ""))</code>, is not a number.</p>\n"
            }
            if let chart = chart(sweep, metric: m, differences: true) { sections += "<figure>\n\(chart)\n</figure>\n" }
            sections += table(sweep, metric: m, format: format)
            sections += "</section>\n"
        }
        let constant = sweep.constantMetrics
        if !constant.isEmpty, let first = sweep.rows.first {
            entries.append(HTMLPage.Entry(id: "constant", title: "The same in every variant"))
            sections += "<section id=\"constant\">\n<h2>The same in every variant</h2>\n<ul>\n"
            for m in constant {
                sections +=
                    "<li>\(escape(MetricLabel(sweep.metrics[m]).text)): \(escape(sweep.format(metric: m).withUnit(first.readings[m].value))) "
                    + "(<code>\(escape(sweep.metrics[m]))</code>)</li>\n"
            }
            sections += "</ul>\n</section>\n"
        }
        body += HTMLPage.contents(entries, heading: "Contents") + sections
        return HTMLPage.document(
            title: "RiskShare sweep: \(name)", language: "en", generator: "RiskShare \(RiskShareVersion.current)", body: body)
    }

    /// Variant, varied values, value ± s.e., Δ ± paired s.e.
    static func table(_ sweep: SweepSummary, metric m: Int, format: SweepValueFormat) -> String {
        let unit = format.unit.isEmpty ? "" : " (\(format.unit))"
        let header = ["Variant"] + sweep.axisHeaders + ["Value ± s.e.\(unit)", "Δ ± paired s.e.\(unit)"]
        let rows = sweep.rows.map { row -> [String] in
            let reading = row.readings[m]
            return [String(row.variant)] + sweep.axes.indices.map { sweep.axisValue(row, axis: $0) }
                + [
                    format.withError(reading.value, reading.stderr),
                    SweepTable.difference(row, metric: m, format: format, baseline: sweep.baseline),
                ]
        }
        return HTMLPage.table(header: header.map(escape), rows: rows.map { $0.map(escape) }, numeric: header.map { _ in true })
    }

    /// The chart of one metric (or of its difference from the baseline) against the first varied
    /// value; nil when that value is not a number.
    static func chart(_ sweep: SweepSummary, metric m: Int, differences: Bool) -> String? {
        let rows = sweep.rows
        guard !rows.isEmpty, !sweep.axes.isEmpty else { return nil }
        let xs = rows.map { Double($0.labels[0]) }
        guard xs.allSatisfy({ $0?.isFinite == true }) else { return nil }
        if differences, rows.contains(where: { $0.differences == nil }) { return nil }
        let format = sweep.format(metric: m)
        let xLabel = ParameterLabel(sweep.axes[0])
        let xFormat = SweepValueFormat(kind: xLabel.kind, values: xs.compactMap { $0 }, currency: sweep.currency)
        // Lines: one per combination of the other axes' values, in first-seen order. An axis that
        // moves together with the first (zipped: one value per x) is not a separate line.
        let others = (1..<sweep.axes.count).filter { j in
            var seen: [String: String] = [:]
            for row in rows {
                if let v = seen[row.labels[0]], v != row.labels[j] { return true }
                seen[row.labels[0]] = row.labels[j]
            }
            return false
        }
        var keys: [String] = []
        var lines: [String: [(x: Double, y: Double, se: Double?)]] = [:]
        for (i, row) in rows.enumerated() {
            let key = others.map { "\(ParameterLabel(sweep.axes[$0]).shortText) \(sweep.axisValue(row, axis: $0))" }.joined(separator: ", ")
            if lines[key] == nil { keys.append(key) }
            let point: (Double, Double?) =
                differences
                ? (row.differences![m].value, row.differences![m].stderr)
                : (row.readings[m].value, row.readings[m].stderr)
            lines[key, default: []].append((xs[i]! / xFormat.scale, point.0 / format.scale, point.1.map { $0 / format.scale }))
        }
        let values = lines.values.joined().flatMap { p -> [Double] in [p.y - 2 * (p.se ?? 0), p.y + 2 * (p.se ?? 0)] }.filter(\.isFinite)
        let xValues = lines.values.joined().map(\.x)
        guard let yMin = values.min(), let yMax = values.max(), let xMin = xValues.min(), let xMax = xValues.max() else { return nil }
        let xTick: (Double, Int) -> String = { v, d in GroupedNumber.format(v, decimals: d) }
        let yTick: (Double, Int) -> String = { v, d in GroupedNumber.format(v, decimals: d) }
        let (x0, x1, xTicks) = SVGChart.niceTicks(lower: xMin, upper: xMax, label: xTick)
        // Levels start from 0 when that costs little room; differences always show 0.
        let lower = differences ? min(yMin, 0) : (0 < yMin && yMin < yMax / 3 ? 0 : yMin)
        let upper = differences ? max(yMax, 0) : yMax
        let (y0, y1, yTicks) = SVGChart.niceTicks(lower: lower, upper: upper, label: yTick)
        let label = MetricLabel(sweep.metrics[m]).text
        let unit = format.unit.isEmpty ? "" : " (\(format.unit))"
        let title = differences ? "Difference from variant \(sweep.baseline), ±2 paired s.e." : "\(label), ±2 s.e."
        var chart = SVGChart(
            title: title,
            x: SVGChart.Axis(
                lower: x0, upper: x1, label: xLabel.text + (xFormat.unit.isEmpty ? "" : " (\(xFormat.unit))"),
                ticks: xTicks.map { (value: $0.0, text: $0.1) }),
            y: SVGChart.Axis(
                lower: y0, upper: y1, label: (differences ? "Δ " : "") + "value\(unit)",
                ticks: yTicks.map { (value: $0.0, text: $0.1) }))
        if differences { chart.horizontalMarker(at: 0, color: "#999999") }
        for (k, key) in keys.enumerated() {
            let points = lines[key]!.sorted { $0.x < $1.x }
            let color = SVGChart.palette[k % SVGChart.palette.count]
            if points.allSatisfy({ $0.se != nil }) {
                chart.band(
                    points.map(\.x), lower: points.map { $0.y - 2 * $0.se! }, upper: points.map { $0.y + 2 * $0.se! }, fill: color,
                    opacity: 0.2)
            }
            chart.line(points.map { ($0.x, $0.y) }, color: color)
            chart.dots(points.map { ($0.x, $0.y) }, color: color)
            chart.addLegend(key.isEmpty ? label : key, color: color, mark: .line(dashed: false))
        }
        return chart.render()
    }

    static func escape(_ s: String) -> String { HTMLPage.escape(s) }
}
