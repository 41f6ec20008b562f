import RiskShareKit
import RiskShareSupport

/// A number read from report.json by a JSON path such as `parties.bank.loss.quantiles.0.99`,
/// `pools.pool.p_exhausted` or `years[1].gross_loss.mean`, with its Monte Carlo standard error
/// when the report has one.
///
/// Report keys may themselves contain dots (quantile levels such as "0.99", thresholds such as
/// "1.5e8"), so a path is cut into dot-separated pieces and, at each object, the longest run of
/// pieces that is an actual key is taken first (trying shorter runs if the rest then fails).
/// Array items are picked by index (`years.1` or `years[1]`) or by their `name` (`segments[a]`).
public struct MetricPath: Sendable, Equatable, CustomStringConvertible {
    public let description: String
    let pieces: [String]

    public init(_ text: String) throws {
        description = text
        // `[x]` is the same as `.x`; bracket contents may contain dots (`exceedance[1.5e8]`),
        // which the greedy key matching joins back together.
        var flat = ""
        var inBracket = false
        var malformed = false
        for ch in text {
            switch ch {
            case "[": if inBracket { malformed = true }; inBracket = true; flat += "."
            case "]": if !inBracket { malformed = true }; inBracket = false
            default: flat.append(ch)
            }
        }
        if flat.hasPrefix(".") { flat.removeFirst() }
        let pieces = flat.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if text.isEmpty || malformed || inBracket || pieces.contains(where: \.isEmpty) {
            throw ScenarioError(
                file: "--metric", path: text, line: nil, value: nil,
                message:
                    "is not a valid JSON path into report.json (expected e.g. gross_loss.mean, parties.bank.loss.quantiles.0.99, years[0].npl_ratio.mean)"
            )
        }
        self.pieces = pieces
    }

    /// A metric's value, with its standard error when the report carries one.
    public struct Reading: Sendable, Equatable {
        public var value: Double
        /// nil when the report has no standard error for this quantity (e.g. a minimum).
        public var stderr: Double?

        public init(value: Double, stderr: Double?) {
            self.value = value
            self.stderr = stderr
        }
    }

    /// Reads the metric from `report`; a path that is not in the report, or that names an
    /// object rather than a number, is a `ScenarioError` saying what exists where it stopped.
    public func read(from report: JSONValue) throws -> Reading {
        guard let keys = resolve(report, pieces[...], trail: []) else { throw notFound(report) }
        let value = node(report, keys)!
        let parent = node(report, Array(keys.dropLast()))
        let last = keys.last!
        switch value {
        case .number, .integer:
            return Reading(value: value.doubleValue!, stderr: standardError(report, keys: keys, parent: parent, last: last))
        case .null:
            // Non-finite numbers are written as null; report them as NaN rather than failing.
            return Reading(value: .nan, stderr: nil)
        case .object where value["p"]?.doubleValue != nil:
            // A probability object {p, stderr}.
            return Reading(value: value["p"]!.doubleValue!, stderr: value["stderr"]?.doubleValue)
        case .object(let members):
            let hint = value["mean"] != nil ? "; name one of its members, e.g. \(description).mean" : ""
            throw ScenarioError(
                file: "--metric", path: description, line: nil, value: nil,
                message:
                    "names an object in report.json, not a number (its keys: \(members.prefix(12).map(\.0).joined(separator: ", ")))\(hint)"
            )
        default:
            throw ScenarioError(
                file: "--metric", path: description, line: nil, value: nil,
                message: "names \(value.kindDescription) in report.json, not a number")
        }
    }

    /// The keys the path resolves to in `report`, or nil when it is not there.
    package func keys(in report: JSONValue) -> [Key]? { resolve(report, pieces[...], trail: []) }

    /// Where the report keeps the uncertainty of the value at `keys`.
    private func standardError(_ report: JSONValue, keys: [Key], parent: JSONValue?, last: Key) -> Double? {
        guard case .member(let name) = last, let parent else { return nil }
        let grandparentKeys = Array(keys.dropLast(2))
        switch name {
        case "mean": return parent["stderr"]?.doubleValue  // STAT.mean
        case "p": return parent["stderr"]?.doubleValue  // {p, stderr}
        default: break
        }
        guard keys.count >= 2, case .member(let group) = keys[keys.count - 2],
            let stat = node(report, grandparentKeys)
        else { return nil }
        switch group {
        case "quantiles":
            // Half-width of the distribution-free 95% interval over 1.96: an approximate s.e.
            guard case .array(let bounds)? = stat["quantile_ci95"]?[name], bounds.count == 2,
                let lo = bounds[0].doubleValue, let hi = bounds[1].doubleValue
            else { return nil }
            return (hi - lo) / 2 / 1.959964
        case "exceedance":
            return stat["exceedance_stderr"]?[name]?.doubleValue
        case "expected_shortfall":
            return stat["expected_shortfall_stderr"]?[name]?.doubleValue
        default:
            return nil
        }
    }

    package enum Key: Equatable { case member(String), item(Int) }

    private func node(_ root: JSONValue, _ keys: [Key]) -> JSONValue? {
        var current: JSONValue? = root
        for key in keys {
            switch key {
            case .member(let name): current = current?[name]
            case .item(let i): current = current?[i]
            }
        }
        return current
    }

    /// Depth-first match of the pieces against the document: longest key first.
    private func resolve(_ value: JSONValue, _ rest: ArraySlice<String>, trail: [Key]) -> [Key]? {
        guard let first = rest.first else { return trail }
        switch value {
        case .object(let members):
            for length in stride(from: rest.count, through: 1, by: -1) {
                let key = rest.prefix(length).joined(separator: ".")
                if let member = members.first(where: { $0.0 == key }),
                    let found = resolve(member.1, rest.dropFirst(length), trail: trail + [.member(key)])
                {
                    return found
                }
            }
            return nil
        case .array(let items):
            if let i = Int(first), items.indices.contains(i) {
                return resolve(items[i], rest.dropFirst(), trail: trail + [.item(i)])
            }
            if let i = items.firstIndex(where: { if case .string(first)? = $0["name"] { return true } else { return false } }) {
                return resolve(items[i], rest.dropFirst(), trail: trail + [.item(i)])
            }
            return nil
        default:
            return nil
        }
    }

    /// The error for a path that is not in the report: how far it got and what is there.
    private func notFound(_ report: JSONValue) -> ScenarioError {
        // Walk greedily as far as possible to name the deepest existing prefix.
        var current = report
        var rest = pieces[...]
        var matched: [String] = []
        walk: while !rest.isEmpty {
            switch current {
            case .object(let members):
                for length in stride(from: rest.count, through: 1, by: -1) {
                    let key = rest.prefix(length).joined(separator: ".")
                    if let member = members.first(where: { $0.0 == key }) {
                        matched.append(key); current = member.1; rest = rest.dropFirst(length); continue walk
                    }
                }
                break walk
            case .array(let items):
                if let i = Int(rest.first!), items.indices.contains(i) {
                    matched.append("[\(i)]"); current = items[i]; rest = rest.dropFirst(); continue walk
                }
                break walk
            default: break walk
            }
        }
        let at = matched.isEmpty ? "the top level" : matched.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        let available: String
        switch current {
        case .object(let members): available = "keys there: " + members.prefix(20).map(\.0).joined(separator: ", ")
        case .array(let items): available = "an array of \(items.count) items there (index 0...\(max(items.count - 1, 0)))"
        default: available = "a value there, with nothing below it"
        }
        return ScenarioError(
            file: "--metric", path: description, line: nil, value: nil,
            message: "is not in report.json; it matches up to \(at), \(available)")
    }
}

extension JSONValue {
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number, .integer: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
