import Foundation
import RiskShareSupport

/// A finished sweep as the readable outputs (the terminal table and the HTML page) show it: the
/// varied parameters, the metrics with readable labels, the baseline, and one row per variant.
public struct SweepSummary: Sendable {
    /// The scenario file the sweep varies.
    public var scenario: String
    /// The scenario's currency code, for amounts.
    public var currency: String
    /// Paths per variant.
    public var paths: Int
    /// Paths per random-number block (`simulation.block_paths`): the unit of the paired standard error.
    public var blockPaths: Int
    /// Varied parameter paths, in axis order.
    public var axes: [String]
    /// Metric paths into report.json, in metric order.
    public var metrics: [String]
    /// The variant (1-based) the differences are taken from.
    public var baseline: Int
    public var rows: [SweepRow]

    public init(
        scenario: String, currency: String, paths: Int, blockPaths: Int, axes: [String], metrics: [String], baseline: Int,
        rows: [SweepRow]
    ) {
        self.scenario = scenario
        self.currency = currency
        self.paths = paths
        self.blockPaths = blockPaths
        self.axes = axes
        self.metrics = metrics
        self.baseline = baseline
        self.rows = rows
    }

    /// Random-number blocks per variant.
    public var blocks: Int { blockPaths > 0 ? (paths + blockPaths - 1) / blockPaths : 0 }

    /// Why paired standard errors are missing or rough for the whole sweep, or nil.
    public var pairedNote: String? {
        if blocks < 2 {
            return "Standard errors of the differences are not computed: the \(paths) paths form a single random-number block "
                + "(simulation.block_paths = \(blockPaths)); they need at least two blocks (more paths, or a smaller block_paths)."
        }
        if blocks < 10 {
            return "Standard errors of the differences rest on \(blocks) random-number blocks only, so they are themselves rough."
        }
        return nil
    }

    /// Why the paired standard error of metric `m` is missing when the sweep has enough blocks:
    /// the metric has no per-path form (a spread, an extreme, a count or a fact of the book).
    public func missingPairedError(metric m: Int) -> String? {
        guard blocks >= 2, rows.contains(where: { $0.variant != baseline && $0.differences?[m].stderr == nil }) else { return nil }
        return "the standard error of the differences is not computed for this metric (it is not an average over paths: "
            + "see Scenarios/README.md, “Sweeps: differences from a baseline”)"
    }

    /// The row of the baseline variant (absent from a summary of some rows only).
    public var baselineRow: SweepRow? { rows.first { $0.variant == baseline } }

    /// Metrics (indices) whose value differs between variants by more than rounding (relative
    /// 1e-12), and those that are the same in every variant: the latter are listed, not plotted.
    public var varyingMetrics: [Int] { metrics.indices.filter { !isConstant($0) } }
    public var constantMetrics: [Int] { metrics.indices.filter { isConstant($0) } }

    func isConstant(_ m: Int) -> Bool {
        let values = rows.map { $0.readings[m].value }
        guard let first = values.first, first.isFinite else { return false }
        return values.allSatisfy { abs($0 - first) <= 1e-12 * max(abs(first), abs($0)) }
    }

    /// How the values of metric `m` are shown in every variant.
    public func format(metric m: Int) -> SweepValueFormat {
        let values = rows.flatMap { row -> [Double] in [row.readings[m].value] + (row.differences.map { [$0[m].value] } ?? []) }
        return SweepValueFormat(kind: MetricLabel(metrics[m]).kind, values: values, currency: currency)
    }

    /// The value of axis `a` in `row` as a reader writes it: 200m for an amount, 45% for a share.
    public func axisValue(_ row: SweepRow, axis a: Int) -> String {
        SweepValueFormat.parameter(row.labels[a], kind: ParameterLabel(axes[a]).kind)
    }

    /// Column headers for the varied values: the labels without their owner when those are
    /// still distinct ("guarantor share"), else the full labels ("guarantee: guarantor share").
    public var axisHeaders: [String] {
        let short = axes.map { ParameterLabel($0).shortText }
        return Set(short).count == short.count ? short : axes.map { ParameterLabel($0).text }
    }

    /// "guarantee: guarantor share 50%, compensation_pool: initial balance 200m".
    public func describe(_ row: SweepRow) -> String {
        axes.indices.map { "\(ParameterLabel(axes[$0]).text) \(axisValue(row, axis: $0))" }.joined(separator: ", ")
    }
}

/// How one metric's numbers are shown: one unit for all variants (so that a column lines up),
/// fitted to the largest value: CNY bn, m or thousand for amounts, percent for fractions.
public struct SweepValueFormat: Sendable, Equatable {
    public var kind: QuantityKind
    /// Model units per shown unit (1e6 for millions, 0.01 for percent).
    public var scale: Double
    public var decimals: Int
    /// The unit for a header, e.g. "CNY m" or "%"; empty for counts and plain numbers.
    public var unit: String

    public init(kind: QuantityKind, values: [Double], currency: String) {
        self.kind = kind
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0
        switch kind {
        case .money:
            if largest >= 1e9 {
                (scale, decimals, unit) = (1e9, 3, "\(currency) bn")
            } else if largest >= 1e6 {
                (scale, decimals, unit) = (1e6, 2, "\(currency) m")
            } else if largest >= 1e3 {
                (scale, decimals, unit) = (1e3, 1, "\(currency) thousand")
            } else {
                (scale, decimals, unit) = (1, 0, currency)
            }
        case .fraction:
            (scale, unit) = (0.01, "%")
            decimals = largest >= 0.01 ? 2 : largest >= 0.001 ? 3 : 4
        case .count:
            (scale, unit) = (1, "")
            decimals = values.allSatisfy { !$0.isFinite || $0 == $0.rounded() } ? 0 : 1
        case .plain:
            (scale, unit) = (1, "")
            decimals = largest > 0 ? min(6, max(0, 3 - Int(floor(log10(largest))))) : 2
        }
    }

    /// The number in this format without its unit, e.g. "1,630.52"; "n/a" when not finite.
    public func text(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        return GroupedNumber.format(x / scale, decimals: decimals)
    }

    /// A difference with its sign: "+12.30", "−0.85" (a true minus sign), "0.00".
    public func signed(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let body = text(abs(x))
        if body.allSatisfy({ $0 == "0" || $0 == "." || $0 == "," }) { return body }
        return (x > 0 ? "+" : "\u{2212}") + body
    }

    /// `value ± error` ("1,630.52 ± 19.70"), or the value alone without an error.
    public func withError(_ x: Double, _ error: Double?) -> String {
        error.map { "\(text(x)) ± \(text($0))" } ?? text(x)
    }

    /// A value with its unit attached, for sentences: "1,630.52 CNY m" or "3.21%".
    public func withUnit(_ x: Double) -> String {
        kind == .fraction ? text(x) + "%" : unit.isEmpty ? text(x) : "\(text(x)) \(unit)"
    }

    /// A varied value as written in the scenario, shown by its kind: "2e8" -> "200m", "0.45" -> "45%".
    public static func parameter(_ label: String, kind: QuantityKind) -> String {
        guard let x = Double(label), x.isFinite else { return label }
        switch kind {
        case .money: return NumberFormat.money(x)
        case .fraction: return NumberFormat.plain((x * 1e8).rounded() / 1e6) + "%"
        case .count, .plain: return NumberFormat.plain(x)
        }
    }
}
