@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Loan-level pari-passu guarantees, computed by hand with LGD 1 (loss = principal) unless said.
@Suite("RiskSharing: guarantee chain")
struct RiskSharingGuaranteeChainTests {
    @Test("Anhui 4321: each party bears its share of every loss")
    func anhuiSplit() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: guarantee, shares: {bank: 0.2, guarantor: 0.4, provincial: 0.3, government: 0.1}}
        """, book: makeBook([TestLoan(exposure: 100), TestLoan(exposure: 300)]))
        h.year(defaults: [0], lgd: 0.5)  // loss 50
        h.year(defaults: [1], lgd: 0.5)  // loss 150
        let r = h.finish()
        #expect(h.plan.parties == ["bank", "guarantor", "provincial", "government"])
        #expect(abs(r["party.bank.loss"]! - 40) < 1e-9)
        #expect(abs(r["party.guarantor.loss"]! - 80) < 1e-9)
        #expect(abs(r["party.provincial.loss"]! - 60) < 1e-9)
        #expect(abs(r["party.government.loss"]! - 20) < 1e-9)
        #expect(abs(r["party.guarantor.loss.y1"]! - 20) < 1e-9)
        #expect(abs(r["party.guarantor.loss.y2"]! - 60) < 1e-9)
        #expect(r["party.bank.loss.y3"]! == 0)
        // Public cost: everything not borne by the bank.
        #expect(abs(r["fiscal.cost"]! - 160) < 1e-9)
    }

    @Test("per_loan_cap: the bank keeps the loss on principal above the cap")
    func perLoanCap() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: guarantee, per_loan_cap: 60, shares: {bank: 0.2, guarantor: 0.8}}
        """, book: makeBook([TestLoan(exposure: 100)]))
        h.year(defaults: [0], lgd: 0.5)  // loss 50, guaranteed part 50 × 60/100 = 30
        let r = h.finish()
        #expect(abs(r["party.guarantor.loss"]! - 24) < 1e-9)
        #expect(abs(r["party.bank.loss"]! - 26) < 1e-9)
    }

    @Test("segments: loans outside the covered segments stay with the bank")
    func segments() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: guarantee, segments: [covered], shares: {bank: 0.5, guarantor: 0.5}}
        """, book: makeBook([TestLoan(segment: 0), TestLoan(segment: 1)], segments: ["covered", "other"]))
        h.year(defaults: [0, 1])
        let r = h.finish()
        #expect(r["party.guarantor.loss"]! == 50)
        #expect(r["party.bank.loss"]! == 150)
    }

    @Test("annual_cap_rate binds: the excess overflows to the guarantor, year by year on the start balance")
    func annualCap() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - type: guarantee
              name: chain
              shares: {bank: 0.2, guarantor: 0.4, national_fund: 0.4}
              annual_cap_rate: {national_fund: 0.05}
              overflow: [guarantor]
        """, book: makeBook(Array(repeating: TestLoan(exposure: 100), count: 10)))
        // Year 1: guaranteed balance 1000, fund room 0.05 × 0.4 × 1000 = 20. Two losses of 50:
        // fund wants 20 + 20, pays 20 then 0; guarantor 20 + 20 + 20 overflow.
        h.year(defaults: [0, 1], lgd: 0.5)
        // Year 2: balance 800, room 16. One loss of 50: fund 16, guarantor 20 + 4.
        h.year(defaults: [2], lgd: 0.5)
        let r = h.finish()
        #expect(abs(r["party.national_fund.loss.y1"]! - 20) < 1e-9)
        #expect(abs(r["party.guarantor.loss.y1"]! - 60) < 1e-9)
        #expect(abs(r["party.bank.loss.y1"]! - 20) < 1e-9)
        #expect(abs(r["party.national_fund.loss.y2"]! - 16) < 1e-9)
        #expect(abs(r["party.guarantor.loss.y2"]! - 24) < 1e-9)
        #expect(abs(r["party.bank.loss.y2"]! - 10) < 1e-9)
        #expect(r["cap.chain.bound"]! == 1)
    }

    @Test("capital exhausted: capital plus fees received is the limit; the rest overflows in order, then to the bank")
    func capitalExhausted() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          parties: [provincial]
          layers:
            - type: guarantee
              shares: {bank: 0.2, guarantor: 0.8}
              fee_rate: 0.01
              capital: {guarantor: 50, provincial: 100}
              overflow: [provincial, bank]
        """, book: makeBook([TestLoan(exposure: 100), TestLoan(exposure: 100)]))
        // Fee year 1: 1% of 200 = 2, so the guarantor can pay 52. Loss 1: guarantor 52, provincial 28.
        // Loss 2: guarantor 0, provincial 72 (its capital 100 is reached), bank 20 + 8.
        h.year(defaults: [0, 1])
        let r = h.finish()
        #expect(abs(r["party.guarantor.loss"]! - 52) < 1e-9)
        #expect(abs(r["party.provincial.loss"]! - 100) < 1e-9)
        #expect(abs(r["party.bank.loss"]! - 48) < 1e-9)
        #expect(abs(r["party.guarantor.fees"]! - 2) < 1e-9)
        // Fiscal cost = claims of non-bank parties − fees = 152 − 2.
        #expect(abs(r["fiscal.cost"]! - 150) < 1e-9)
        #expect(r["cap.0.bound"]! == 1)
    }

    @Test("fees are charged on the guaranteed balance at the start of each year, not after default")
    func feesOnBalance() throws {
        var h = try WaterfallHarness("""
        risk_sharing:
          layers:
            - {type: guarantee, per_loan_cap: 80, fee_rate: 0.01, shares: {bank: 0.2, guarantor: 0.8}}
        """, book: makeBook([TestLoan(exposure: 100, term: 2), TestLoan(exposure: 50, term: 3)]), horizon: 3)
        // Guaranteed balance: y1 80 + 50 = 130; loan 0 defaults in y1; y2 50; y3 50 (loan 0 would have matured anyway).
        h.year(defaults: [0])
        let r = h.finish()
        #expect(abs(r["party.guarantor.fees"]! - 0.01 * (130 + 50 + 50)) < 1e-12)
    }
}
