@testable import RiskShareReports
import Foundation
@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Properties that must hold on every simulated path, checked over many random schemes.
@Suite("RiskSharing: properties over random scenarios")
struct RiskSharingPropertyTests {
    /// A random risk-sharing section drawn from `stream`: 1-5 layers of any type with random
    /// shares, caps, capital, overflow, pools with triggers, lags, shortfall rules and top-ups.
    static func randomScheme(_ stream: RandomStream) -> String {
        func pick<T>(_ xs: [T]) -> T { xs[Int(stream.uniform() * Double(xs.count))] }
        func r(_ lo: Double, _ hi: Double) -> String { "\(lo + (hi - lo) * stream.uniform())" }
        func maybe(_ p: Double = 0.5) -> Bool { stream.uniform() < p }
        let segmentLists = ["", "segments: [startup-credit], ", "segments: [growth-ip], ", "segments: [growth-ip, startup-credit], "]
        var layers: [String] = []
        var payers = ["g1", "g2", "g3"]
        for i in 0..<(1 + Int(stream.uniform() * 5)) {
            let segments = pick(segmentLists)
            switch Int(stream.uniform() * 4) {
            case 0:
                let names = ["bank", "g1", "g2", "g3"].filter { _ in maybe(0.7) }
                let members = names.contains { $0 != "bank" } ? names : names + ["g1"]
                let raw = members.map { _ in 0.05 + stream.uniform() }
                let total = raw.reduce(0, +)
                var shares = raw.map { $0 / total }
                shares[shares.count - 1] = 1 - shares.dropLast().reduce(0, +)
                var text = "{type: guarantee, \(segments)shares: {\(zip(members, shares).map { "\($0): \($1)" }.joined(separator: ", "))}"
                if maybe() { text += ", per_loan_cap: \(r(5e5, 5e6))" }
                if maybe() { text += ", fee_rate: \(r(0, 0.02))" }
                if maybe() { text += ", annual_cap_rate: {\(pick(members)): \(r(0, 0.1))}" }
                if maybe() { text += ", capital: {\(pick(["g1", "g2", "g3"])): \(r(0, 3e7))}" }
                if maybe() { text += ", overflow: [\(["g3", "g2", "bank", "g1"].filter { _ in maybe() }.joined(separator: ", "))]" }
                layers.append(text + "}")
            case 1:
                let payer = "pg\(i)"; payers.append(payer)
                var text = "{type: portfolio_guarantee, \(segments)payer: \(payer), rate: \(r(0, 1))"
                if maybe(0.7) { text += ", cap_rate: \(r(0, 0.1))" }
                if maybe(0.3) { text += ", beneficiary: \(pick(["bank", "g1"]))" }
                layers.append(text + "}")
            case 2:
                let attach = stream.uniform() * 0.05
                let detach = attach + 0.001 + stream.uniform() * 0.05
                layers.append("{type: tranche, \(segments)payer: tr\(i), attach: \(attach), detach: \(detach), share: \(r(0, 1)), basis: \(pick(["cumulative", "annual"]))}")
            default:
                var text = "{type: compensation_pool, \(segments)payer: pool\(i), initial_balance: \(r(0, 5e7)), ratio: \(r(0, 0.6))"
                if maybe() { text += ", uplift: {first_loan: \(r(0, 0.2)), product: {credit: \(r(0, 0.1))}}, max_ratio: \(r(0.3, 1))" }
                if maybe() { text += ", per_loan_cap: \(r(1e5, 2e6))" }
                if maybe() { text += ", annual_cap: \(r(1e6, 3e7))" }
                if maybe() { text += ", party_cap_share: \(r(0.5, 1))" }
                if maybe() { text += ", npl_trigger: {reduce_above: \(r(0, 0.1)), factor: \(r(0, 1)), suspend_above: \(r(0.05, 0.3))}" }
                text += ", shortfall: \(pick(["pro_rata", "fifo"]))"
                if maybe() { text += ", topup: {per_year: \(r(0, 1e7)), replenish_paid: \(maybe())}" }
                text += ", claim_lag_years: \(pick([0, 0, 1, 2]))"
                layers.append(text + "}")
            }
        }
        return """
        risk_sharing:
          parties: [g1, g2, g3]
          layers:
        \(layers.map { "    - " + $0 }.joined(separator: "\n"))
          subsidies:
            - {type: interest, payer: treasury, rate: 0.5, first_loan_rate: 0.7, per_loan_cap: 5.0e4}
          tolerance: {base_npl: 0.011}
        """
    }

    @Test("Conservation: on every path and year of 30 random schemes the party losses add up to the gross loss")
    func conservation() throws {
        let stream = RandomStream(seed: 20_240_601, stream: 0)
        for k in 0..<30 {
            let yaml = Self.randomScheme(stream)
            let scenario = try loadScenario(scenarioYAML(riskSharing: yaml, paths: 60, seed: 100 + k, pd: 0.12))
            let simulation = Simulation(scenario: scenario)
            let table = try #require(simulation.run(threads: 1))
            let parties = simulation.plan.parties
            var defaults = 0.0
            for row in 0..<table.rowCount {
                for year in 1...3 {
                    let gross = table.value("gross_loss.y\(year)", row)
                    defaults += table.value("defaults.y\(year)", row)
                    let parts = parties.map { table.value("party.\($0).loss.y\(year)", row) }
                    let sum = parts.reduce(0, +)
                    #expect(abs(sum - gross) <= 1e-9 * max(gross, 1), "scheme \(k), path \(row), year \(year):\n\(yaml)")
                    #expect(parts.allSatisfy { $0 >= -1e-9 * max(gross, 1) }, "negative party loss, scheme \(k):\n\(yaml)")
                }
                let total = parties.reduce(0.0) { $0 + table.value("party.\($1).loss", row) }
                let gross = table.value("gross_loss", row)
                #expect(abs(total - gross) <= 1e-9 * max(gross, 1))
            }
            #expect(defaults > 0, "the random scenario must produce defaults to test anything")
        }
    }

    @Test("Capped portfolio guarantee: the payer's loss is min(rate × gross loss, cap) on every path")
    func cappedPortfolio() throws {
        let scenario = try loadScenario(scenarioYAML(riskSharing: """
        include: schemes/cosme-capped.yaml
        risk_sharing:
          layers:
            - {type: portfolio_guarantee, payer: eu, rate: 0.5, cap_rate: 0.02}
        """, paths: 400, seed: 11, pd: 0.06))
        let simulation = Simulation(scenario: scenario)
        let table = try #require(simulation.run(threads: 2))
        let cap = 0.02 * simulation.book.exposure.reduce(0, +)
        var binding = 0
        for row in 0..<table.rowCount {
            let gross = table.value("gross_loss", row)
            let expected = min(0.5 * gross, cap)
            if 0.5 * gross > cap { binding += 1 }
            #expect(abs(table.value("party.eu.loss", row) - expected) <= 1e-9 * max(gross, 1))
            #expect((table.value("cap.0.bound", row) == 1) == (0.5 * gross > cap * (1 + 1e-12)))
        }
        #expect(binding > 0 && binding < table.rowCount, "the cap should bind on some paths and not on others")
    }

    @Test("Monotonicity: a larger pool never raises the bank's loss on any path (same seed)")
    func monotonePool() throws {
        func bankLoss(balance: Double, lag: Int, shortfall: String) throws -> [Double] {
            let scenario = try loadScenario(scenarioYAML(riskSharing: """
            risk_sharing:
              layers:
                - {type: guarantee, segments: [startup-credit], shares: {bank: 0.3, guarantor: 0.7}, capital: {guarantor: 2.0e7}}
                - {type: compensation_pool, payer: pool, initial_balance: \(balance), ratio: 0.4, annual_cap: 3.0e7, shortfall: \(shortfall), claim_lag_years: \(lag), topup: {per_year: 2.0e6}, npl_trigger: {reduce_above: 0.1, factor: 0.5}}
                - {type: tranche, payer: government, attach: 0.001, detach: 0.01, share: 0.5}
            """, paths: 300, seed: 5, pd: 0.1))
            return try #require(Simulation(scenario: scenario).run(threads: 1))["party.bank.loss"]
        }
        for (lag, shortfall) in [(0, "pro_rata"), (0, "fifo"), (1, "pro_rata"), (1, "fifo")] {
            var previous = try bankLoss(balance: 0, lag: lag, shortfall: shortfall)
            for balance in [1.0e6, 5.0e6, 2.0e7, 1.0e9] {
                let current = try bankLoss(balance: balance, lag: lag, shortfall: shortfall)
                for row in current.indices {
                    #expect(current[row] <= previous[row] * (1 + 1e-12) + 1e-6, "balance \(balance), lag \(lag), \(shortfall), path \(row)")
                }
                previous = current
            }
        }
    }

    @Test("Without risk_sharing the bank bears every loss and is the only party")
    func noScheme() throws {
        let scenario = try loadScenario(scenarioYAML(riskSharing: "", paths: 100))
        let simulation = Simulation(scenario: scenario)
        #expect(simulation.plan.parties == ["bank"])
        // The bank's loss and loss by year, then its loss by allocation cell (risk contributions).
        let cells = try #require(simulation.plan.cells)
        #expect(
            simulation.plan.columns
                == ["party.bank.loss", "party.bank.loss.y1", "party.bank.loss.y2", "party.bank.loss.y3"]
                + cells.cells.indices.map { "party.bank.loss.cell.\($0)" })
        let table = try #require(simulation.run(threads: 1))
        #expect(table["party.bank.loss"] == table["gross_loss"])
        let sections = simulation.plan.reportSections(table: table, settings: scenario.report)
        #expect(sections.map(\.0) == ["parties"])
    }
}
