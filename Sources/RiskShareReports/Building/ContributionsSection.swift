import RiskShareKit
import RiskShareSupport

/// Builds report.json `contributions` from the per-path cell columns the waterfall records
/// (`party.<name>.loss.cell.<k>`, see `RiskSharingPlan.cells`): for the gross loss (the sum of
/// the parties' cells, by conservation) and each loss-bearing party, the cells are summed into
/// one column per segment, stage, product and cluster, and `RiskContributions` allocates the
/// subject's EL and ES to them with the tail weights of the subject's own loss column.
enum ContributionsSection {
    /// Tags in report order.
    static var tags: [String] { ContributionColumns.tags }

    /// nil when the run did not record losses by cell.
    static func build(simulation: Simulation, table: PathTable) -> ContributionsSummary? {
        guard let columns = ContributionColumns(simulation: simulation), table.rowCount > 0 else { return nil }
        let levels = simulation.scenario.report.quantiles
        let n = table.rowCount
        let cellCount = columns.cellCount
        let names = tags.map { columns.values(of: $0) }

        let parties = columns.parties
        let partyCells = parties.map { name in (0..<cellCount).map { table["party.\(name).loss.cell.\($0)"] } }
        var grossCells = [[Double]](repeating: [Double](repeating: 0, count: n), count: cellCount)
        for cells in partyCells {
            for c in 0..<cellCount {
                let column = cells[c]
                grossCells[c].withUnsafeMutableBufferPointer { sum in for j in 0..<n { sum[j] += column[j] } }
            }
        }

        let subjects = [("gross_loss", "gross_loss", grossCells)] + zip(parties, partyCells).map { ($0, "party.\($0).loss", $1) }
        let allocations = subjects.map { _, column, cellColumns in
            // Every tag's parts in one allocation: the tail weights are computed once.
            var parts: [(name: String, values: [Double])] = []
            for t in tags.indices {
                for (k, value) in names[t].enumerated() {
                    var sum = [Double](repeating: 0, count: n)
                    for c in columns.cellsOf(tag: t, value: k) {
                        let values = cellColumns[c]
                        sum.withUnsafeMutableBufferPointer { s in for j in 0..<n { s[j] += values[j] } }
                    }
                    parts.append((value, sum))
                }
            }
            // The subject's own summary already holds its VaR at every report level.
            let summary = table.summary(column)
            let valuesAtRisk = table.weights == nil ? levels.map { summary.quantile($0) } : nil
            return RiskContributions(
                total: table[column], parts: parts, weights: table.weights, replicateSize: table.replicateSize, levels: levels,
                valuesAtRisk: valuesAtRisk)
        }
        let topLoans = TopLoansSection.build(
            simulation: simulation, table: table, allocations: allocations, partyCells: [nil] + partyCells.map { Optional($0) })
        return ContributionsSummary(
            levels: levels,
            subjects: zip(subjects, allocations).enumerated().map { i, pair in
                let ((name, column, _), allocation) = pair
                var start = 0
                var breakdowns: [ContributionBreakdown] = []
                for t in tags.indices {
                    let slice = allocation.parts[start..<(start + names[t].count)]
                    start += names[t].count
                    breakdowns.append(
                        ContributionBreakdown(
                            tag: tags[t],
                            parts: slice.map { part in
                                ContributionPart(
                                    name: part.name, expectedLoss: Estimate(part.expectedLoss, stderr: part.expectedLossStderr),
                                    expectedShortfall: zip(part.expectedShortfall, part.expectedShortfallStderr).map {
                                        Estimate($0, stderr: $1)
                                    })
                            }))
                }
                return ContributionSubject(
                    name: name, expectedLoss: Estimate(allocation.expectedLoss, stderr: table.summary(column).stderr),
                    expectedShortfall: allocation.expectedShortfall, breakdowns: breakdowns, topLoans: topLoans?.loans[i])
            },
            topLoansLevel: topLoans?.level)
    }
}
