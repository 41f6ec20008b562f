import Foundation

/// The terminal view of a sweep (`riskshare sweep` on a terminal, or with `--out`): a short
/// statement of what was varied and compared, then one table per metric that varies (readable
/// label and unit; each variant's value ± its standard error and its difference from the
/// baseline ± the standard error of the paired difference), then the metrics that are the same
/// in every variant, listed once.
public enum SweepTable {
    public static func render(_ sweep: SweepSummary) -> String {
        var out =
            "Sweep of \(sweep.scenario): \(sweep.rows.count) variants on common random numbers, "
            + "\(sweep.paths) paths each.\n"
        if let base = sweep.baselineRow {
            out += "Baseline: variant \(base.variant) (\(sweep.describe(base))).\n"
        }
        out += "± is one standard error; for Δ (the difference from the baseline) it is the standard error of the paired difference.\n"
        if let note = sweep.pairedNote { out += note + "\n" }
        for m in sweep.varyingMetrics {
            let label = MetricLabel(sweep.metrics[m])
            let format = sweep.format(metric: m)
            out += "\n" + label.text + (format.unit.isEmpty ? "" : " (\(format.unit))") + "\n"
            if let note = sweep.missingPairedError(metric: m) { out += "(\(note))\n" }
            let header = ["variant"] + sweep.axisHeaders + ["value ± s.e.", "Δ ± s.e."]
            let rows = sweep.rows.map { row -> [String] in
                let reading = row.readings[m]
                var cells = [String(row.variant)] + sweep.axes.indices.map { sweep.axisValue(row, axis: $0) }
                cells.append(format.withError(reading.value, reading.stderr))
                cells.append(difference(row, metric: m, format: format, baseline: sweep.baseline))
                return cells
            }
            out += layout(header: header, rows: rows, rightAligned: Set(0..<header.count))
        }
        let constant = sweep.constantMetrics
        if !constant.isEmpty, let first = sweep.rows.first {
            out += "\nThe same in every variant:\n"
            for m in constant {
                let format = sweep.format(metric: m)
                out += "  \(MetricLabel(sweep.metrics[m]).text): \(format.withUnit(first.readings[m].value))\n"
            }
        }
        return out
    }

    /// "−60.42 ± 0.85", "baseline", or the difference alone when its error is not computed.
    static func difference(_ row: SweepRow, metric m: Int, format: SweepValueFormat, baseline: Int) -> String {
        if row.variant == baseline { return "baseline" }
        guard let difference = row.differences?[m] else { return "not computed" }
        return format.signed(difference.value) + (difference.stderr.map { " ± \(format.text($0))" } ?? "")
    }

    /// Columns padded to their widest cell, two spaces apart; `rightAligned` columns (numbers)
    /// are padded on the left.
    static func layout(header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { cells in
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return rightAligned.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }
}
