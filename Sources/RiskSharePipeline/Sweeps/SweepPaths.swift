import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// Checks that a varied path names a scenario value and that the values have its type, and
/// suggests the nearest valid paths when it does not.
enum SweepPaths {
    static func check(_ axis: SweepAxis, in document: ScenarioNode, file: String) throws {
        let path = axis.path
        if let existing = path.value(in: document) {
            for (value, label) in zip(axis.values, axis.labels) where !compatible(value, with: existing) {
                throw ScenarioError(
                    file: "--vary", path: path.description, line: nil, value: label,
                    message: "is \(value.kind) but the scenario has \(existing.kind) here (\(existing.brief))")
            }
            return
        }
        // Not in the file: it may still be an optional key with a default (e.g.
        // simulation.block_paths). Setting it throws with nearby paths when an intermediate
        // step is missing; validation of the scenario decides about the last key.
        let withValue = try path.setting(axis.values[0], in: document)
        do {
            _ = try ScenarioLoader.decode(document: withValue, file: file, hasher: SHA256())
        } catch let error as ScenarioError where error.message.contains("not a known key") {
            let nearest = nearestPaths(to: path.description, in: document, count: 5)
            throw ScenarioError(
                file: "--vary", path: path.description, line: nil, value: nil,
                message: "is not a value of the scenario; nearest valid paths: \(nearest.joined(separator: ", "))")
        }
    }

    /// Whether `value` may replace `existing`: numbers for numbers, strings for strings,
    /// booleans for booleans; lists and maps may replace anything of their own kind or a scalar
    /// (e.g. exposure: 1e6 -> {distribution: lognormal, ...}), and scalars may replace maps.
    static func compatible(_ value: ScenarioNode, with existing: ScenarioNode) -> Bool {
        switch (value.value, existing.value) {
        case (.number, .number), (.string, .string), (.bool, .bool): return true
        case (.null, _), (_, .null): return true
        case (.list, .list), (.map, .map): return true
        case (.map, .number), (.number, .map): return true  // plain number <-> distribution
        default: return false
        }
    }

    /// Every path to a scalar of the document, in the syntax `--vary` accepts (list items by
    /// name when they have one).
    static func leafPaths(of node: ScenarioNode, prefix: String = "") -> [String] {
        switch node.value {
        case .map(let entries):
            return entries.flatMap { leafPaths(of: $0.node, prefix: prefix.isEmpty ? $0.key : "\(prefix).\($0.key)") }
        case .list(let items):
            return items.indices.flatMap { i -> [String] in
                let step: String
                if case .string(let name)? = items[i]["name"]?.value { step = "[\(name)]" } else { step = "[\(i)]" }
                return leafPaths(of: items[i], prefix: prefix + step)
            }
        default:
            return [prefix]
        }
    }

    /// The `count` leaf paths closest to `text` by edit distance.
    static func nearestPaths(to text: String, in document: ScenarioNode, count: Int) -> [String] {
        let paths = leafPaths(of: document)
        return paths.map { ($0, editDistance(Array(text), Array($0))) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .prefix(count).map(\.0)
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
