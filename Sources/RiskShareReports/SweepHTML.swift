import Foundation
import RiskShareKit
import RiskShareSupport

/// The HTML page of a sweep (`riskshare sweep --html FILE`): one self-contained chart per metric
/// against the varied parameters, with a ±2 standard-error band where the metric has one. The
/// first varied path is the horizontal axis; each combination of the other paths is one line.
public enum SweepHTML {
    public static func render(rows: [SweepRow], axes: [String], metrics: [String], scenario: String) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>RiskShare sweep: \(HTMLReport.escape(scenario))</title>
        <style>
        \(HTMLReport.style)
        </style>
        </head>
        <body>
        <h1>Sweep of \(HTMLReport.escape(scenario))</h1>
        <p>\(rows.count) variants on common random numbers (same seed and random streams), varying \(axes.map { "<code>\(HTMLReport.escape($0))</code>" }.joined(separator: ", ")). Bands show ±2 Monte Carlo standard errors.</p>

        """
        for (m, metric) in metrics.enumerated() {
            if let svg = chart(rows: rows, axes: axes, metric: metric, index: m) {
                out += "<figure id=\"chart-\(m + 1)\">\n\(svg)\n</figure>\n"
            }
        }
        out += "<h2>Variants</h2>\n"
        let header = ["variant"] + axes + metrics
        let body = rows.map { row in
            [String(row.variant)] + row.labels + row.readings.map { reading in
                JSONValue.format(reading.value) + (reading.stderr.map { " ± " + NumberFormat.plain(($0 * 1e4).rounded() / 1e4) } ?? "")
            }
        }
        out += HTMLReport.htmlTable(header: header, rows: body, alignments: header.map { _ in .right })
        out += "</body>\n</html>\n"
        return out
    }

    /// The chart of one metric, or nil when the first axis is not numeric.
    static func chart(rows: [SweepRow], axes: [String], metric: String, index: Int) -> String? {
        guard !rows.isEmpty, !axes.isEmpty else { return nil }
        let xs = rows.map { Double($0.labels[0]) }
        guard xs.allSatisfy({ $0 != nil }) else { return nil }
        // Lines: one per combination of the other axes' values, in first-seen order. An axis that
        // moves together with the first (zipped: one value per x) is not a separate line.
        let others = (1..<axes.count).filter { j in
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
            let key = others.map { j -> String in
                let label = row.labels[j]
                let shown = Double(label).map { abs($0) >= 1e3 ? NumberFormat.money($0) : label } ?? label
                return "\(shortName(axes[j])) = \(shown)"
            }.joined(separator: ", ")
            if lines[key] == nil { keys.append(key) }
            lines[key, default: []].append((xs[i]!, row.readings[index].value, row.readings[index].stderr))
        }
        let values = rows.flatMap { row -> [Double] in
            let r = row.readings[index]
            let se = r.stderr ?? 0
            return [r.value - 2 * se, r.value + 2 * se]
        }.filter(\.isFinite)
        guard let yMin = values.min(), let yMax = values.max(), let xMin = xs.compactMap({ $0 }).min(), let xMax = xs.compactMap({ $0 }).max() else { return nil }
        let label: (Double, Int) -> String = { v, d in String(format: "%.\(d)f", v) }
        let (x0, x1, xTicks) = SVGChart.niceTicks(lower: xMin, upper: xMax, label: label)
        let scale = max(abs(yMin), abs(yMax)) >= 1e6 ? 1e6 : 1
        let (y0, y1, yTicks) = SVGChart.niceTicks(lower: min(yMin, 0 < yMin && yMin < yMax / 10 ? 0 : yMin) / scale, upper: yMax / scale, label: label)
        var chart = SVGChart(title: metric,
                             x: SVGChart.Axis(lower: x0, upper: x1, label: shortName(axes[0]), ticks: xTicks.map { (value: $0.0, text: $0.1) }),
                             y: SVGChart.Axis(lower: y0, upper: y1, label: scale == 1 ? metric : "\(metric) (millions)",
                                              ticks: yTicks.map { (value: $0.0, text: $0.1) }))
        for (k, key) in keys.enumerated() {
            let points = lines[key]!.sorted { $0.x < $1.x }
            let color = SVGChart.palette[k % SVGChart.palette.count]
            if points.allSatisfy({ $0.se != nil }) {
                chart.band(points.map(\.x), lower: points.map { ($0.y - 2 * $0.se!) / scale }, upper: points.map { ($0.y + 2 * $0.se!) / scale }, fill: color, opacity: 0.2)
            }
            chart.line(points.map { ($0.x, $0.y / scale) }, color: color)
            chart.dots(points.map { ($0.x, $0.y / scale) }, color: color)
            chart.addLegend(key.isEmpty ? metric : key, color: color, mark: .line(dashed: false))
        }
        return chart.render()
    }

    /// The last key of a parameter path, for legends and axis titles: `...shares.bank` -> `bank`.
    static func shortName(_ path: String) -> String {
        String(path.split(separator: ".").last ?? Substring(path))
    }
}
