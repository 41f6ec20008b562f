import Foundation
import RiskShareSupport

/// One varied parameter of a sweep: a scenario path and the values it takes, in order.
///
/// Written on the command line as `PATH=v1,v2,v3` (each value read as YAML, so `0.5`, `true`
/// and `text` keep their types) or `PATH=start:stop:step` (numbers; `stop` is included when the
/// steps land on it).
public struct SweepAxis: Sendable, Equatable {
    /// The scenario value that varies, e.g. `portfolio.segments[startup-credit].pd`.
    public var path: ParameterPath
    /// The values, as scenario nodes ready to be set into the document.
    public var values: [ScenarioNode]
    /// How each value is written in outputs (CSV cells, JSON lines): as typed for lists, the
    /// shortest round-trip decimal for ranges.
    public var labels: [String]

    /// At most this many values on one axis; a typo such as a step of 1e-9 should fail fast.
    public static let maximumValues = 10_000

    public init(path: ParameterPath, values: [ScenarioNode], labels: [String]) {
        self.path = path
        self.values = values
        self.labels = labels
    }

    /// Parses `PATH=v1,v2,...` or `PATH=start:stop:step`; `source` names where the text came
    /// from (`--vary`, or the scenario file) for messages.
    public static func parse(_ text: String, source: String = "--vary") throws -> SweepAxis {
        guard let eq = separator(in: text) else {
            throw ScenarioError(
                file: source, path: "", line: nil, value: text,
                message: "must have the form PATH=v1,v2,... or PATH=start:stop:step")
        }
        let path = try ParameterPath(String(text[..<eq]).trimmingCharacters(in: .whitespaces))
        let spec = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        if spec.isEmpty {
            throw ScenarioError(file: source, path: path.description, line: nil, value: nil, message: "has no values")
        }
        // A range has exactly two colons and no comma; anything else is a list of values.
        if !spec.contains(","), spec.filter({ $0 == ":" }).count == 2 {
            let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            return try range(path: path, start: parts[0], stop: parts[1], step: parts[2], source: source)
        }
        let items = spec.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        return try list(path: path, texts: items, source: source)
    }

    /// The `=` between path and values: the first one outside brackets, since a path may
    /// itself contain `[type=compensation_pool]`.
    package static func separator(in text: String) -> String.Index? {
        var depth = 0
        for i in text.indices {
            switch text[i] {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            case "=" where depth == 0: return i
            default: break
            }
        }
        return nil
    }

    /// An axis from textual values, each read as YAML.
    public static func list(path: ParameterPath, texts: [String], source: String = "--vary") throws -> SweepAxis {
        if texts.count > maximumValues {
            throw ScenarioError(
                file: source, path: path.description, line: nil, value: nil,
                message: "has \(texts.count) values; at most \(maximumValues) are allowed")
        }
        var values: [ScenarioNode] = []
        for text in texts {
            if text.isEmpty {
                throw ScenarioError(
                    file: source, path: path.description, line: nil, value: nil,
                    message: "has an empty value in its list (two commas in a row?)")
            }
            values.append(try ScenarioNode.parse(text: text, file: "\(source) \(path)"))
        }
        return SweepAxis(path: path, values: values, labels: texts)
    }

    /// An axis from scenario nodes (the `sweep:` section of a file).
    public static func nodes(path: ParameterPath, values: [ScenarioNode]) -> SweepAxis {
        SweepAxis(path: path, values: values, labels: values.map(label(of:)))
    }

    /// `start:stop:step`, stop included. Refuses non-numbers, a zero step, a step pointing away
    /// from `stop` and grids of more than `maximumValues` values.
    public static func range(path: ParameterPath, start: String, stop: String, step: String, source: String = "--vary") throws -> SweepAxis
    {
        func number(_ text: String, _ role: String) throws -> Double {
            guard let x = ScenarioNode.parseNumber(text), x.isFinite else {
                throw ScenarioError(
                    file: source, path: path.description, line: nil, value: text.isEmpty ? "(empty)" : text,
                    message: "range \(role) must be a finite number (form start:stop:step, e.g. 0.5:0.7:0.05)")
            }
            return x
        }
        let a = try number(start, "start"), b = try number(stop, "stop"), h = try number(step, "step")
        return try range(path: path, start: a, stop: b, step: h, source: source)
    }

    /// Numeric form of `range(path:start:stop:step:)`.
    public static func range(path: ParameterPath, start a: Double, stop b: Double, step h: Double, source: String = "--vary") throws
        -> SweepAxis
    {
        let shown = "\(NumberFormat.plain(a)):\(NumberFormat.plain(b)):\(NumberFormat.plain(h))"
        if h == 0 {
            throw ScenarioError(file: source, path: path.description, line: nil, value: shown, message: "range step must not be 0")
        }
        if (b - a) * h < 0 {
            throw ScenarioError(
                file: source, path: path.description, line: nil, value: shown,
                message:
                    "range step has the wrong sign: it must be \(b > a ? "positive" : "negative") to go from \(NumberFormat.plain(a)) to \(NumberFormat.plain(b))"
            )
        }
        // Count the steps with a small tolerance so that 0.5:0.7:0.05 includes 0.7 despite
        // binary rounding, and compute each value from the start (no accumulated error).
        let steps = ((b - a) / h * (1 + 1e-12) + 1e-9).rounded(.down)
        if steps + 1 > Double(maximumValues) {
            throw ScenarioError(
                file: source, path: path.description, line: nil, value: shown,
                message: "range has \(NumberFormat.plain(steps + 1)) values; at most \(maximumValues) are allowed")
        }
        let values = (0...Int(steps)).map { cleaned(a + Double($0) * h) }
        return SweepAxis(path: path, values: values.map { ScenarioNode(.number($0)) }, labels: values.map(NumberFormat.plain))
    }

    /// Rounds away binary noise such as 0.6000000000000001 (12 significant digits), so values
    /// read the way the analyst typed the range.
    static func cleaned(_ x: Double) -> Double {
        Double(String(format: "%.12g", x)) ?? x
    }

    /// How a scenario value is written in outputs.
    static func label(of node: ScenarioNode) -> String {
        switch node.value {
        case .number(let x): return NumberFormat.plain(x)
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .list, .map: return DocumentJSON.json(node).compactText()
        }
    }
}
