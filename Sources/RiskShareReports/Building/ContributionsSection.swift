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

        // Parts made of the same cells (a one-segment book's segment, stage, product and cluster)
        // are the same column: each distinct set of cells is allocated once.
        var cellSets: [[Int]] = []
        let partOfValue: [[Int]] = tags.indices.map { t in
            names[t].indices.map { k in
                let cells = columns.cellsOf(tag: t, value: k)
                if let i = cellSets.firstIndex(of: cells) { return i }
                cellSets.append(cells)
                return cellSets.count - 1
            }
        }
        let subjects = [("gross_loss", "gross_loss", grossCells)] + zip(parties, partyCells).map { ($0, "party.\($0).loss", $1) }
        var allocations: [RiskContributions] = []
        // A subject whose loss and cells equal an earlier one's (a bank bearing the whole gross
        // loss) has that one's allocation and top loans.
        var sameAs: [Int?] = []
        for (i, (_, column, cellColumns)) in subjects.enumerated() {
            if let j = (0..<i).first(where: { table[subjects[$0].1] == table[column] && subjects[$0].2 == cellColumns }) {
                allocations.append(allocations[j])
                sameAs.append(j)
                continue
            }
            sameAs.append(nil)
            let parts = cellSets.enumerated().map { p, cells -> (name: String, values: [Double]) in
                var sum = [Double](repeating: 0, count: n)
                for c in cells {
                    let values = cellColumns[c]
                    sum.withUnsafeMutableBufferPointer { s in for j in 0..<n { s[j] += values[j] } }
                }
                return ("\(p)", sum)
            }
            // The subject's own summary already holds its VaR at every report level.
            let summary = table.summary(column)
            let valuesAtRisk = table.weights == nil ? levels.map { summary.quantile($0) } : nil
            allocations.append(
                RiskContributions(
                    total: table[column], parts: parts, weights: table.weights, replicateSize: table.replicateSize, levels: levels,
                    valuesAtRisk: valuesAtRisk, totalSummary: summary))
        }
        let topLoans = TopLoansSection.build(
            simulation: simulation, table: table, allocations: allocations, partyCells: [nil] + partyCells.map { Optional($0) },
            sameAs: sameAs)
        return ContributionsSummary(
            levels: levels,
            subjects: zip(subjects, allocations).enumerated().map { i, pair in
                let ((name, column, _), allocation) = pair
                var breakdowns: [ContributionBreakdown] = []
                for t in tags.indices {
                    breakdowns.append(
                        ContributionBreakdown(
                            tag: tags[t],
                            parts: zip(names[t], partOfValue[t]).map { name, p in
                                let part = allocation.parts[p]
                                return ContributionPart(
                                    name: name, expectedLoss: Estimate(part.expectedLoss, stderr: part.expectedLossStderr),
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
