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
        return summaries.summary(of: i, in: columns) {
            Summary(
                values: columns[i], weights: weights, replicateSize: replicateSize,
                levels: settings.quantiles, thresholds: settings.exceedance)
        }
    }
}

/// Summaries already computed for a table, by column. A summary made with report settings keeps
/// only its results, so the cache holds a few numbers per column, not the paths.
final class SummaryCache: Sendable {
    private let entries = Mutex<[(column: Int, fingerprint: UInt64, summary: Summary)]>([])

    /// The summary of column `c`, or of an earlier column with the same values bit for bit,
    /// else `make()`'s.
    func summary(of c: Int, in columns: [[Double]], make: () -> Summary) -> Summary {
        let known = entries.withLock { $0 }
        if let entry = known.first(where: { $0.column == c }) { return entry.summary }
        let fingerprint = SummaryCache.fingerprint(columns[c])
        for entry in known where entry.fingerprint == fingerprint && SummaryCache.identical(columns[entry.column], columns[c]) {
            entries.withLock { $0.append((c, fingerprint, entry.summary)) }
            return entry.summary
        }
        let made = make()
        entries.withLock { $0.append((c, fingerprint, made)) }
        return made
    }

    /// A hash of the column's bit patterns, so that only likely-equal columns are compared in full.
    static func fingerprint(_ column: [Double]) -> UInt64 {
        column.withUnsafeBufferPointer { x in
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for v in x { h = (h ^ v.bitPattern) &* 0x0000_0100_0000_01B3 }
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
