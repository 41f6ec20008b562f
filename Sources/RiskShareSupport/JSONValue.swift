import Foundation

/// A JSON document with keys kept in insertion order, so reports are byte-stable and read in a
/// sensible order (means before quantiles, years in order).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.integer(a), .integer(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Element `index` of an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The value as a Double when it is a number.
    public var doubleValue: Double? {
        switch self {
        case .number(let x): return x
        case .integer(let i): return Double(i)
        default: return nil
        }
    }

    /// A JSON number; non-finite values become null because JSON has no NaN or infinity.
    public static func finite(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

    /// Pretty-printed text with two-space indentation and a final newline (report.json).
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0, compact: false)
        out += "\n"
        return out
    }

    /// The same value on one line with no spaces and no final newline, for JSON lines and
    /// partial-result metadata.
    public func compactText() -> String {
        var out = ""
        write(into: &out, indent: 0, compact: true)
        return out
    }

    private func write(into out: inout String, indent: Int, compact: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let x): out += x.isFinite ? JSONValue.format(x) : "null"
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if compact || items.allSatisfy({ $0.isScalar }) {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += compact ? "," : ", " }
                    item.write(into: &out, indent: indent, compact: compact)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(into: &out, indent: indent + 2, compact: false)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += compact ? "{" : "{\n"
            for (i, (key, value)) in members.enumerated() {
                if !compact { out += String(repeating: " ", count: indent + 2) }
                JSONValue.writeString(key, into: &out)
                out += compact ? ":" : ": "
                value.write(into: &out, indent: indent + 2, compact: compact)
                if compact {
                    if i + 1 < members.count { out += "," }
                } else {
                    out += i + 1 < members.count ? ",\n" : "\n"
                }
            }
            out += compact ? "}" : String(repeating: " ", count: indent) + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// Shortest representation that reads back to the same Double.
    package static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// Appends `s` as a JSON string literal.
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
