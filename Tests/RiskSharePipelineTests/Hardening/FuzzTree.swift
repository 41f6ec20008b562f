import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport

/// A scenario document as the fuzzer sees it: maps, lists and scalars written as literal YAML
/// text, so a mutant can hold what no `ScenarioNode` can (a duplicated key, `1e999`, a 30-digit
/// integer, an anchor) and is written back out as flow-style YAML.
indirect enum FuzzTree {
    /// A scalar exactly as it will appear in the file: `0.05`, `"text"`, `.nan`, `null`.
    case scalar(String)
    case list([FuzzTree])
    case map([(key: String, value: FuzzTree)])

    init(_ node: ScenarioNode) {
        switch node.value {
        case .null: self = .scalar("null")
        case .bool(let b): self = .scalar(b ? "true" : "false")
        case .number(let x): self = .scalar(FuzzTree.literal(x))
        case .string(let s): self = .scalar(FuzzTree.quoted(s))
        case .list(let items): self = .list(items.map(FuzzTree.init))
        case .map(let entries): self = .map(entries.map { ($0.key, FuzzTree($0.node)) })
        }
    }

    /// A number as YAML reads it back (round-trip), including the non-finite spellings.
    static func literal(_ x: Double) -> String {
        if x.isNaN { return ".nan" }
        if x.isInfinite { return x > 0 ? ".inf" : "-.inf" }
        return "\(x)"
    }

    /// A double-quoted YAML string (JSON escapes are valid YAML escapes).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\x%02x", scalar.value) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// Flow-style YAML. Keys are always quoted so any key text survives.
    var yaml: String {
        var out = ""
        write(into: &out)
        return out + "\n"
    }

    private func write(into out: inout String) {
        switch self {
        case .scalar(let text): out += text
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.write(into: &out)
            }
            out += "]"
        case .map(let entries):
            out += "{"
            for (i, entry) in entries.enumerated() {
                if i > 0 { out += ", " }
                out += FuzzTree.quoted(entry.key) + ": "
                entry.value.write(into: &out)
            }
            out += "}"
        }
    }

    /// Every position in the tree, as the list of child indices leading to it (root = []).
    var positions: [[Int]] {
        var found: [[Int]] = []
        func visit(_ tree: FuzzTree, _ at: [Int]) {
            found.append(at)
            switch tree {
            case .scalar: break
            case .list(let items): for (i, item) in items.enumerated() { visit(item, at + [i]) }
            case .map(let entries): for (i, entry) in entries.enumerated() { visit(entry.value, at + [i]) }
            }
        }
        visit(self, [])
        return found
    }

    subscript(position: [Int]) -> FuzzTree {
        get {
            guard let first = position.first else { return self }
            let rest = Array(position.dropFirst())
            switch self {
            case .scalar: return self
            case .list(let items): return items[first][rest]
            case .map(let entries): return entries[first].value[rest]
            }
        }
        set {
            guard let first = position.first else { self = newValue; return }
            let rest = Array(position.dropFirst())
            switch self {
            case .scalar: self = newValue
            case .list(var items): items[first][rest] = newValue; self = .list(items)
            case .map(var entries): entries[first].value[rest] = newValue; self = .map(entries)
            }
        }
    }

    var isScalar: Bool { if case .scalar = self { return true } else { return false } }
    var isContainer: Bool { !isScalar }
}

/// Seeded choices for the fuzzer, drawn from the package's own GSL stream so a mutant is
/// reproducible from (seed, case number) alone.
struct FuzzRandom {
    let stream: RandomStream

    init(seed: UInt64, stream index: UInt64) { stream = RandomStream(seed: seed, stream: index) }

    /// Uniform whole number in `range`.
    func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + min(Int(stream.uniform() * Double(range.count)), range.count - 1)
    }

    func chance(_ p: Double) -> Bool { stream.uniform() < p }

    func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// Log-uniform whole number in `range` (small sizes common, large ones possible).
    func size(_ range: ClosedRange<Int>) -> Int {
        let lo = log(Double(max(range.lowerBound, 1))), hi = log(Double(range.upperBound))
        return min(max(Int(exp(lo + stream.uniform() * (hi - lo))), range.lowerBound), range.upperBound)
    }
}
