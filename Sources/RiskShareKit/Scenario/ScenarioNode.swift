import Foundation
import RiskShareSupport

/// A parsed scenario document before validation: YAML or JSON reduced to maps, lists and
/// scalars, each remembering the line it came from so errors can point at it.
public struct ScenarioNode: Sendable, Equatable {
    /// One key of a map, in document order.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var node: ScenarioNode
    }

    /// The kinds of value a scenario file can hold.
    public indirect enum Value: Sendable, Equatable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case list([ScenarioNode])
        case map([Entry])
    }

    public var value: Value
    /// 1-based line in the source file, when known.
    public var line: Int?

    public init(_ value: Value, line: Int? = nil) {
        self.value = value
        self.line = line
    }

    /// A short rendering of the value for error messages.
    public var brief: String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return NumberFormat.plain(x)
        case .string(let s): return s.count > 60 ? "\"\(s.prefix(57))...\"" : "\"\(s)\""
        case .list(let items): return "a list of \(items.count)"
        case .map(let entries): return "a map with keys \(entries.prefix(6).map(\.key).joined(separator: ", "))"
        }
    }

    /// The kind of value, for messages such as "expected a number, found a list".
    public var kind: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        case .map: return "a map"
        }
    }

    /// The entry for `key` when this node is a map.
    public subscript(key: String) -> ScenarioNode? {
        guard case .map(let entries) = value else { return nil }
        return entries.first { $0.key == key }?.node
    }
}

extension ScenarioNode {
    /// Parses YAML (and therefore JSON) text. Duplicate keys, aliases used as keys, unsupported
    /// tags, inexact whole numbers and documents past the load budget are errors naming the file
    /// and line (see `YAMLComposer`).
    public static func parse(text: String, file: String) throws -> ScenarioNode {
        var budget = LoadBudget.standard
        return try parse(bytes: Array(text.utf8), file: file, budget: &budget)
    }

    /// Parses UTF-8 bytes (a leading byte-order mark is skipped), charging `budget`.
    static func parse(bytes: [UInt8], file: String, budget: inout LoadBudget) throws -> ScenarioNode {
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return try YAMLComposer.compose(text, file: file, budget: &budget)
    }

    /// Decimal numbers as written in YAML/JSON, including `1e8`, `3.0e6` and `1_000_000`.
    package static func parseNumber(_ text: String) -> Double? {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard let first = cleaned.first, first.isNumber || first == "-" || first == "+" || first == "." else { return nil }
        guard cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        return Double(cleaned)
    }
}

extension ScenarioNode {
    /// Deep merge used by `include`: keys of `overlay` replace or (for maps) merge into `self`.
    /// Lists are replaced, except `portfolio.segments`, whose items merge by `name` (see
    /// `mergingSegments`), so that a fragment can set some keys of one segment.
    public func merged(with overlay: ScenarioNode) -> ScenarioNode { merged(with: overlay, at: []) }

    private func merged(with overlay: ScenarioNode, at path: [String]) -> ScenarioNode {
        if path == ["portfolio", "segments"], case .list(let base) = value, case .list(let over) = overlay.value {
            return ScenarioNode(.list(Self.mergingSegments(base, over)), line: overlay.line)
        }
        guard case .map(var base) = value, case .map(let over) = overlay.value else { return overlay }
        for entry in over {
            if let index = base.firstIndex(where: { $0.key == entry.key }) {
                base[index].node = base[index].node.merged(with: entry.node, at: path + [entry.key])
            } else {
                base.append(entry)
            }
        }
        return ScenarioNode(.map(base), line: overlay.line)
    }

    /// The including file's segments in its order, each merged key by key over the included
    /// segment of the same `name` (the including file's keys win); then the included segments it
    /// does not name, in their order.
    private static func mergingSegments(_ base: [ScenarioNode], _ over: [ScenarioNode]) -> [ScenarioNode] {
        func name(_ node: ScenarioNode) -> String? {
            if case .string(let s)? = node["name"]?.value { return s }
            return nil
        }
        let overNames = Set(over.compactMap(name))
        var merged = over.map { item -> ScenarioNode in
            guard let itemName = name(item), let match = base.first(where: { name($0) == itemName }) else { return item }
            return match.merged(with: item, at: [])
        }
        merged += base.filter { name($0).map { !overNames.contains($0) } ?? true }
        return merged
    }
}

extension ScenarioNode {
    /// The same values with every line number removed (for comparing documents whose values
    /// came from different places: a file, an include, a `--set`).
    public func withoutLines() -> ScenarioNode {
        switch value {
        case .list(let items): return ScenarioNode(.list(items.map { $0.withoutLines() }))
        case .map(let entries): return ScenarioNode(.map(entries.map { Entry(key: $0.key, node: $0.node.withoutLines()) }))
        default: return ScenarioNode(value)
        }
    }
}
