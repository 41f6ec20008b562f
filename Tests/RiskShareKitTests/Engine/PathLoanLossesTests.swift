import RiskShareTestSupport
import Testing

@testable import RiskShareKit

/// Paths simulated again one at a time have exactly the defaults they had in the run: their
/// loans' losses add up to the run's gross loss on each path, and, cell by cell, to what the
/// parties recorded there.
@Suite struct PathLoanLossesTests {
    /// 60 tape loans: 20 identical ones (a homogeneous group) and 40 of varying exposure and PD.
    static var tape: String {
        var csv = "id,exposure,pd,stage\n"
        for i in 0..<20 { csv += "H\(i),1000000,0.05,startup\n" }
        for i in 0..<40 { csv += "V\(i),\(500_000 + 37_000 * i),\(0.01 + 0.002 * Double(i)),\(i % 2 == 0 ? "startup" : "growth")\n" }
        return csv
    }

    static func yaml(method: String = "") -> String {
        """
        name: loan-losses
        simulation: {paths: 300, seed: 5, horizon_years: 3, block_paths: 7\(method)}
        economy: {factors: [economy], persistence: 0.3}
        portfolio:
          segments:
            - {name: tape, loans_file: loans.csv, lgd: {mean: 0.45, sd: 0.2}, term_years: 2, loadings: {economy: 0.5}}
            - {name: gen, count: 30, exposure: 2.0e6, pd: 0.03, lgd: 0.5, loadings: {economy: 0.4}}
          renewal: true
        risk_sharing:
          layers:
            - {type: guarantee, segments: [tape], shares: {bank: 0.3, fund: 0.7}}
            - {type: compensation_pool, payer: pool, initial_balance: 3.0e6, ratio: 0.5, shortfall: pro_rata}
        """
    }

    static func check(method: String) throws {
        let (simulation, table) = try TestScenarios.run(yaml(method: method), files: ["loans.csv": tape])
        let cells = try #require(simulation.plan.cells)
        // Every third path (the paths between are skipped), asked for out of order and twice.
        let wanted = Array(stride(from: 1, to: table.rowCount, by: 3))
        let losses = simulation.loanLosses(onPaths: wanted.reversed() + [4, 4])
        #expect(losses.paths == wanted)
        let gross = table["gross_loss"]
        let parties = simulation.plan.cellParties.map { simulation.plan.parties[$0] }
        var defaultingPaths = 0
        for (k, path) in losses.paths.enumerated() {
            let entries = losses.entries(ofPath: k)
            let sum = entries.reduce(0) { $0 + $1.loss }
            #expect(abs(sum - gross[path]) <= 1e-9 * max(gross[path], 1), "path \(path): \(sum) vs \(gross[path])")
            if !entries.isEmpty { defaultingPaths += 1 }
            #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.loans.upperBound <= $1.loans.lowerBound }, "ascending loans")
            for entry in entries {
                let group = try #require(simulation.book.groups.first { $0.range.contains(entry.loans.lowerBound) })
                #expect(entry.loans == (group.isHomogeneous ? group.range : entry.loans.lowerBound..<(entry.loans.lowerBound + 1)))
            }
            for c in 0..<cells.count {
                let cellLoss = entries.filter { $0.cell == c }.reduce(0) { $0 + $1.loss }
                let recorded = parties.reduce(0) { $0 + table["party.\($1).loss.cell.\(c)"][path] }
                #expect(abs(cellLoss - recorded) <= 1e-9 * max(cellLoss, 1), "path \(path) cell \(c)")
            }
        }
        #expect(defaultingPaths > 40)
    }

    @Test("plain Monte Carlo: each path's loan losses add up to its gross loss and, by cell, to the parties' losses")
    func plainMonteCarlo() throws { try Self.check(method: "") }

    @Test("quasi-Monte Carlo: a path simulated alone takes the Sobol point of its position in its block")
    func quasiMonteCarlo() throws { try Self.check(method: ", method: qmc") }

    @Test("importance sampling: the shifted factors and the twisted first year are reproduced")
    func importanceSampling() throws {
        try Self.check(method: ", method: importance_sampling, importance_sampling: {target_probability: 0.05}")
    }
}
