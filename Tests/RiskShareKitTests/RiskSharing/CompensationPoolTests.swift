@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

@Suite("RiskSharing: compensation pool")
struct RiskSharingCompensationPoolTests {
    static let tenLoans = makeBook(Array(repeating: TestLoan(exposure: 100), count: 10))

    @Test("Ratio with first-loan and product uplifts, limited by max_ratio and per_loan_cap")
    func ratioAndUplifts() throws {
        let book = makeBook([
            TestLoan(exposure: 100, firstLoan: false, product: "secured"),   // 0.30
            TestLoan(exposure: 100, firstLoan: true, product: "secured"),    // 0.35
            TestLoan(exposure: 100, firstLoan: true, product: "credit"),     // 0.45 → max 0.42
            TestLoan(exposure: 1000, firstLoan: false, product: "ip_pledge"), // 0.35 × 1000 = 350 → cap 200
        ])
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - type: compensation_pool
              payer: pool
              initial_balance: 1.0e6
              ratio: 0.3
              uplift: {first_loan: 0.05, product: {credit: 0.1, ip_pledge: 0.05}}
              max_ratio: 0.42
              per_loan_cap: 200
        """, book: book)
        h.year(defaults: [0, 1, 2, 3])
        let r = h.finish()
        #expect(abs(r["party.pool.loss"]! - (30 + 35 + 42 + 200)) < 1e-9)
        #expect(abs(r["pool.pool.balance.y1"]! - (1.0e6 - 307)) < 1e-6)
        #expect(abs(r["pool.pool.paid"]! - 307) < 1e-9)
    }

    @Test("Shortfall pro rata: claims of 30 + 30 against a balance of 30 are each paid half")
    func proRata() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: compensation_pool, payer: pool, initial_balance: 30, ratio: 0.3, shortfall: pro_rata}
        """, book: Self.tenLoans)
        h.year(defaults: [0, 1])
        h.year(defaults: [2])
        let r = h.finish()
        #expect(abs(r["party.pool.loss.y1"]! - 30) < 1e-9)
        #expect(r["party.pool.loss.y2"]! == 0)
        #expect(r["pool.pool.exhausted.y1"]! == 1)
        #expect(r["pool.pool.exhausted.y2"]! == 1)
        #expect(r["pool.pool.exhausted.y3"]! == 0)
        #expect(abs(r["pool.pool.unpaid"]! - 60) < 1e-9)
        #expect(r["pool.pool.balance.y1"]! == 0)
    }

    @Test("Shortfall fifo: the earlier default is paid in full, the later one gets what is left")
    func fifo() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: compensation_pool, payer: pool, initial_balance: 40, ratio: 0.3, shortfall: fifo}
        """, book: Self.tenLoans)
        h.year(defaults: [0, 1], lgd: 1)
        let r = h.finish()
        #expect(abs(r["party.pool.loss"]! - 40) < 1e-9)
        #expect(abs(r["party.bank.loss"]! - 160) < 1e-9)
        #expect(abs(r["pool.pool.unpaid"]! - 20) < 1e-9)
    }

    @Test("npl_trigger: the ratio is halved above 5% NPL and compensation is suspended above 25%")
    func nplTrigger() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - type: compensation_pool
              payer: pool
              initial_balance: 1000
              ratio: 0.4
              npl_trigger: {reduce_above: 0.05, factor: 0.5, suspend_above: 0.25}
        """, book: Self.tenLoans)
        h.year(defaults: [0])           // NPL 100/1000 = 10%: ratio 0.2 → 20
        h.year(defaults: [1, 2, 3])     // NPL 300/900 = 33%: suspended
        h.year(defaults: [4])           // NPL 100/600: ratio 0.2 → 20
        let r = h.finish()
        #expect(abs(r["party.pool.loss.y1"]! - 20) < 1e-9)
        #expect(r["party.pool.loss.y2"]! == 0)
        #expect(abs(r["party.pool.loss.y3"]! - 20) < 1e-9)
        #expect(r["pool.pool.suspended.y2"]! == 1)
        #expect(r["pool.pool.suspended.y1"]! == 0)
    }

    @Test("claim_lag_years 1: paid from next year's balance, booked to the year of default; pending claims at horizon stay with the bank")
    func claimLag() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: compensation_pool, payer: pool, initial_balance: 1000, ratio: 0.3, claim_lag_years: 1}
        """, book: Self.tenLoans, horizon: 2)
        h.year(defaults: [0])
        h.year(defaults: [1])
        let r = h.finish()
        #expect(abs(r["party.pool.loss.y1"]! - 30) < 1e-9)
        #expect(abs(r["party.bank.loss.y1"]! - 70) < 1e-9)
        #expect(r["party.pool.loss.y2"]! == 0)
        #expect(r["party.bank.loss.y2"]! == 100)
        #expect(r["pool.pool.balance.y1"]! == 1000)
        #expect(abs(r["pool.pool.balance.y2"]! - 970) < 1e-9)
        #expect(abs(r["pool.pool.unpaid"]! - 30) < 1e-9)
    }

    @Test("Top-ups: per_year is credited at each year end; replenish_paid restores what was paid")
    func topups() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: compensation_pool, payer: pool, initial_balance: 50, ratio: 0.3, topup: {per_year: 10, replenish_paid: true}}
        """, book: Self.tenLoans)
        h.year(defaults: [0, 1])   // pays 50 of 60 → balance 0 + 10 + 50 = 60
        h.year(defaults: [2, 3])   // pays 60 → 0 + 10 + 60 = 70
        let r = h.finish()
        #expect(abs(r["pool.pool.balance.y1"]! - 60) < 1e-9)
        #expect(abs(r["pool.pool.balance.y2"]! - 70) < 1e-9)
        #expect(abs(r["pool.pool.balance.y3"]! - 80) < 1e-9)
        #expect(abs(r["pool.pool.topups"]! - (60 + 70 + 10)) < 1e-9)
        #expect(abs(r["fiscal.topups"]! - 140) < 1e-9)
        #expect(abs(r["party.pool.loss"]! - 110) < 1e-9)
        #expect(r["pool.pool.exhausted.y1"]! == 1)
        #expect(r["pool.pool.exhausted.y2"]! == 0)
    }

    @Test("annual_cap binds before the balance runs out: counted under caps, not as exhaustion")
    func annualCap() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: compensation_pool, name: pool-cap, payer: pool, initial_balance: 1000, ratio: 0.3, annual_cap: 45}
        """, book: Self.tenLoans)
        h.year(defaults: [0, 1])
        let r = h.finish()
        #expect(abs(r["party.pool.loss"]! - 45) < 1e-9)
        #expect(r["cap.pool-cap.bound"]! == 1)
        #expect(r["pool.pool.exhausted.y1"]! == 0)
    }

    @Test("party_cap_share: guarantee plus pool compensation stay within 85% of the bank's loss")
    func partyCapShare() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: guarantee, shares: {bank: 0.2, guarantor: 0.8}}
            - {type: compensation_pool, payer: pool, initial_balance: 1000, ratio: 0.5, party_cap_share: 0.85}
        """, book: Self.tenLoans)
        // Loss 100: guarantor 80, bank retains 20; the pool would pay 10 but only 85 − 80 = 5 is allowed.
        h.year(defaults: [0])
        let r = h.finish()
        #expect(abs(r["party.pool.loss"]! - 5) < 1e-9)
        #expect(abs(r["party.bank.loss"]! - 15) < 1e-9)
    }

    @Test("Stack: pool before a guarantee pays on the whole loss; after it, on the bank's retained part")
    func poolOrder() throws {
        var before = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: compensation_pool, payer: pool, initial_balance: 1000, ratio: 0.3}
            - {type: guarantee, shares: {bank: 0.5, guarantor: 0.5}}
        """, book: Self.tenLoans)
        before.year(defaults: [0])
        let b = before.finish()
        #expect(abs(b["party.pool.loss"]! - 30) < 1e-9)
        #expect(abs(b["party.guarantor.loss"]! - 35) < 1e-9)
        #expect(abs(b["party.bank.loss"]! - 35) < 1e-9)
        var after = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: guarantee, shares: {bank: 0.5, guarantor: 0.5}}
            - {type: compensation_pool, payer: pool, initial_balance: 1000, ratio: 0.3}
        """, book: Self.tenLoans)
        after.year(defaults: [0])
        let a = after.finish()
        #expect(abs(a["party.pool.loss"]! - 15) < 1e-9)
        #expect(abs(a["party.bank.loss"]! - 35) < 1e-9)
    }

    @Test("A pool can reimburse a guarantor (beneficiary) instead of the bank")
    func guarantorBeneficiary() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: guarantee, shares: {bank: 0.2, guarantor: 0.8}}
            - {type: compensation_pool, payer: pool, beneficiary: guarantor, initial_balance: 1000, ratio: 0.5}
        """, book: Self.tenLoans)
        h.year(defaults: [0])
        let r = h.finish()
        #expect(abs(r["party.guarantor.loss"]! - 40) < 1e-9)
        #expect(abs(r["party.pool.loss"]! - 40) < 1e-9)
        #expect(abs(r["party.bank.loss"]! - 20) < 1e-9)
    }
}
