import Foundation
import RiskShareKit

/// One inline SVG chart: a plot area with a title, labelled axes with readable ticks, a legend
/// on the right, and marks drawn in data coordinates. The output is XML-well-formed (every
/// element closed, text escaped), has no external references, and prints coordinates with
/// fixed decimals so the same data always gives the same bytes.
struct SVGChart {
    /// An axis: its range in data units, whether it is logarithmic, and its tick labels.
    struct Axis {
        var lower: Double
        var upper: Double
        var log = false
        var label: String
        var ticks: [(value: Double, text: String)] = []
    }

    enum LegendMark { case line(dashed: Bool), dottedLine, area, dot }

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    let width = 760.0
    let height = 380.0
    let left = 84.0, right = 200.0, top = 44.0, bottom = 58.0
    var title: String
    var x: Axis
    var y: Axis
    private var marks: [String] = []
    private var legend: [(label: String, color: String, mark: LegendMark)] = []

    init(title: String, x: Axis, y: Axis) {
        self.title = title
        self.x = x
        self.y = y
    }

    // MARK: Coordinates

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    private func fraction(_ v: Double, _ axis: Axis) -> Double {
        if axis.log {
            let lo = log10(axis.lower), hi = log10(axis.upper)
            return (log10(max(v, axis.lower)) - lo) / (hi - lo)
        }
        return axis.upper == axis.lower ? 0 : (v - axis.lower) / (axis.upper - axis.lower)
    }

    func px(_ v: Double) -> Double { left + fraction(v, x) * plotWidth }
    func py(_ v: Double) -> Double { top + plotHeight - fraction(v, y) * plotHeight }

    static func f(_ v: Double) -> String {
        let s = String(format: "%.1f", v)
        return s == "-0.0" ? "0.0" : s
    }

    // MARK: Marks

    /// A polyline through data points.
    mutating func line(_ points: [(Double, Double)], color: String, width: Double = 2, dashed: Bool = false) {
        guard let first = points.first else { return }
        var d = "M\(Self.f(px(first.0))),\(Self.f(py(first.1)))"
        for p in points.dropFirst() { d += " L\(Self.f(px(p.0))),\(Self.f(py(p.1)))" }
        marks.append(
            "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(Self.f(width))\"\(dashed ? " stroke-dasharray=\"6,4\"" : "")/>"
        )
    }

    /// Rectangles in data coordinates (x0, x1, y0, y1), drawn as one path.
    mutating func rectangles(_ boxes: [(Double, Double, Double, Double)], fill: String, opacity: Double = 1, stroke: String? = nil) {
        guard !boxes.isEmpty else { return }
        let d = boxes.map { b in
            let x0 = Self.f(px(b.0)), x1 = Self.f(px(b.1)), y0 = Self.f(py(b.2)), y1 = Self.f(py(b.3))
            return "M\(x0),\(y0) H\(x1) V\(y1) H\(x0) Z"
        }.joined(separator: " ")
        let strokeAttribute = stroke.map { " stroke=\"\($0)\" stroke-width=\"0.5\"" } ?? ""
        marks.append("<path d=\"\(d)\" fill=\"\(fill)\" fill-opacity=\"\(Self.f(opacity))\"\(strokeAttribute)/>")
    }

    /// A band between a lower and an upper line.
    mutating func band(_ xs: [Double], lower: [Double], upper: [Double], fill: String, opacity: Double = 0.3) {
        guard !xs.isEmpty else { return }
        var d = "M\(Self.f(px(xs[0]))),\(Self.f(py(upper[0])))"
        for i in xs.indices.dropFirst() { d += " L\(Self.f(px(xs[i]))),\(Self.f(py(upper[i])))" }
        for i in xs.indices.reversed() { d += " L\(Self.f(px(xs[i]))),\(Self.f(py(lower[i])))" }
        marks.append("<path d=\"\(d) Z\" fill=\"\(fill)\" fill-opacity=\"\(Self.f(opacity))\" stroke=\"none\"/>")
    }

    /// Small diamonds at data points.
    mutating func dots(_ points: [(Double, Double)], color: String) {
        guard !points.isEmpty else { return }
        let d = points.map { p in
            let cx = px(p.0), cy = py(p.1)
            return
                "M\(Self.f(cx)),\(Self.f(cy - 4)) L\(Self.f(cx + 4)),\(Self.f(cy)) L\(Self.f(cx)),\(Self.f(cy + 4)) L\(Self.f(cx - 4)),\(Self.f(cy)) Z"
        }.joined(separator: " ")
        marks.append("<path d=\"\(d)\" fill=\"\(color)\"/>")
    }

    /// A vertical line at data x across the plot, labelled at the top.
    mutating func verticalMarker(at value: Double, color: String, dashed: Bool, dotted: Bool = false) {
        let xp = Self.f(px(value))
        let dash = dotted ? " stroke-dasharray=\"2,3\"" : dashed ? " stroke-dasharray=\"6,4\"" : ""
        marks.append(
            "<path d=\"M\(xp),\(Self.f(top)) V\(Self.f(top + plotHeight))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash) fill=\"none\"/>")
    }

    /// A horizontal line at data y across the plot.
    mutating func horizontalMarker(at value: Double, color: String) {
        let yp = Self.f(py(value))
        marks.append(
            "<path d=\"M\(Self.f(left)),\(yp) H\(Self.f(left + plotWidth))\" stroke=\"\(color)\" stroke-width=\"2\" stroke-dasharray=\"8,4\" fill=\"none\"/>"
        )
    }

    mutating func addLegend(_ label: String, color: String, mark: LegendMark) {
        legend.append((label, color, mark))
    }

    // MARK: Output

    func render() -> String {
        var out =
            "<svg class=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">\n"
        out += "<title>\(Self.escape(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"\(Self.f(left))\" y=\"24\" font-size=\"15\" font-weight=\"bold\">\(Self.escape(title))</text>\n"
        // Grid and ticks first so the marks are drawn over them.
        for tick in x.ticks {
            let xp = Self.f(px(tick.value))
            out += "<path d=\"M\(xp),\(Self.f(top)) V\(Self.f(top + plotHeight))\" stroke=\"#e5e5e5\" stroke-width=\"1\" fill=\"none\"/>\n"
            out +=
                "<text x=\"\(xp)\" y=\"\(Self.f(top + plotHeight + 16))\" font-size=\"11\" text-anchor=\"middle\">\(Self.escape(tick.text))</text>\n"
        }
        for tick in y.ticks {
            let yp = Self.f(py(tick.value))
            out += "<path d=\"M\(Self.f(left)),\(yp) H\(Self.f(left + plotWidth))\" stroke=\"#e5e5e5\" stroke-width=\"1\" fill=\"none\"/>\n"
            out +=
                "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(py(tick.value) + 4))\" font-size=\"11\" text-anchor=\"end\">\(Self.escape(tick.text))</text>\n"
        }
        for mark in marks { out += mark + "\n" }
        out +=
            "<path d=\"M\(Self.f(left)),\(Self.f(top)) V\(Self.f(top + plotHeight)) H\(Self.f(left + plotWidth))\" stroke=\"#333333\" stroke-width=\"1\" fill=\"none\"/>\n"
        out +=
            "<text x=\"\(Self.f(left + plotWidth / 2))\" y=\"\(Self.f(height - 14))\" font-size=\"12\" text-anchor=\"middle\">\(Self.escape(x.label))</text>\n"
        let cy = top + plotHeight / 2
        out +=
            "<text x=\"18\" y=\"\(Self.f(cy))\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(Self.f(cy)))\">\(Self.escape(y.label))</text>\n"
        let lx = left + plotWidth + 16
        var ly = top + 8
        for item in legend {
            switch item.mark {
            case .line(let dashed):
                out +=
                    "<path d=\"M\(Self.f(lx)),\(Self.f(ly)) H\(Self.f(lx + 22))\" stroke=\"\(item.color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6,4\"" : "") fill=\"none\"/>\n"
            case .dottedLine:
                out +=
                    "<path d=\"M\(Self.f(lx)),\(Self.f(ly)) H\(Self.f(lx + 22))\" stroke=\"\(item.color)\" stroke-width=\"2\" stroke-dasharray=\"2,3\" fill=\"none\"/>\n"
            case .area:
                out +=
                    "<path d=\"M\(Self.f(lx)),\(Self.f(ly - 6)) H\(Self.f(lx + 22)) V\(Self.f(ly + 6)) H\(Self.f(lx)) Z\" fill=\"\(item.color)\" fill-opacity=\"0.6\"/>\n"
            case .dot:
                out +=
                    "<path d=\"M\(Self.f(lx + 11)),\(Self.f(ly - 4)) L\(Self.f(lx + 15)),\(Self.f(ly)) L\(Self.f(lx + 11)),\(Self.f(ly + 4)) L\(Self.f(lx + 7)),\(Self.f(ly)) Z\" fill=\"\(item.color)\"/>\n"
            }
            // A label wider than the legend column continues on further lines, each its own <text>.
            let lines = Self.wrap(item.label, width: right - 34)
            for (k, line) in lines.enumerated() {
                out +=
                    "<text x=\"\(Self.f(lx + 28))\" y=\"\(Self.f(ly + 4 + Double(k) * 13))\" font-size=\"11\">\(Self.escape(line))</text>\n"
            }
            ly += 20 + Double(lines.count - 1) * 13
        }
        out += "</svg>"
        return out
    }

    static func escape(_ s: String) -> String { HTMLPage.escape(s) }

    /// Lines of at most `width` pixels at 11 px (about 6.2 px per Latin character, 11 per CJK
    /// character), broken at spaces where possible.
    static func wrap(_ text: String, width: Double) -> [String] {
        func length(_ s: Substring) -> Double { s.reduce(0) { $0 + ($1.unicodeScalars.first!.value >= 0x2E80 ? 11 : 6.2) } }
        guard length(Substring(text)) > width else { return [text] }
        var lines: [String] = []
        var current = Substring()
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? word : Substring(current + " " + word)
            if length(candidate) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(String(current))
                current = word
            }
            // A single word longer than the line is cut.
            while length(current) > width, current.count > 1 {
                var cut = current.startIndex
                var used = 0.0
                while cut < current.endIndex, used + length(current[cut...cut]) <= width {
                    used += length(current[cut...cut])
                    cut = current.index(after: cut)
                }
                if cut == current.startIndex { cut = current.index(after: cut) }
                lines.append(String(current[..<cut]))
                current = current[cut...]
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    // MARK: Ticks

    /// About `count` round ticks covering [lower, upper]; returns the widened range and ticks.
    static func niceTicks(lower: Double, upper: Double, count: Int = 5, label: (Double, Int) -> String) -> (
        Double, Double, [(Double, String)]
    ) {
        var lo = lower, hi = upper
        // An empty range, or one so narrow that its step is not a normal number (amounts of
        // 1e-320, e.g. from a max_ratio of 5e-324), would make the step 0 and its decimals
        // Int(-inf), a trap: draw a unit range (relative to lo when lo is large) instead.
        if !(hi > lo) || !((hi - lo) / Double(count)).isNormal { hi = lo + max(1, abs(lo) * 1e-3) }
        let raw = (hi - lo) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        lo = floor(lo / step + 1e-9) * step
        hi = ceil(hi / step - 1e-9) * step
        let decimals = max(0, -Int(floor(log10(step) + 1e-9)) + (step / magnitude == 2.5 ? 1 : 0))
        var ticks: [(Double, String)] = []
        var v = lo
        var guardCount = 0
        while v <= hi + step * 1e-6, guardCount < 50 {
            ticks.append((v, label(abs(v) < step * 1e-9 ? 0 : v, decimals)))
            v += step
            guardCount += 1
        }
        return (lo, hi, ticks)
    }

    /// Decade ticks for a log axis from 10^lowerExponent to 1, labelled as percents.
    static func logPercentTicks(lowerExponent: Int) -> [(Double, String)] {
        (lowerExponent...0).map { e in
            let value = pow(10, Double(e))
            let percent = e >= -2 ? String(format: "%.0f%%", value * 100) : String(format: "%.\(-e - 2)f%%", value * 100)
            return (value, percent)
        }
    }
}
