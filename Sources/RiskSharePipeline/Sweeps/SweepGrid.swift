import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// One point of a sweep: which value each axis takes.
public struct SweepVariant: Sendable, Equatable {
    /// 1-based position in the full list of variants (stable across shards).
    public var number: Int
    /// Index into each axis's values, in axis order.
    public var choice: [Int]
}

/// The variants of a sweep: the full grid (first axis varying slowest, like nested loops written
/// in axis order) or, with `zip`, the axes read side by side.
public struct SweepGrid: Sendable, Equatable {
    public var axes: [SweepAxis]
    public var zipped: Bool
    public private(set) var variants: [SweepVariant]

    /// At most this many variants; a larger grid is almost certainly a mistake.
    public static let maximumVariants = 100_000

    /// `zipped`: all axes side by side; otherwise the full grid.
    public init(axes: [SweepAxis], zipped: Bool) throws {
        try self.init(axes: axes, groups: zipped ? [Array(axes.indices)] : axes.indices.map { [$0] })
        self.zipped = zipped
    }

    /// The grid over `groups` (lists of axis indices, each index exactly once): axes of one
    /// group are read side by side (e.g. the bank's and the guarantor's share of a guarantee,
    /// which must move together so they keep summing to 1), groups are combined in full.
    public init(axes: [SweepAxis], groups: [[Int]]) throws {
        if axes.isEmpty {
            throw ScenarioError(
                file: "--vary", path: "", line: nil, value: nil,
                message: "a sweep needs at least one varied parameter (--vary PATH=VALUES or a sweep: section)")
        }
        var seen: [String] = []
        for axis in axes {
            if seen.contains(axis.path.description) {
                throw ScenarioError(file: "--vary", path: axis.path.description, line: nil, value: nil, message: "is varied twice")
            }
            seen.append(axis.path.description)
        }
        precondition(groups.flatMap { $0 }.sorted() == Array(axes.indices), "groups must partition the axes")
        self.axes = axes
        self.zipped = groups.count == 1 && axes.count > 1
        var lengths: [Int] = []
        for group in groups {
            let counts = group.map { axes[$0].values.count }
            if Set(counts).count > 1 {
                let listing = group.map { "\(axes[$0].path) has \(axes[$0].values.count)" }.joined(separator: ", ")
                throw ScenarioError(
                    file: "--zip", path: "", line: nil, value: nil,
                    message: "zipped axes must have the same number of values: \(listing)")
            }
            lengths.append(counts[0])
        }
        let total = lengths.reduce(1.0) { $0 * Double($1) }
        if total > Double(Self.maximumVariants) {
            throw ScenarioError(
                file: "--vary", path: "", line: nil, value: nil,
                message: "the grid has \(NumberFormat.plain(total)) variants; at most \(Self.maximumVariants) are allowed")
        }
        var list: [SweepVariant] = []
        var position = Array(repeating: 0, count: groups.count)
        for n in 0..<Int(total) {
            var choice = Array(repeating: 0, count: axes.count)
            for (g, group) in groups.enumerated() { for a in group { choice[a] = position[g] } }
            list.append(SweepVariant(number: n + 1, choice: choice))
            // Odometer: the last group turns fastest.
            var g = groups.count - 1
            while g >= 0 {
                position[g] += 1
                if position[g] < lengths[g] { break }
                position[g] = 0
                g -= 1
            }
        }
        variants = list
    }

    /// The value labels of a variant, in axis order.
    public func labels(of variant: SweepVariant) -> [String] {
        zip(axes, variant.choice).map { $0.labels[$1] }
    }

    /// `document` with the variant's values set. Paths are checked against the document by
    /// `SweepDocument.check` first; this only sets.
    public func apply(_ variant: SweepVariant, to document: ScenarioNode) throws -> ScenarioNode {
        var result = document
        for (axis, i) in zip(axes, variant.choice) {
            result = try axis.path.setting(axis.values[i], in: result)
        }
        return result
    }

    /// The variants of shard `k` of `n` (1-based): a contiguous slice, so shards concatenated in
    /// order give the full list.
    public func variants(shard k: Int, of n: Int) -> ArraySlice<SweepVariant> {
        let range = ShardSpec(index: k, count: n).slice(of: variants.count)
        return variants[range]
    }
}
