/// Per-path results of a run: one column of values per named quantity (a party's loss in a
/// year, a pool's end balance, ...), one row per path, in path order. Optional likelihood-ratio
/// weights come from importance sampling; plain Monte Carlo has none.
public struct PathTable: Sendable {
    /// Column names, e.g. `gross_loss`, `gross_loss.y2`, `party.bank.loss`.
    public private(set) var names: [String]
    /// Values column by column.
    public private(set) var columns: [[Double]]
    /// Likelihood ratio of each path, or nil when every path weighs 1.
    public var weights: [Double]?
    /// Paths per independent replicate when paths within a replicate are not independent
    /// (randomised QMC: one random shift per block); standard errors then come from the spread of
    /// replicate means. nil for independent paths.
    public var replicateSize: Int?
    /// Loan-level operations the simulation did (a deterministic measure of its cost), when known.
    public var work: Double?
    private var index: [String: Int]

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

    /// Statistics of a column under the table's weights.
    public func summary(_ name: String) -> Summary { Summary(values: self[name], weights: weights, replicateSize: replicateSize) }
}
