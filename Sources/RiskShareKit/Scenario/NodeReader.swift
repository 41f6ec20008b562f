import RiskShareSupport

/// Reads a validated value out of a `ScenarioNode`, carrying the file and key path so that every
/// refusal names where it happened, what was found and what is allowed.
public struct NodeReader {
    public let node: ScenarioNode
    public let file: String
    public let path: String

    public init(node: ScenarioNode, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    /// An error about this value.
    public func error(_ message: String, showValue: Bool = true) -> ScenarioError {
        ScenarioError(file: file, path: path, line: node.line, value: showValue ? node.brief : nil, message: message)
    }

    /// A finite number within `range` (inclusive bounds unless `open` bounds are asked for).
    public func number(
        in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
        allowed: String? = nil
    ) throws -> Double {
        guard case .number(let x) = node.value else {
            throw error("expected a number\(allowed.map { " (\($0))" } ?? ""), found \(node.kind)")
        }
        guard x.isFinite else { throw error("must be a finite number\(allowed.map { " (\($0))" } ?? "")") }
        guard range.contains(x) else {
            throw error("must be \(allowed ?? "in [\(NumberFormat.plain(range.lowerBound)), \(NumberFormat.plain(range.upperBound))]")")
        }
        return x
    }

    /// A probability in [0, 1].
    public func probability() throws -> Double {
        try number(in: 0...1, allowed: "a probability in [0, 1]")
    }

    /// A non-negative finite number.
    public func nonNegative(_ what: String = "a number >= 0") throws -> Double {
        try number(in: 0...Double.greatestFiniteMagnitude, allowed: what)
    }

    /// A whole number within `range`.
    public func integer(in range: ClosedRange<Int>, allowed: String? = nil) throws -> Int {
        let description = allowed ?? "a whole number in [\(range.lowerBound), \(range.upperBound)]"
        guard case .number(let x) = node.value else { throw error("expected \(description), found \(node.kind)") }
        guard x.isFinite, x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            throw error("must be \(description)")
        }
        return Int(x)
    }

    /// A string; numbers and booleans are refused so that typos do not pass silently.
    public func string() throws -> String {
        guard case .string(let s) = node.value else { throw error("expected a string, found \(node.kind)") }
        return s
    }

    /// A non-empty string without control characters, used for names.
    public func name() throws -> String {
        let s = try string()
        guard !s.isEmpty, s.count <= 200, !s.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) else {
            throw error("must be a non-empty name of at most 200 characters on one line")
        }
        return s
    }

    /// One of a fixed set of words.
    public func choice(_ options: [String]) throws -> String {
        let s: String
        do { s = try string() } catch { throw self.error("expected one of \(options.joined(separator: ", ")), found \(node.kind)") }
        guard options.contains(s) else { throw error("must be one of \(options.joined(separator: ", "))") }
        return s
    }

    public func bool() throws -> Bool {
        guard case .bool(let b) = node.value else { throw error("expected true or false, found \(node.kind)") }
        return b
    }

    /// The items of a list, each with its indexed path.
    public func list(maxCount: Int = 1_000_000) throws -> [NodeReader] {
        guard case .list(let items) = node.value else { throw error("expected a list, found \(node.kind)") }
        guard items.count <= maxCount else { throw error("has \(items.count) items; at most \(maxCount) are allowed") }
        return items.enumerated().map { NodeReader(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    /// A map whose keys will be checked against the ones the caller reads.
    public func map() throws -> MapReader {
        guard case .map(let entries) = node.value else { throw error("expected a map of keys, found \(node.kind)") }
        return MapReader(reader: self, entries: entries)
    }

    public var isMap: Bool { if case .map = node.value { return true } else { return false } }
    public var isNumber: Bool { if case .number = node.value { return true } else { return false } }
    public var isString: Bool { if case .string = node.value { return true } else { return false } }
    public var isList: Bool { if case .list = node.value { return true } else { return false } }
}

/// A map being read key by key. `finish()` refuses any key nobody asked for, so a misspelt or
/// unsupported key is never silently ignored.
public final class MapReader {
    public let reader: NodeReader
    public let entries: [ScenarioNode.Entry]
    private var consumed = Set<String>()
    private var known = Set<String>()

    init(reader: NodeReader, entries: [ScenarioNode.Entry]) {
        self.reader = reader
        self.entries = entries
    }

    private func childPath(_ key: String) -> String {
        reader.path.isEmpty ? key : "\(reader.path).\(key)"
    }

    /// The value of `key` if present (a YAML `null` counts as absent).
    public func optional(_ key: String) -> NodeReader? {
        known.insert(key)
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        consumed.insert(key)
        if case .null = entry.node.value { return nil }
        return NodeReader(node: entry.node, file: reader.file, path: childPath(key))
    }

    /// The value of `key`, which must be present.
    public func required(_ key: String, _ what: String) throws -> NodeReader {
        guard let value = optional(key) else {
            throw ScenarioError(
                file: reader.file, path: childPath(key), line: reader.node.line, value: nil,
                message: "is required: \(what)")
        }
        return value
    }

    /// All keys in document order, for maps whose keys are names (shares, loadings).
    public func allEntries() -> [(key: String, reader: NodeReader)] {
        entries.map { entry in
            consumed.insert(entry.key)
            return (entry.key, NodeReader(node: entry.node, file: reader.file, path: childPath(entry.key)))
        }
    }

    public func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// Refuses keys that were not read, listing the keys this map accepts.
    public func finish() throws {
        for entry in entries where !consumed.contains(entry.key) {
            let accepted = known.sorted().joined(separator: ", ")
            throw ScenarioError(
                file: reader.file, path: childPath(entry.key), line: entry.node.line, value: nil,
                message: "is not a known key here; accepted keys: \(accepted)")
        }
    }
}
