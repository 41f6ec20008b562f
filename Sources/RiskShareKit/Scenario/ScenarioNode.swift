import Foundation
import RiskShareSupport
import Yams

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
    /// Parses YAML (and therefore JSON) text. Duplicate keys, anchors that cannot be resolved
    /// and non-string keys are errors naming the file and line.
    public static func parse(text: String, file: String) throws -> ScenarioNode {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw describe(error, file: file)
        } catch {
            throw ScenarioError(file: file, path: "", line: nil, value: nil,
                                message: "is not valid YAML or JSON: \(error)")
        }
        guard let root = composed else {
            throw ScenarioError(file: file, path: "", line: nil, value: nil, message: "is empty")
        }
        return try convert(root, file: file, path: "", depth: 0)
    }

    private static let maximumDepth = 64

    /// One line per YAML problem, with the line number, instead of Yams' multi-line dump.
    private static func describe(_ error: YamlError, file: String) -> ScenarioError {
        func oneLine(_ text: String) -> String { text.split(whereSeparator: \.isNewline).joined(separator: " ") }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let what = [context.map { oneLine($0.text) }, oneLine(problem)].compactMap { $0 }.joined(separator: ": ")
            return ScenarioError(file: file, path: "", line: mark.line, value: nil, message: "is not valid YAML or JSON: \(what)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ScenarioError(file: file, path: "", line: context.mark.line, value: nil,
                                 message: "has a key that appears twice (\(duplicates.joined(separator: ", "))); each key may appear once")
        case let .reader(problem, _, _, _):
            return ScenarioError(file: file, path: "", line: nil, value: nil, message: "cannot be read as text: \(oneLine(problem))")
        default:
            return ScenarioError(file: file, path: "", line: nil, value: nil, message: "is not valid YAML or JSON: \(oneLine(String(describing: error)))")
        }
    }

    private static func convert(_ node: Node, file: String, path: String, depth: Int) throws -> ScenarioNode {
        let line = node.mark.map { $0.line }
        if depth > maximumDepth {
            throw ScenarioError(file: file, path: path, line: line, value: nil,
                                message: "nests deeper than \(maximumDepth) levels")
        }
        switch node {
        case .scalar(let scalar):
            return ScenarioNode(scalarValue(scalar), line: line)
        case .sequence(let sequence):
            var items: [ScenarioNode] = []
            items.reserveCapacity(sequence.count)
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, file: file, path: "\(path)[\(index)]", depth: depth + 1))
            }
            return ScenarioNode(.list(items), line: line)
        case .mapping(let mapping):
            var entries: [Entry] = []
            var seen = Set<String>()
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ScenarioError(file: file, path: path, line: keyNode.mark?.line, value: nil,
                                        message: "has a key that is not a plain string")
                }
                let key = keyScalar.string
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if !seen.insert(key).inserted {
                    throw ScenarioError(file: file, path: childPath, line: keyNode.mark?.line, value: nil,
                                        message: "appears twice; each key may appear once")
                }
                entries.append(Entry(key: key, node: try convert(valueNode, file: file, path: childPath, depth: depth + 1)))
            }
            return ScenarioNode(.map(entries), line: line)
        case .alias:
            throw ScenarioError(file: file, path: path, line: line, value: nil,
                                message: "uses a YAML alias, which scenario files do not support")
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar) -> Value {
        let text = scalar.string
        if scalar.style != .plain { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        if let number = parseNumber(text) { return .number(number) }
        return .string(text)
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
