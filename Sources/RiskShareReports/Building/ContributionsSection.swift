import RiskShareKit
import RiskShareSupport

/// Builds report.json `contributions` from the per-path cell columns the waterfall records
/// (`party.<name>.loss.cell.<k>`, see `RiskSharingPlan.cells`): for the gross loss (the sum of
/// the parties' cells, by conservation) and each loss-bearing party, the cells are summed into
/// one column per segment, stage, product and cluster, and `RiskContributions` allocates the
/// subject's EL and ES to them with the tail weights of the subject's own loss column.
enum ContributionsSection {
    /// Tags in report order.
    static let tags = ["segment", "stage", "product", "cluster"]

    /// nil when the run did not record losses by cell.
    static func build(simulation: Simulation, table: PathTable) -> ContributionsSummary? {
        let plan = simulation.plan
        guard let cells = plan.cells, table.rowCount > 0 else { return nil }
        let scenario = simulation.scenario
        let levels = scenario.report.quantiles
        let n = table.rowCount

        // Which part of each tag every cell belongs to.
        var keys: [[Int]] = Array(repeating: [], count: tags.count)
        var names: [[String]] = Array(repeating: [], count: tags.count)
        for cell in cells.cells {
            let values = [
                simulation.book.segmentNames[cell.segment], cell.stage, cell.product,
                cluster(scenario.portfolio.segments[cell.segment].loadings, factors: scenario.economy.factors),
            ]
            for (t, value) in values.enumerated() {
                if let k = names[t].firstIndex(of: value) {
                    keys[t].append(k)
                } else {
                    names[t].append(value)
                    keys[t].append(names[t].count - 1)
                }
            }
        }

        let parties = plan.cellParties.map { plan.parties[$0] }
        let partyCells = parties.map { name in cells.cells.indices.map { table["party.\(name).loss.cell.\($0)"] } }
        var grossCells = [[Double]](repeating: [Double](repeating: 0, count: n), count: cells.count)
        for columns in partyCells {
            for c in 0..<cells.count {
                let column = columns[c]
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
                    for c in 0..<cells.count where keys[t][c] == k {
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

    /// The cluster of a segment: the factor with the largest absolute loading (the first of
    /// equal ones), or `none` when it loads on no factor.
    static func cluster(_ loadings: [Double], factors: [String]) -> String {
        var best: Int?
        for (f, a) in loadings.enumerated() where a != 0 && (best == nil || abs(a) > abs(loadings[best!])) { best = f }
        return best.map { factors[$0] } ?? "none"
    }
}
