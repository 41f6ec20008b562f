import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// Writes sweep results for scripts: CSV (one row per variant) or JSON lines.
///
/// CSV columns: `variant` (1-based position in the full grid), one column per varied path
/// (headed by the path), then for each metric a column headed by the metric path and one
/// headed `<metric>.stderr` (empty when the report has no standard error for it), then for each
/// metric its difference from the baseline variant, `<metric>.diff`, and the standard error of
/// that paired difference, `<metric>.diff.stderr` (empty when not computed). Numbers are
/// shortest round-trip decimals, so a script reads back exactly what was computed.
public enum SweepOutput {
    public static func csv(_ rows: [SweepRow], axes: [String], metrics: [String]) -> String {
        var header = ["variant"] + axes
        for metric in metrics { header += [metric, metric + ".stderr"] }
        for metric in metrics { header += [metric + ".diff", metric + ".diff.stderr"] }
        var out = header.map(cell).joined(separator: ",") + "\n"
        for row in rows {
            var cells = [String(row.variant)] + row.labels
            for reading in row.readings {
                cells.append(number(reading.value))
                cells.append(reading.stderr.map(number) ?? "")
            }
            for m in metrics.indices {
                let difference = row.differences?[m]
                cells.append(difference.map { number($0.value) } ?? "")
                cells.append(difference?.stderr.map(number) ?? "")
            }
            out += cells.map(cell).joined(separator: ",") + "\n"
        }
        return out
    }

    /// One JSON object per line:
    /// `{"variant":1,"values":{"PATH":0.5},"metrics":{"METRIC":{"value":x,"stderr":s,"diff":d,"diff_stderr":e}}}`
    /// (`diff`: the metric minus the baseline variant's; `diff_stderr`: the standard error of that
    /// paired difference, null when not computed); varied values that read as numbers are
    /// written as numbers.
    public static func jsonLines(_ rows: [SweepRow], axes: [String], metrics: [String]) -> String {
        var out = ""
        for row in rows {
            let values: [(String, JSONValue)] = zip(axes, row.labels).map { path, label in
                if let x = ScenarioNode.parseNumber(label), x.isFinite { return (path, .number(x)) }
                if label == "true" || label == "false" { return (path, .bool(label == "true")) }
                return (path, .string(label))
            }
            let readings: [(String, JSONValue)] = zip(metrics, row.readings).enumerated().map { m, pair in
                let (metric, reading) = pair
                let difference = row.differences?[m]
                return (
                    metric,
                    .object([
                        ("value", .finite(reading.value)), ("stderr", reading.stderr.map(JSONValue.finite) ?? .null),
                        ("diff", difference.map { JSONValue.finite($0.value) } ?? .null),
                        ("diff_stderr", difference?.stderr.map(JSONValue.finite) ?? .null),
                    ])
                )
            }
            out +=
                JSONValue.object([("variant", .integer(row.variant)), ("values", .object(values)), ("metrics", .object(readings))])
                .compactText() + "\n"
        }
        return out
    }

    static func number(_ x: Double) -> String { x.isFinite ? NumberFormat.plain(x) : "" }

    /// RFC 4180 quoting when a cell holds a comma, quote or line break.
    static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
