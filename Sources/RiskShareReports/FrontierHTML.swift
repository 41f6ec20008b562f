import Foundation
import RiskShareKit
import RiskShareSupport

/// The HTML page of a trade-off frontier (`riskshare optimize --frontier X,Y --html FILE`): one
/// self-contained chart of Y against X with one line per design family (its feasible points in
/// order of X, with a ±2 standard-error band on Y), and the table of every point.
public enum FrontierHTML {
    /// The page.
    /// - Parameters:
    ///   - points: the frontier, family by family, levels ascending.
    ///   - x: the metric path on the horizontal axis.
    ///   - y: the metric path on the vertical axis.
    ///   - scenario: the scenario file, for the title.
    ///   - method: one sentence saying how the points were found.
    /// - Returns: a self-contained HTML document.
    public static func render(points: [FrontierPoint], x: String, y: String, scenario: String, method: String) -> String {
        let name = URL(fileURLWithPath: scenario).lastPathComponent
        var body = "<h1>Trade-off frontier of \(HTMLPage.escape(name))</h1>\n"
        body +=
            "<p><code>\(HTMLPage.escape(y))</code> against <code>\(HTMLPage.escape(x))</code> for the design families of "
            + "<code>\(HTMLPage.escape(scenario))</code>. \(HTMLPage.escape(method)) "
            + "Bands show ±2 Monte Carlo standard errors of the vertical metric; ± in the table is one.</p>\n"
        if let svg = chart(points: points, x: x, y: y) {
            body += "<figure id=\"frontier\">\n\(svg)\n</figure>\n"
        } else {
            body += "<p>No family has a feasible point: there is nothing to draw.</p>\n"
        }
        body += "<h2>Points</h2>\n"
        let header = ["Family", "Level of \(x)", "Feasible", x, y, "Design", "Evaluations"]
        func shown(_ r: MetricPath.Reading?) -> String {
            guard let r else { return "" }
            return JSONValue.format(r.value) + (r.stderr.map { " ± " + String(format: "%.3g", $0) } ?? "")
        }
        let rows = points.map { p in
            [
                p.family, JSONValue.format(p.level), p.feasible ? "yes" : "no", shown(p.x), shown(p.y),
                p.design.map { "\($0.path) = \(JSONValue.format($0.value))" }.joined(separator: "; "), String(p.evaluations),
            ]
        }
        body += HTMLPage.table(
            header: header.map(HTMLPage.escape), rows: rows.map { $0.map(HTMLPage.escape) },
            numeric: [false, true, false, true, true, false, true])
        return HTMLPage.document(
            title: "RiskShare frontier: \(name)", language: "en",
            generator: "RiskShare \(RiskShareVersion.current)", body: body)
    }

    /// The chart, or nil when no point is feasible.
    static func chart(points: [FrontierPoint], x: String, y: String) -> String? {
        let feasible = points.filter(\.feasible)
        guard !feasible.isEmpty else { return nil }
        let xs = feasible.map { $0.x!.value }
        let ys = feasible.flatMap { p -> [Double] in
            let se = p.y!.stderr ?? 0
            return [p.y!.value - 2 * se, p.y!.value + 2 * se]
        }.filter(\.isFinite)
        guard let xMin = xs.min(), let xMax = xs.max(), let yMin = ys.min(), let yMax = ys.max() else { return nil }
        let label: (Double, Int) -> String = { v, d in String(format: "%.\(d)f", v) }
        let xScale = max(abs(xMin), abs(xMax)) >= 1e6 ? 1e6 : 1
        let yScale = max(abs(yMin), abs(yMax)) >= 1e6 ? 1e6 : 1
        let (x0, x1, xTicks) = SVGChart.niceTicks(lower: min(xMin, 0) / xScale, upper: xMax / xScale, label: label)
        let (y0, y1, yTicks) = SVGChart.niceTicks(lower: min(yMin, 0) / yScale, upper: yMax / yScale, label: label)
        var chart = SVGChart(
            title: "\(y) against \(x)",
            x: SVGChart.Axis(
                lower: x0, upper: x1, label: xScale == 1 ? x : "\(x) (millions)",
                ticks: xTicks.map { (value: $0.0, text: $0.1) }),
            y: SVGChart.Axis(
                lower: y0, upper: y1, label: yScale == 1 ? y : "\(y) (millions)",
                ticks: yTicks.map { (value: $0.0, text: $0.1) }))
        var families: [String] = []
        for p in points where !families.contains(p.family) { families.append(p.family) }
        for (k, family) in families.enumerated() {
            // A design can be the answer at several levels: draw each design once.
            var seen: Set<[Double]> = []
            let line = feasible.filter { $0.family == family }
                .filter { seen.insert($0.design.map(\.value)).inserted }
                .sorted { $0.x!.value < $1.x!.value }
            guard !line.isEmpty else { continue }
            let color = SVGChart.palette[k % SVGChart.palette.count]
            let px = line.map { $0.x!.value / xScale }
            if line.allSatisfy({ $0.y!.stderr != nil }) {
                chart.band(
                    px, lower: line.map { ($0.y!.value - 2 * $0.y!.stderr!) / yScale },
                    upper: line.map { ($0.y!.value + 2 * $0.y!.stderr!) / yScale }, fill: color, opacity: 0.2)
            }
            let xy = zip(px, line.map { $0.y!.value / yScale }).map { ($0, $1) }
            chart.line(xy, color: color)
            chart.dots(xy, color: color)
            chart.addLegend(family, color: color, mark: .line(dashed: false))
        }
        return chart.render()
    }
}
