import RiskShareSupport

/// Conversion of a scenario document to JSON and back, so a partial result can carry the exact
/// merged scenario (after includes and overrides) it was simulated from.
public enum DocumentJSON {
    /// The document as JSON; numbers keep every bit (shortest round-trip decimals), strings stay
    /// quoted so `"true"` or `"1"` are not re-read as a boolean or a number.
    public static func json(_ node: ScenarioNode) -> JSONValue {
        switch node.value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let x):
            // JSON has no infinity or NaN; YAML spells them .inf and .nan, which the scenario
            // reader understands, so those few values travel as unquoted YAML words (see below).
            if x.isNaN { return .string(nonFiniteMarker + ".nan") }
            if x.isInfinite { return .string(nonFiniteMarker + (x > 0 ? ".inf" : "-.inf")) }
            return .number(x)
        case .string(let s): return .string(s)
        case .list(let items): return .array(items.map(json))
        case .map(let entries): return .object(entries.map { ($0.key, json($0.node)) })
        }
    }

    /// Reads a document written by `json(_:)`.
    public static func document(_ value: JSONValue) -> ScenarioNode {
        switch value {
        case .null: return ScenarioNode(.null)
        case .bool(let b): return ScenarioNode(.bool(b))
        case .number(let x): return ScenarioNode(.number(x))
        case .integer(let i): return ScenarioNode(.number(Double(i)))
        case .string(let s):
            if s.hasPrefix(nonFiniteMarker) {
                switch s.dropFirst(nonFiniteMarker.count) {
                case ".nan": return ScenarioNode(.number(.nan))
                case ".inf": return ScenarioNode(.number(.infinity))
                case "-.inf": return ScenarioNode(.number(-.infinity))
                default: break
                }
            }
            return ScenarioNode(.string(s))
        case .array(let items): return ScenarioNode(.list(items.map(document)))
        case .object(let members): return ScenarioNode(.map(members.map { ScenarioNode.Entry(key: $0.0, node: document($0.1)) }))
        }
    }

    /// Prefix of the strings standing for non-finite numbers (a control character no scenario
    /// string can contain, since names refuse control characters).
    static let nonFiniteMarker = "\u{1}nonfinite:"
}
