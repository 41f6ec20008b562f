import Synchronization

/// Per-path results of a run: one column of values per named quantity (a party's loss in a
/// year, a pool's end balance, ...), one row per path, in path order. Optional likelihood-ratio
/// weights come from importance sampling; plain Monte Carlo has none.
public struct PathTable: Sendable {
    /// Column names, e.g. `gross_loss`, `gross_loss.y2`, `party.bank.loss`.
    public private(set) var names: [String]
    /// Values column by column.
    public private(set) var columns: [[Double]]
    /// Likelihood ratio of each path, or nil when every path weighs 1.
    public var weights: [Double]? { didSet { summaries = SummaryCache() } }
    /// Paths per independent replicate when paths within a replicate are not independent
    /// (randomised QMC: one random shift per block); standard errors then come from the spread of
    /// replicate means. nil for independent paths.
    public var replicateSize: Int? { didSet { summaries = SummaryCache() } }
    /// Loan-level operations the simulation did (a deterministic measure of its cost), when known.
    public var work: Double?
    /// The quantile levels and exceedance thresholds reports will ask for (the scenario's
    /// `report` section). `summary` computes them all in its passes over a column; other levels
    /// are computed on request, so this changes the cost of statistics, never their values.
    public var reportSettings: ReportSettings? { didSet { summaries = SummaryCache() } }
    private var index: [String: Int]
    private var summaries = SummaryCache()

    public init(names: [String], columns: [[Double]], weights: [Double]? = nil) {
        precondition(names.count == columns.count)
        self.names = names
        self.columns = columns
        self.weights = weights
        index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    /// Number of paths.
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// The column named `name`; traps if it does not exist (a programming error).
    public subscript(name: String) -> [Double] {
        guard let i = index[name] else { preconditionFailure("no column \(name)") }
        return columns[i]
    }

    /// Whether a column exists.
    public func has(_ name: String) -> Bool { index[name] != nil }

    /// Statistics of a column under the table's weights. Columns holding the same values (the
    /// gross loss and the bank's loss without risk sharing, a one-year horizon's year-1 columns)
    /// share one summary, computed once.
    public func summary(_ name: String) -> Summary {
        guard let i = index[name] else { preconditionFailure("no column \(name)") }
        guard let settings = reportSettings else {
            return Summary(values: columns[i], weights: weights, replicateSize: replicateSize)
        }
        return summaries.summary(of: columns[i]) {
            Summary(
                values: columns[i], weights: weights, replicateSize: replicateSize,
                levels: settings.quantiles, thresholds: settings.exceedance)
        }
    }

    /// Makes this table use `other`'s summaries, shared both ways from then on, when both
    /// summarise a column the same way: the same weights (bit for bit), replicate size, quantile
    /// levels and exceedance thresholds. Scheme variants replayed on one simulation of their
    /// defaults (`SchemeReplay`) have many columns in common (the gross loss, the parties no
    /// varied mechanism reaches), and each is then summarised once for all of them; a summary
    /// depends only on the column's values and those settings, so no report changes.
    /// - Returns: whether the summaries are now shared.
    @discardableResult
    public mutating func shareSummaries(with other: PathTable) -> Bool {
        func same(_ a: [Double]?, _ b: [Double]?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            return SummaryCache.identical(a, b)
        }
        guard let mine = reportSettings, let theirs = other.reportSettings, replicateSize == other.replicateSize,
            same(weights, other.weights), same(mine.quantiles, theirs.quantiles), same(mine.exceedance, theirs.exceedance)
        else { return false }
        summaries = other.summaries
        return true
    }
}

/// Summaries already computed for a table (or for tables that share them, `shareSummaries`),
/// by column values. A summary made with report settings keeps only its results, so the cache
/// holds a few numbers per column and a reference to the column, not a copy of the paths.
final class SummaryCache: Sendable {
    private let entries = Mutex<[(values: [Double], fingerprint: UInt64, summary: Summary)]>([])

    /// The summary of `values`, or of earlier values the same bit for bit, else `make()`'s.
    func summary(of values: [Double], make: () -> Summary) -> Summary {
        let known = entries.withLock { $0 }
        if let entry = known.first(where: { SummaryCache.sameStorage($0.values, values) }) { return entry.summary }
        let fingerprint = SummaryCache.fingerprint(values)
        for entry in known where entry.fingerprint == fingerprint && SummaryCache.identical(entry.values, values) {
            entries.withLock { $0.append((values, fingerprint, entry.summary)) }
            return entry.summary
        }
        let made = make()
        entries.withLock { $0.append((values, fingerprint, made)) }
        return made
    }

    /// Whether two arrays are one storage (the same column asked for again).
    static func sameStorage(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }

    /// A hash of the column's bit patterns, so that only likely-equal columns are compared in full:
    /// four FNV-1a chains over alternate values, so that their multiplications overlap.
    static func fingerprint(_ column: [Double]) -> UInt64 {
        column.withUnsafeBufferPointer { x in
            let prime: UInt64 = 0x0000_0100_0000_01B3
            var h0: UInt64 = 0xCBF2_9CE4_8422_2325, h1 = h0 &+ 1, h2 = h0 &+ 2, h3 = h0 &+ 3
            var i = 0
            while i + 4 <= x.count {
                h0 = (h0 ^ x[i].bitPattern) &* prime
                h1 = (h1 ^ x[i + 1].bitPattern) &* prime
                h2 = (h2 ^ x[i + 2].bitPattern) &* prime
                h3 = (h3 ^ x[i + 3].bitPattern) &* prime
                i += 4
            }
            var h = h0 ^ h1 &* 3 ^ h2 &* 5 ^ h3 &* 7
            while i < x.count {
                h = (h ^ x[i].bitPattern) &* prime
                i += 1
            }
            return h
        }
    }

    /// Whether two columns hold the same bit patterns (so -0 and 0 differ, and NaNs may match).
    static func identical(_ a: [Double], _ b: [Double]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                for i in 0..<x.count where x[i].bitPattern != y[i].bitPattern { return false }
                return true
            }
        }
    }
}
