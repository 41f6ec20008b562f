import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// The frontier as CSV: one row per family and level.
///
/// Columns: `family`, `level` (xₖ), `feasible` (`true`/`false`), the X metric and
/// `<X>.stderr`, the Y metric and `<Y>.stderr` (empty when infeasible or without a standard
/// error), `evaluations` (designs simulated by that level's search) and `design`
/// (`PATH=value` pairs separated by `;`). Numbers are shortest round-trip decimals.
public enum FrontierOutput {
    public static func csv(_ points: [FrontierPoint], x: String, y: String) -> String {
        let header = ["family", "level", "feasible", x, x + ".stderr", y, y + ".stderr", "evaluations", "design"]
        var out = header.map(SweepOutput.cell).joined(separator: ",") + "\n"
        for p in points {
            func value(_ r: MetricPath.Reading?) -> String { r.map { SweepOutput.number($0.value) } ?? "" }
            func stderr(_ r: MetricPath.Reading?) -> String { r?.stderr.map(SweepOutput.number) ?? "" }
            let design: String = p.design.map { "\($0.path)=\(NumberFormat.plain($0.value))" }.joined(separator: ";")
            var cells: [String] = [p.family, SweepOutput.number(p.level), p.feasible ? "true" : "false"]
            cells += [value(p.x), stderr(p.x), value(p.y), stderr(p.y), String(p.evaluations), design]
            out += cells.map(SweepOutput.cell).joined(separator: ",") + "\n"
        }
        return out
    }
}
