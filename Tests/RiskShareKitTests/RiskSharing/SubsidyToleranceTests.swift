@testable import RiskShareReports
@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

@Suite("RiskSharing: subsidies, tolerance and the report")
struct RiskSharingSubsidyToleranceTests {
    @Test("Interest subsidy: share of interest on loans performing at the start of each year, capped per loan")
    func interestSubsidy() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          subsidies:
            - {type: interest, payer: government, rate: 0.5, first_loan_rate: 0.7, per_loan_cap: 3}
        """, book: makeBook([TestLoan(exposure: 100, firstLoan: false, interestRate: 0.05),
                              TestLoan(exposure: 100, firstLoan: true, interestRate: 0.05)]))
        // Loan 0: 100 × 5% × 50% = 2.5 a year. Loan 1: 100 × 5% × 70% = 3.5, capped at 3; it
        // defaults in year 1, so it is subsidised in year 1 only.
        h.year(defaults: [1])
        let r = h.finish()
        #expect(abs(r["party.government.subsidies"]! - (2.5 + 3 + 2.5 + 2.5)) < 1e-12)
        #expect(r["party.government.loss"]! == 0)
        #expect(r["party.bank.loss"]! == 100)
        #expect(abs(r["fiscal.cost"]! - 10.5) < 1e-12)
    }

    /// Runs hand-made paths through the plan and collects them into a path table.
    static func table(_ yaml: String, book: LoanBook, horizon: Int, paths: [[[Int]]]) throws -> (RiskSharingPlan, PathTable) {
        var rows: [[Double]] = []
        var plan: RiskSharingPlan?
        for path in paths {
            var h = try WaterfallHarness(yaml, book: book, horizon: horizon)
            for defaults in path { h.year(defaults: defaults) }
            let record = h.finish()
            plan = h.plan
            rows.append(h.plan.columns.map { record[$0]! })
        }
        let columns = plan!.columns.indices.map { c in rows.map { $0[c] } }
        return (plan!, PathTable(names: plan!.columns, columns: columns))
    }

    @Test("Tolerance: breach probabilities by year and overall, and the NPL ratio exceeded with 5% and 1% probability")
    func tolerance() throws {
        let book = makeBook(Array(repeating: TestLoan(exposure: 100), count: 10))
        // NPL ratios per path (year 1, year 2): (0, 0), (0.1, 0), (0.2, 0), (0, 3/10).
        let (plan, table) = try Self.table("""
        risk_sharing:
          tolerance: {absolute: 0.15}
        """, book: book, horizon: 2, paths: [[[], []], [[0], []], [[0, 1], []], [[], [0, 1, 2]]])
        let settings = ReportSettings(quantiles: [0.5, 0.95], exceedance: [])
        let report = JSONValue.object(plan.reportSections(table: table, settings: settings))
        let tolerance = try #require(report["tolerance"])
        #expect(tolerance["level"]?.doubleValue == 0.15)
        #expect(tolerance["p_breach_by_year"]?[0]?["p"]?.doubleValue == 0.25)
        #expect(tolerance["p_breach_by_year"]?[1]?["p"]?.doubleValue == 0.25)
        #expect(tolerance["p_breach_any"]?["p"]?.doubleValue == 0.5)
        // Worst year per path: 0, 0.1, 0.2, 0.3; the 95% quantile of 4 paths is the largest.
        #expect(abs((tolerance["npl_ratio_exceeded_with_probability"]?["0.05"]?.doubleValue ?? 0) - 0.3) < 1e-12)
        #expect(tolerance["npl_ratio_exceeded_with_probability_by_year"]?["0.05"]?[0]?.doubleValue == 0.2)
        #expect(tolerance["npl_ratio_exceeded_with_probability_by_year"]?["0.01"]?[1]?.doubleValue == 0.3)
    }

    @Test("Report sections: parties, pools, caps, fiscal with leverage = covered volume / expected public cost")
    func reportSections() throws {
        let book = makeBook(Array(repeating: TestLoan(exposure: 100), count: 10))
        let (plan, table) = try Self.table("""
        risk_sharing:
          layers:
            - {type: guarantee, name: chain, shares: {bank: 0.5, guarantor: 0.5}, fee_rate: 0.01, capital: {guarantor: 60}}
            - {type: compensation_pool, payer: pool, initial_balance: 30, ratio: 0.5, topup: {per_year: 5}}
        """, book: book, horizon: 2, paths: [[[], []], [[0], []], [[0, 1], [2]], [[], [0, 1, 2]]])
        let settings = ReportSettings(quantiles: [0.5, 0.99], exceedance: [])
        let report = JSONValue.object(plan.reportSections(table: table, settings: settings))
        for party in ["bank", "guarantor", "pool"] {
            #expect(report["parties"]?[party]?["loss"]?["mean"] != nil)
            #expect(report["parties"]?[party]?["by_year"]?[1]?["quantiles"] != nil)
        }
        #expect(report["parties"]?["guarantor"]?["fees"]?["mean"] != nil)
        let pool = try #require(report["pools"]?["pool"])
        #expect(pool["paid"]?["mean"] != nil)
        #expect(pool["balance_end_by_year"]?[1] != nil)
        // The pool (30, +5 a year) runs short on paths 3 and 4 (claims 65 and 115).
        #expect(pool["p_exhausted"]?["p"]?.doubleValue == 0.5)
        #expect(pool["p_exhausted_by_year"]?[0]?["p"] != nil)
        #expect(pool["p_suspended_by_year"]?[1]?["p"]?.doubleValue == 0)
        #expect(report["caps"]?["chain"]?["p"] != nil)
        let fiscal = try #require(report["fiscal"])
        let cost = table.summary("fiscal.cost").mean
        #expect(fiscal["cost"]?["mean"]?.doubleValue == cost)
        #expect(fiscal["covered_volume"]?.doubleValue == 1000)
        #expect(abs((fiscal["leverage"]?.doubleValue ?? 0) - 1000 / cost) < 1e-9)
        // Public cost = claims of non-bank parties − fees, path by path.
        for row in 0..<table.rowCount {
            let claims = table.value("party.guarantor.loss", row) + table.value("party.pool.loss", row)
            #expect(abs(table.value("fiscal.cost", row) - (claims - table.value("party.guarantor.fees", row))) < 1e-9)
        }
    }

    @Test("Weights flow through probabilities: unit weights match plain Monte Carlo, likelihood ratios reweight")
    func weights() throws {
        let book = makeBook(Array(repeating: TestLoan(exposure: 100), count: 10))
        var (plan, table) = try Self.table("""
        risk_sharing:
          tolerance: {absolute: 0.15}
        """, book: book, horizon: 1, paths: [[[]], [[0, 1]]])
        let settings = ReportSettings(quantiles: [0.5], exceedance: [])
        table.weights = [1, 1]
        #expect(JSONValue.object(plan.reportSections(table: table, settings: settings))["tolerance"]?["p_breach_any"]?["p"]?.doubleValue == 0.5)
        table.weights = [1.5, 0.5]
        #expect(JSONValue.object(plan.reportSections(table: table, settings: settings))["tolerance"]?["p_breach_any"]?["p"]?.doubleValue == 0.25)
    }
}
