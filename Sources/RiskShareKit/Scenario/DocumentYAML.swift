import RiskShareSupport

/// A scenario document written as block YAML that `ScenarioNode.parse` reads back to the same
/// document (maps keep their key order; numbers keep every bit as shortest round-trip decimals;
/// every string is double-quoted, so `"true"`, `"1"` or `"null"` stay strings).
public enum DocumentYAML {
    /// The document as YAML text, ending with a line break; `header` lines are written first
    /// as `#` comments.
    public static func text(_ node: ScenarioNode, header: [String] = []) -> String {
        var lines = header.map { $0.isEmpty ? "#" : "# " + $0 }
        switch node.value {
        case .map(let entries) where !entries.isEmpty: lines += mapLines(entries, indent: 0)
        case .list(let items) where !items.isEmpty: lines += listLines(items, indent: 0)
        default: lines.append(scalar(node))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func isBlock(_ node: ScenarioNode) -> Bool {
        switch node.value {
        case .map(let entries): return !entries.isEmpty
        case .list(let items): return !items.isEmpty
        default: return false
        }
    }

    private static func mapLines(_ entries: [ScenarioNode.Entry], indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for entry in entries {
            let key = self.key(entry.key)
            switch entry.node.value {
            case .map(let inner) where !inner.isEmpty:
                lines.append("\(pad)\(key):")
                lines += mapLines(inner, indent: indent + 2)
            case .list(let items) where !items.isEmpty:
                lines.append("\(pad)\(key):")
                lines += listLines(items, indent: indent + 2)
            default:
                lines.append("\(pad)\(key): \(scalar(entry.node))")
            }
        }
        return lines
    }

    private static func listLines(_ items: [ScenarioNode], indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for item in items {
            guard isBlock(item) else { lines.append("\(pad)- \(scalar(item))"); continue }
            // The item's own lines, two columns deeper; the first one carries the dash.
            var inner: [String]
            switch item.value {
            case .map(let entries): inner = mapLines(entries, indent: indent + 2)
            case .list(let nested): inner = listLines(nested, indent: indent + 2)
            default: inner = []
            }
            inner[0] = pad + "- " + inner[0].dropFirst(indent + 2)
            lines += inner
        }
        return lines
    }

    /// A scalar, or an empty collection, in flow style.
    private static func scalar(_ node: ScenarioNode) -> String {
        switch node.value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x):
            if x.isNaN { return ".nan" }
            if x.isInfinite { return x > 0 ? ".inf" : "-.inf" }
            return JSONValue.format(x)
        case .string(let s): return JSONValue.string(s).compactText()
        case .list: return "[]"
        case .map: return "{}"
        }
    }

    /// A map key: plain when it is a simple identifier YAML cannot read as anything else,
    /// double-quoted otherwise.
    private static func key(_ text: String) -> String {
        let reserved: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]
        let simple =
            text.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        return simple && !reserved.contains(text.lowercased()) ? text : JSONValue.string(text).compactText()
    }
}
