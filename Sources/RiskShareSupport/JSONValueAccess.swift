import Foundation

/// Typed access to parsed JSON, for code that reads reports and schemas back (checks, sweeps,
/// the schema validator). Each accessor returns nil when the value has another type, so a reader
/// never mistakes a string for a number or an object for an array.
extension JSONValue {
    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Members of an object in document order.
    public var members: [(String, JSONValue)]? {
        if case .object(let m) = self { return m }
        return nil
    }

    /// Items of an array.
    public var items: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The value at an RFC 6901 JSON pointer (`/years/0/npl_ratio/mean`); "" is the whole value.
    public func at(pointer: String) -> JSONValue? {
        guard !pointer.isEmpty else { return self }
        var current: JSONValue? = self
        for raw in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object?: current = current?[token]
            case .array?: current = Int(token).flatMap { current?[$0] }
            default: return nil
            }
        }
        return current
    }

    /// Escapes a key for use in a JSON pointer (RFC 6901: "~" as "~0", "/" as "~1").
    public static func pointerToken(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
