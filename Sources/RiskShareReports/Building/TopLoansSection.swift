import RiskShareKit

/// The loans with the largest ES contributions at the highest report level, for the gross loss
/// and each loss-bearing party (report.json `contributions.<subject>.top_loans`).
///
/// The tail paths of every subject at that level are simulated again to find the loans that
/// defaulted on them (`Simulation.loanLosses(onPaths:)`). A loan's share of a party's loss on a
/// path is the party's loss in the loan's allocation cell on that path times the loan's share of
/// the cell's gross loss there: within a cell every loan is under the same layers, so the
/// party bore the same fraction of each of their losses, up to caps and pool limits, which the
/// cell's loans share pro rata. The loans' shares of a cell add up to the party's loss in the
/// cell, so a subject's loan contributions add up to its ES.
enum TopLoansSection {
    /// Per subject, its top loans; and the level.
    struct Result {
        var level: Double
        var loans: [[TopLoan]]
    }

    /// The top loans of every subject.
    /// - Parameters:
    ///   - simulation: the run's simulation (its paths are simulated again).
    ///   - table: the run's whole path table.
    ///   - allocations: one per subject, the gross loss first.
    ///   - partyCells: per subject, its loss per cell and path (`party.<name>.loss.cell.<k>`), or
    ///     nil for the gross loss.
    ///   - sameAs: per subject, an earlier subject with the same loss and cells, whose top loans
    ///     it has.
    /// - Returns: nil when no segment comes from a loan tape, or the table is not the whole run.
    static func build(
        simulation: Simulation, table: PathTable, allocations: [RiskContributions], partyCells: [[[Double]]?], sameAs: [Int?]
    ) -> Result? {
        let identifiers = LoanIdentifiers(scenario: simulation.scenario, book: simulation.book)
        let n = table.rowCount
        guard identifiers.hasTapeLoans, n == simulation.scenario.simulation.paths, let first = allocations.first,
            let top = first.levels.indices.max(by: { first.levels[$0] < first.levels[$1] })
        else { return nil }
        let q = first.levels[top]
        let losses = simulation.loanLosses(
            onPaths: allocations.indices.filter { sameAs[$0] == nil }.flatMap { allocations[$0].tails[top].map(\.0) })
        let position = Dictionary(uniqueKeysWithValues: losses.paths.enumerated().map { ($1, $0) })
        // Gross loss of each cell on each re-simulated path.
        let cellLoss: [[Int: Double]] = losses.paths.indices.map { k in
            var sums: [Int: Double] = [:]
            for entry in losses.entries(ofPath: k) { sums[entry.cell, default: 0] += entry.loss }
            return sums
        }
        let book = simulation.book
        var loans: [[TopLoan]] = []
        for (i, (allocation, cells)) in zip(allocations, partyCells).enumerated() {
            if let j = sameAs[i] {
                loans.append(loans[j])
                continue
            }
            let tail = allocation.tails[top]
            let units = LoanContributions.units(tail: tail, paths: n, level: q) { k in
                let row = tail[k].0
                let p = position[row]!
                return losses.entries(ofPath: p).map { entry in
                    guard let cells else { return (entry.loans, entry.loss) }
                    let gross = cellLoss[p][entry.cell] ?? 0
                    return (entry.loans, gross > 0 ? entry.loss * cells[entry.cell][row] / gross : 0)
                }
            }
            let largest = LoanContributions.largest(ContributionsSummary.topLoanCount, of: units) {
                identifiers.isTapeLoan($0.loans.lowerBound, segment: book.segment[$0.loans.lowerBound])
            }
            let ids = identifiers.identifiers(of: largest.map { ($0.loan, book.segment[$0.loan]) })
            let total = allocation.expectedShortfall[top]
            loans.append(
                zip(largest, ids).map { loan, id in
                    TopLoan(
                        id: id, segment: book.segmentNames[book.segment[loan.loan]], exposure: book.exposure[loan.loan],
                        expectedShortfall: Estimate(loan.expectedShortfall, stderr: loan.stderr),
                        share: total > 0 ? loan.expectedShortfall / total : 0)
                })
        }
        return Result(level: q, loans: loans)
    }
}
