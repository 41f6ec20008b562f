import Foundation
import RiskShareTestSupport
import Testing

@testable import RiskShareKit

/// Each loss-bearing party's loss recorded by allocation cell (segment × stage × product): on
/// every path the cells add up to the party's loss, and the parties' cells of a segment add up
/// to the segment's gross loss, whatever the layers do (caps, overflow, lagged pool claims).
@Suite struct CellLossTests {
    /// A tape whose loans carry their own stages and products, so some loan groups (one term,
    /// one PD band) span several cells.
    static let tape: String = {
        var rows = ["id,exposure,pd,stage,product"]
        for i in 0..<120 {
            let stage = ["startup", "growth"][i % 2], product = ["credit", "ip_pledge", "park"][i % 3]
            rows.append("L\(i),\(1.0e6 + Double(i % 7) * 1.0e5),\(0.03 + Double(i % 5) * 0.01),\(stage),\(product)")
        }
        return rows.joined(separator: "\n") + "\n"
    }()

    static let yaml = """
        name: cells
        currency: CNY
        simulation: {paths: 3000, seed: 99, horizon_years: 3}
        economy: {factors: [economy, ai], persistence: 0.3}
        portfolio:
          renewal: true
          segments:
            - {name: generated, count: 200, stage: seed, product: credit, exposure: 2.0e6, pd: 0.06, lgd: {mean: 0.6, sd: 0.2}, loadings: {economy: 0.4}}
            - {name: taped, loans_file: loans.csv, lgd: 0.5, loadings: {economy: 0.2, ai: 0.4}}
        risk_sharing:
          parties: [budget]
          layers:
            - type: guarantee
              segments: [generated]
              shares: {bank: 0.3, fund: 0.7}
              annual_cap_rate: {fund: 0.02}
              overflow: [budget]
            - type: compensation_pool
              payer: pool
              initial_balance: 1.0e7
              ratio: 0.4
              claim_lag_years: 1
              shortfall: fifo
        """

    @Test("cells: one per segment for a generated segment, one per stage and product pair of a tape, in order of appearance")
    func cellsOfTheBook() throws {
        let (simulation, _) = try TestScenarios.run(Self.yaml, files: ["loans.csv": Self.tape], threads: 1)
        let cells = try #require(simulation.plan.cells)
        #expect(cells.cells[0] == AllocationCells.Cell(segment: 0, stage: "seed", product: "credit"))
        #expect(cells.count == 1 + 6)
        #expect(Set(cells.cells.dropFirst().map { "\($0.stage)/\($0.product)" }).count == 6)
        #expect(AllocationCells.count(simulation.scenario) == cells.count)
        // Some tape group mixes cells, so the per-loan lookup is in use, and it agrees with the book.
        #expect(!cells.cellOfLoan.isEmpty)
        let book = simulation.book
        for loan in 0..<book.count {
            let cell = cells.cells[Int(cells.cellOfLoan[loan])]
            #expect(cell.segment == book.segment[loan] && cell.stage == book.stage[loan] && cell.product == book.product[loan])
        }
    }

    @Test("on every path each party's cells add up to its loss, and the parties' cells of a segment to its gross loss")
    func conservationByCell() throws {
        let (simulation, table) = try TestScenarios.run(Self.yaml, files: ["loans.csv": Self.tape], threads: 2)
        let plan = simulation.plan
        let cells = try #require(plan.cells)
        #expect(plan.cellParties.map { plan.parties[$0] } == ["bank", "budget", "fund", "pool"])
        var segmentTotals = [[Double]](repeating: [Double](repeating: 0, count: table.rowCount), count: 2)
        var lagged = 0.0
        for p in plan.cellParties {
            let name = plan.parties[p]
            let total = table["party.\(name).loss"]
            let columns = cells.cells.indices.map { table["party.\(name).loss.cell.\($0)"] }
            for j in 0..<table.rowCount {
                let sum = columns.reduce(0) { $0 + $1[j] }
                #expect(abs(sum - total[j]) <= 1e-9 * max(abs(total[j]), 1), "party \(name) path \(j)")
                for (c, cell) in cells.cells.enumerated() { segmentTotals[cell.segment][j] += columns[c][j] }
            }
            if name == "pool" { lagged = total.reduce(0, +) }
        }
        for (s, segment) in ["generated", "taped"].enumerated() {
            let gross = table["gross_loss.seg.\(segment)"]
            for j in 0..<table.rowCount {
                #expect(abs(segmentTotals[s][j] - gross[j]) <= 1e-9 * max(gross[j], 1), "segment \(segment) path \(j)")
            }
        }
        // The pool pays lagged claims on some paths, so the moves outside the holdings are exercised.
        #expect(lagged > 0)
    }

    @Test("the columns are recorded without risk sharing too (the bank bears every cell), and not beyond the column limit")
    func withoutRiskSharingAndBeyondTheLimit() throws {
        let plain = Self.yaml.components(separatedBy: "risk_sharing:")[0]
        let (simulation, table) = try TestScenarios.run(plain, files: ["loans.csv": Self.tape], threads: 1)
        let cells = try #require(simulation.plan.cells)
        let gross = table["gross_loss"]
        for j in 0..<table.rowCount {
            let sum = cells.cells.indices.reduce(0) { $0 + table["party.bank.loss.cell.\($1)"][j] }
            #expect(abs(sum - gross[j]) <= 1e-9 * max(gross[j], 1))
        }
        // 300 generated segments × 1 party > 256 columns: nothing is recorded, and the memory
        // estimate counts no cell column.
        let many = (0..<300).map { "    - {name: s\($0), count: 1, exposure: 1.0e6, pd: 0.05, lgd: 0.5, loadings: {economy: 0.3}}" }
        let text = """
            simulation: {paths: 10, seed: 1}
            economy: {factors: [economy]}
            portfolio:
              segments:
            \(many.joined(separator: "\n"))
            """
        let (wide, _) = try TestScenarios.run(text, threads: 1)
        #expect(wide.plan.cells == nil)
        #expect(!wide.columns.contains { $0.contains(".cell.") })
        #expect(MemoryBudget.cellColumnCount(wide.scenario) == 0)
        #expect(MemoryBudget.cellColumnCount(simulation.scenario) == cells.count)
        #expect(MemoryBudget.columnCount(simulation.scenario) == simulation.columns.count + 1)
    }
}

extension CellLossTests {
    @Test("report.contributions: false records no cell column and the memory estimate counts none; a bad value is refused")
    func switchedOff() throws {
        let text = Self.yaml.replacingOccurrences(
            of: "simulation: {paths: 3000,", with: "report: {contributions: false}\nsimulation: {paths: 3000,")
        let (simulation, table) = try TestScenarios.run(text, files: ["loans.csv": Self.tape], threads: 1)
        #expect(simulation.plan.cells == nil)
        #expect(!table.names.contains { $0.contains(".cell.") })
        #expect(MemoryBudget.cellColumnCount(simulation.scenario) == 0)
        #expect(MemoryBudget.columnCount(simulation.scenario) == simulation.columns.count + 1)
        #expect(throws: ScenarioError.self) {
            _ = try TestScenarios.load(
                text.replacingOccurrences(of: "contributions: false", with: "contributions: maybe"), files: ["loans.csv": Self.tape])
        }
    }

    @Test("a book of one cell writes each party's whole loss as its cell, bit for bit")
    func oneCell() throws {
        let (simulation, table) = try TestScenarios.run(
            """
            simulation: {paths: 500, seed: 3, horizon_years: 2}
            economy: {factors: [economy]}
            portfolio:
              segments:
                - {name: only, count: 300, exposure: 1.0e6, pd: 0.05, lgd: 0.5, loadings: {economy: 0.4}}
            risk_sharing:
              layers:
                - {type: compensation_pool, payer: pool, initial_balance: 2.0e6, ratio: 0.5, claim_lag_years: 1}
            """, threads: 1)
        #expect(simulation.plan.cells?.count == 1)
        for party in ["bank", "pool"] {
            #expect(table["party.\(party).loss.cell.0"] == table["party.\(party).loss"])
        }
    }
}
