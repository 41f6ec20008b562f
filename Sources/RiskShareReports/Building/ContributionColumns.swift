import RiskShareKit

/// Where the parts of every `contributions` subject live in a run's path table: the one map from
/// report keys to per-path cell columns, used to build the section (`ContributionsSection`) and
/// to give sweeps the per-path form of `contributions.*` metrics.
public struct ContributionColumns: Sendable {
    /// Tags in report order.
    public static let tags = ["segment", "stage", "product", "cluster"]

    /// The loss-bearing parties whose losses are recorded by cell.
    public let parties: [String]
    /// Allocation cells of the book.
    public let cellCount: Int
    /// Per tag, its values in order of first appearance, and the value of each cell.
    let values: [[String]]
    let valueOfCell: [[Int]]

    /// nil when the run does not record losses by cell.
    /// - Parameter simulation: the run's simulation.
    public init?(simulation: Simulation) {
        let plan = simulation.plan
        guard let cells = plan.cells else { return nil }
        let scenario = simulation.scenario
        var keys: [[Int]] = Array(repeating: [], count: Self.tags.count)
        var names: [[String]] = Array(repeating: [], count: Self.tags.count)
        for cell in cells.cells {
            let tagValues = [
                simulation.book.segmentNames[cell.segment], cell.stage, cell.product,
                Self.cluster(scenario.portfolio.segments[cell.segment].loadings, factors: scenario.economy.factors),
            ]
            for (t, value) in tagValues.enumerated() {
                if let k = names[t].firstIndex(of: value) {
                    keys[t].append(k)
                } else {
                    names[t].append(value)
                    keys[t].append(names[t].count - 1)
                }
            }
        }
        parties = plan.cellParties.map { plan.parties[$0] }
        cellCount = cells.count
        values = names
        valueOfCell = keys
    }

    /// The subjects: `gross_loss`, then each party.
    public var subjects: [String] { ["gross_loss"] + parties }

    /// The path-table column of a subject's loss, or nil for an unknown subject.
    /// - Parameter subject: `gross_loss` or a party.
    /// - Returns: `gross_loss` or `party.<name>.loss`.
    public func lossColumn(_ subject: String) -> String? {
        subject == "gross_loss" ? "gross_loss" : parties.contains(subject) ? "party.\(subject).loss" : nil
    }

    /// The values of `tag` in report order (`ContributionsSection`'s parts).
    /// - Parameter tag: one of `tags`.
    /// - Returns: the values, or an empty list for an unknown tag.
    public func values(of tag: String) -> [String] { Self.tags.firstIndex(of: tag).map { values[$0] } ?? [] }

    /// The cell columns whose sum is a part's loss on each path: the subject's own cells with
    /// that tag value, or for `gross_loss` every party's.
    /// - Parameters:
    ///   - subject: `gross_loss` or a party.
    ///   - tag: one of `tags`.
    ///   - value: a value of the tag.
    /// - Returns: the column names, or nil for an unknown subject, tag or value.
    public func partColumns(subject: String, tag: String, value: String) -> [String]? {
        guard let t = Self.tags.firstIndex(of: tag), let k = values[t].firstIndex(of: value), lossColumn(subject) != nil else { return nil }
        let cells = (0..<cellCount).filter { valueOfCell[t][$0] == k }
        let owners = subject == "gross_loss" ? parties : [subject]
        return owners.flatMap { party in cells.map { "party.\(party).loss.cell.\($0)" } }
    }

    /// The cells that make up value `k` of tag `t` (indices into `tags` and `values(of:)`).
    func cellsOf(tag t: Int, value k: Int) -> [Int] { (0..<cellCount).filter { valueOfCell[t][$0] == k } }

    /// The cluster of a segment: the factor with the largest absolute loading (the first of
    /// equal ones), or `none` when it loads on no factor.
    static func cluster(_ loadings: [Double], factors: [String]) -> String {
        var best: Int?
        for (f, a) in loadings.enumerated() where a != 0 && (best == nil || abs(a) > abs(loadings[best!])) { best = f }
        return best.map { factors[$0] } ?? "none"
    }
}
