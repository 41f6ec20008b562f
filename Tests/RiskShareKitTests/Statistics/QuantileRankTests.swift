import Testing
@testable import RiskShareKit

/// VaR_q is the ⌈n·q⌉-th smallest value, with q read as the decimal it is written as and the
/// product computed in integers (Scenarios/README.md, "Statistics in reports").
@Suite struct QuantileRankTests {
    @Test("levels are read as their shortest decimal: 0.99 is 99/100, 1e-05 is 1/100000")
    func decimalDigits() {
        #expect(QuantileRank.decimal(0.99)! == (99, 2))
        #expect(QuantileRank.decimal(0.5)! == (5, 1))
        #expect(QuantileRank.decimal(1e-05)! == (1, 5))
        #expect(QuantileRank.decimal(0.999)! == (999, 3))
        #expect(QuantileRank.decimal(0.1 + 0.2)! == (30_000_000_000_000_004, 17))   // 0.30000000000000004
        #expect(QuantileRank.decimal(1)! == (1, 0))
        #expect(QuantileRank.decimal(.nan) == nil)
    }

    @Test("small books: the k-th value with k/n >= q > (k-1)/n")
    func smallBooks() {
        #expect(QuantileRank.rank(count: 100, level: 0.99) == 99)
        #expect(QuantileRank.rank(count: 100, level: 0.995) == 100)
        #expect(QuantileRank.rank(count: 100, level: 0.001) == 1)
        #expect(QuantileRank.rank(count: 100_000, level: 0.99) == 99_000)
        #expect(QuantileRank.rank(count: 7, level: 0.5) == 4)
        #expect(QuantileRank.rank(count: 1, level: 0.999) == 1)
        #expect(QuantileRank.rank(count: 10, level: 0) == 1)
        #expect(QuantileRank.rank(count: 10, level: 1) == 10)
        #expect(QuantileRank.rank(count: 10, level: Double.leastNonzeroMagnitude) == 1)
    }

    /// The floating-point rule ⌈n·q - 1e-9⌉ used before gives 27,500,012 here: 0.55 × 50,000,020
    /// is 27,500,011 exactly, but the double product rounds to 27,500,011.0000000149.
    @Test("n = 50,000,020 and q = 0.55 give rank 27,500,011, not the next order statistic")
    func floatingPointCaseFixed() {
        let n = 50_000_020
        #expect(Int((Double(n) * 0.55 - 1e-9).rounded(.up)) == 27_500_012)   // the old rule's answer
        #expect(QuantileRank.rank(count: n, level: 0.55) == 27_500_011)
        #expect(QuantileRank.rank(count: 50_000_100, level: 0.67) == 33_500_067)
        #expect(QuantileRank.rank(count: 76_270_975, level: 0.68) == 51_864_263)
    }

    @Test("at 5e7 to 1e8 paths the rank is ⌈n·a/d⌉ of the written decimal a/d, for many levels and counts")
    func largeCountsAgreeWithIntegerCeiling() {
        var checked = 0
        for (a, d) in [(5, 10), (9, 10), (95, 100), (99, 100), (995, 1000), (999, 1000), (9999, 10000), (1, 1000), (54, 100), (67, 100),
                       (81, 100), (534, 1000), (12_345, 100_000)] {
            let q = Double(a) / Double(d)
            var n = 50_000_000
            while n <= 100_000_000 {
                for m in [n, n + 1, n + 7, n + d / 2, n + d] {
                    let expected = (m * a + d - 1) / d
                    #expect(QuantileRank.rank(count: m, level: q) == expected, "n \(m), q \(q)")
                    checked += 1
                }
                n += 1_234_567
            }
        }
        #expect(checked > 1000)
    }
}
