@testable import RiskShareKit
import Testing

/// A pool whose balance equals what its annual cap still allows is classified the same way on
/// every path, whatever rounding left in the balance's last bits (Scenarios/README.md,
/// `compensation_pool`: "exhausted" when a claim goes unpaid for lack of balance).
@Suite("RiskSharing: pool balance equal to its annual cap")
struct PoolBalanceAtCapTests {
    static let book = makeBook([TestLoan(exposure: 0.1), TestLoan(exposure: 0.9), TestLoan(exposure: 0.9)])

    static func pool(initialBalance: Double) -> String {
        """
        risk_sharing:
          layers:
            - {type: compensation_pool, payer: pool, initial_balance: \(initialBalance), ratio: 1, annual_cap: 0.7}
        """
    }

    /// 0.8 - 0.1 is 0.7000000000000001 in floating point: one ulp above the cap of 0.7. The shortfall
    /// of year 2 used to count as the annual cap binding, while the same balance reached without
    /// rounding (a pool starting at 0.7) counted as exhaustion.
    @Test("a balance of 0.8 - 0.1 against a cap of 0.7 is exhausted, like a balance of exactly 0.7")
    func balanceEqualToCapIsExhaustion() throws {
        var rounded = try WaterfallHarness(Self.pool(initialBalance: 0.8), book: Self.book)
        rounded.year(defaults: [0])
        rounded.year(defaults: [1])
        let r = rounded.finish()
        #expect(r["pool.pool.balance.y1"]! > 0.7)   // the rounding this test is about
        #expect(r["pool.pool.exhausted.y1"]! == 0)
        #expect(r["pool.pool.exhausted.y2"]! == 1)
        #expect(r["cap.0.bound"]! == 0)

        var exact = try WaterfallHarness(Self.pool(initialBalance: 0.7), book: Self.book)
        exact.year(defaults: [])
        exact.year(defaults: [1])
        let e = exact.finish()
        #expect(e["pool.pool.balance.y1"]! == 0.7)
        #expect(e["pool.pool.exhausted.y2"]! == 1)
        #expect(e["cap.0.bound"]! == 0)
    }

    @Test("a balance clearly above the cap still counts as the cap binding")
    func capBelowBalanceBinds() throws {
        var h = try WaterfallHarness(Self.pool(initialBalance: 2), book: Self.book)
        h.year(defaults: [1, 2])
        let r = h.finish()
        #expect(abs(r["party.pool.loss.y1"]! - 0.7) < 1e-12)
        #expect(r["pool.pool.exhausted.y1"]! == 0)
        #expect(r["cap.0.bound"]! == 1)
    }
}
