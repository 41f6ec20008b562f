@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

@Suite("RiskSharing: capped portfolio guarantee and tranches")
struct RiskSharingPortfolioAndTrancheTests {
    @Test("COSME: 50% of each loss until 20% of covered volume, then the bank bears all")
    func cappedPortfolio() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: portfolio_guarantee, name: cosme, payer: eu, rate: 0.5, cap_rate: 0.2}
        """, book: makeBook(Array(repeating: TestLoan(exposure: 200), count: 5)))
        // Volume 1000, cap 200. Losses of 100: the EU pays 50, 50, 50 in year 1, then 50 and 0.
        h.year(defaults: [0, 1, 2], lgd: 0.5)
        h.year(defaults: [3, 4], lgd: 0.5)
        let r = h.finish()
        #expect(r["party.eu.loss.y1"]! == 150)
        #expect(r["party.eu.loss.y2"]! == 50)
        #expect(r["party.bank.loss"]! == 300)
        #expect(r["cap.cosme.bound"]! == 1)
    }

    @Test("An uncapped portfolio guarantee pays its rate of every loss and reports no cap")
    func uncapped() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: portfolio_guarantee, payer: eib, rate: 0.5}
        """, book: makeBook([TestLoan(exposure: 100)]))
        h.year(defaults: [0])
        let r = h.finish()
        #expect(r["party.eib.loss"]! == 50)
        #expect(!h.plan.columns.contains { $0.hasPrefix("cap.") })
    }

    @Test("First-loss tranche (0, 3%]: pays the first 30 of cumulative loss, loss by loss")
    func firstLoss() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: tranche, name: fl, payer: government, attach: 0.0, detach: 0.03}
        """, book: makeBook(Array(repeating: TestLoan(exposure: 100), count: 10)))
        h.year(defaults: [0], lgd: 0.2)      // L = 20: pays 20
        h.year(defaults: [1], lgd: 0.2)      // L = 40: pays 10 (detach 30)
        let r = h.finish()
        #expect(abs(r["party.government.loss.y1"]! - 20) < 1e-9)
        #expect(abs(r["party.government.loss.y2"]! - 10) < 1e-9)
        #expect(abs(r["party.bank.loss"]! - 10) < 1e-9)
        #expect(r["cap.fl.bound"]! == 1)
    }

    @Test("Second-loss tranche (3%, 5%] with share 0.8 pays only above the attachment point")
    func secondLoss() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: tranche, payer: government, attach: 0.03, detach: 0.05, share: 0.8}
        """, book: makeBook(Array(repeating: TestLoan(exposure: 100), count: 10)))
        h.year(defaults: [0, 1], lgd: 0.2)   // L = 40: T = 10, pays 8
        h.year(defaults: [2], lgd: 0.2)      // L = 60: T = 20, pays 8 more
        let r = h.finish()
        #expect(abs(r["party.government.loss.y1"]! - 8) < 1e-9)
        #expect(abs(r["party.government.loss.y2"]! - 8) < 1e-9)
        #expect(abs(r["party.bank.loss"]! - 44) < 1e-9)
    }

    @Test("basis: annual restarts the tranche every year")
    func annualBasis() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: tranche, payer: government, attach: 0.0, detach: 0.03, basis: annual}
        """, book: makeBook(Array(repeating: TestLoan(exposure: 100), count: 10)))
        h.year(defaults: [0, 1], lgd: 0.2)   // 40: pays 30
        h.year(defaults: [2], lgd: 0.2)      // 20: pays 20
        let r = h.finish()
        #expect(abs(r["party.government.loss"]! - 50) < 1e-9)
    }

    @Test("Stack: guarantee, then a first-loss tranche on the bank's retained loss, then a capped portfolio guarantee")
    func stack() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: guarantee, shares: {bank: 0.5, guarantor: 0.5}}
            - {type: tranche, payer: government, attach: 0.0, detach: 0.01}
            - {type: portfolio_guarantee, payer: eu, rate: 0.5, cap: 12}
        """, book: makeBook(Array(repeating: TestLoan(exposure: 100), count: 10)))
        // Loss 60 then 40. Guarantee halves: bank 30, 20. Tranche (0, 10]: 10 of the first.
        // Portfolio: 50% of 20 = 10, then 50% of 20 = 10 capped at 2 left.
        h.year(defaults: [0], lgd: 0.6)
        h.year(defaults: [1], lgd: 0.4)
        let r = h.finish()
        #expect(abs(r["party.guarantor.loss"]! - 50) < 1e-9)
        #expect(abs(r["party.government.loss"]! - 10) < 1e-9)
        #expect(abs(r["party.eu.loss"]! - 12) < 1e-9)
        #expect(abs(r["party.bank.loss"]! - 28) < 1e-9)
        #expect(abs(r["party.bank.loss.y1"]! - 10) < 1e-9)
        #expect(abs(r["party.bank.loss.y2"]! - 18) < 1e-9)
    }
}
