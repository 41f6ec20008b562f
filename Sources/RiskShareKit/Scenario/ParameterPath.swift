import RiskShareSupport

/// A path naming one value of a scenario: dotted keys and list items by index, by name or by
/// a key's value, e.g. `portfolio.segments[startup-credit].pd`,
/// `risk_sharing.layers[type=compensation_pool].initial_balance`.
public struct ParameterPath: Sendable, Equatable, CustomStringConvertible {
    /// One step of a path.
    public enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
        /// The list item whose `name` equals the string.
        case named(String)
        /// The list item whose `key` equals `value`.
        case matching(key: String, value: String)
    }

    public var steps: [Step]
    public var description: String

    /// Parses the textual form; refuses empty steps and unbalanced brackets.
    public init(_ text: String) throws {
        description = text
        steps = []
        var rest = Substring(text)
        func fail(_ why: String) -> ScenarioError {
            ScenarioError(file: "parameter path", path: text, line: nil, value: nil, message: why)
        }
        if text.isEmpty { throw fail("is empty") }
        while !rest.isEmpty {
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]") else { throw fail("has an unclosed [") }
                let inner = String(rest[rest.index(after: rest.startIndex)..<close])
                if inner.isEmpty { throw fail("has an empty []") }
                if let i = Int(inner) {
                    steps.append(.index(i))
                } else if let eq = inner.firstIndex(of: "=") {
                    steps.append(.matching(key: String(inner[..<eq]), value: String(inner[inner.index(after: eq)...])))
                } else {
                    steps.append(.named(inner))
                }
                rest = rest[rest.index(after: close)...]
                if rest.first == "." { rest = rest.dropFirst(); if rest.isEmpty { throw fail("ends with .") } }
            } else {
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                let key = String(rest[..<end])
                if key.isEmpty { throw fail("has an empty key") }
                steps.append(.key(key))
                rest = rest[end...]
                if rest.first == "." { rest = rest.dropFirst(); if rest.isEmpty { throw fail("ends with .") } }
            }
        }
    }

    /// The node at this path, if it exists.
    public func value(in root: ScenarioNode) -> ScenarioNode? {
        var node = root
        for step in steps {
            guard let next = Self.child(of: node, step) else { return nil }
            node = node.childNode(at: next)
        }
        return node
    }

    /// A copy of `root` with the value at this path replaced (a missing last key of a map is
    /// added, so optional keys can be set). Unknown intermediate steps are refused with the
    /// nearest existing paths.
    public func setting(_ newValue: ScenarioNode, in root: ScenarioNode) throws -> ScenarioNode {
        try Self.set(newValue, in: root, steps: steps[...], prefix: "", full: description)
    }

    private static func child(of node: ScenarioNode, _ step: Step) -> ChildRef? {
        switch (step, node.value) {
        case (.key(let k), .map(let entries)):
            return entries.firstIndex { $0.key == k }.map { .entry($0) }
        case (.index(let i), .list(let items)):
            return items.indices.contains(i) ? .item(i) : nil
        case (.named(let name), .list(let items)):
            return items.firstIndex { if case .string(name)? = $0["name"]?.value { return true } else { return false } }.map { .item($0) }
        case (.matching(let key, let value), .list(let items)):
            return items.firstIndex { item in
                guard let v = item[key] else { return false }
                switch v.value {
                case .string(let s): return s == value
                case .number(let x): return NumberFormat.plain(x) == value
                case .bool(let b): return (b ? "true" : "false") == value
                default: return false
                }
            }.map { .item($0) }
        default: return nil
        }
    }

    enum ChildRef { case entry(Int), item(Int) }

    private static func set(_ newValue: ScenarioNode, in node: ScenarioNode, steps: ArraySlice<Step>, prefix: String, full: String) throws
        -> ScenarioNode
    {
        guard let step = steps.first else { return ScenarioNode(newValue.value, line: node.line) }
        let here = prefix + render(step, first: prefix.isEmpty)
        var copy = node
        if let ref = child(of: node, step) {
            let updated = try set(newValue, in: node.childNode(at: ref), steps: steps.dropFirst(), prefix: here, full: full)
            switch (ref, copy.value) {
            case (.entry(let i), .map(var entries)): entries[i].node = updated; copy.value = .map(entries)
            case (.item(let i), .list(var items)): items[i] = updated; copy.value = .list(items)
            default: break
            }
            return copy
        }
        if case .key(let k) = step, case .map(var entries) = node.value {
            // A missing key is added (creating maps on the way), so optional sections can be set;
            // validation then refuses keys the scenario format does not know.
            let child = try set(newValue, in: ScenarioNode(.map([])), steps: steps.dropFirst(), prefix: here, full: full)
            entries.append(ScenarioNode.Entry(key: k, node: child))
            copy.value = .map(entries)
            return copy
        }
        let nearby = candidates(of: node, prefix: prefix).prefix(12)
        throw ScenarioError(
            file: "parameter path", path: full, line: nil, value: nil,
            message: "has no value at \(here); valid paths here: \(nearby.isEmpty ? "(none)" : nearby.joined(separator: ", "))")
    }

    private static func render(_ step: Step, first: Bool) -> String {
        switch step {
        case .key(let k): return first ? k : ".\(k)"
        case .index(let i): return "[\(i)]"
        case .named(let n): return "[\(n)]"
        case .matching(let k, let v): return "[\(k)=\(v)]"
        }
    }

    /// The paths one step below `node`, for "did you mean" messages.
    static func candidates(of node: ScenarioNode, prefix: String) -> [String] {
        switch node.value {
        case .map(let entries): return entries.map { prefix.isEmpty ? $0.key : "\(prefix).\($0.key)" }
        case .list(let items):
            return items.indices.map { i in
                if case .string(let name)? = items[i]["name"]?.value { return "\(prefix)[\(name)]" }
                return "\(prefix)[\(i)]"
            }
        default: return []
        }
    }
}

extension ScenarioNode {
    fileprivate func childNode(at ref: ParameterPath.ChildRef) -> ScenarioNode {
        switch (ref, value) {
        case (.entry(let i), .map(let entries)): return entries[i].node
        case (.item(let i), .list(let items)): return items[i]
        default: return self
        }
    }
}
