@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// VaR, expected shortfall and exceedance follow the definitions in Scenarios/README.md.
@Suite struct SummaryTests {
    @Test("VaR is the smallest value whose empirical CDF reaches q")
    func valueAtRisk() {
        let s = Summary(values: (1...100).map(Double.init).shuffled())
        #expect(s.quantile(0.99) == 99)
        #expect(s.quantile(0.5) == 50)
        #expect(s.quantile(0.995) == 100)
        #expect(s.quantile(0.001) == 1)
    }

    @Test("ES is the Acerbi-Tasche average of the tail, with the fractional atom at VaR")
    func expectedShortfall() {
        let s = Summary(values: (1...100).map(Double.init))
        #expect(abs(s.expectedShortfall(0.95) - (96 + 97 + 98 + 99 + 100) / 5) < 1e-9)
        // q = 0.955: k = 96, ES = (Σ_{97..100}/100 + 96·(0.96 - 0.955)) / 0.045
        let expected = ((97.0 + 98 + 99 + 100) / 100 + 96 * 0.005) / 0.045
        #expect(abs(s.expectedShortfall(0.955) - expected) < 1e-9)
        let ties = Summary(values: [0, 0, 0, 0, 10])
        #expect(abs(ties.expectedShortfall(0.5) - 4) < 1e-12)
    }

    @Test("equal weights give the same statistics as no weights")
    func weightsOfOne() {
        let values = (0..<1000).map { Double(($0 * 7919) % 1000) }
        let plain = Summary(values: values), weighted = Summary(values: values, weights: Array(repeating: 1, count: 1000))
        #expect(abs(plain.mean - weighted.mean) < 1e-9)
        for q in [0.5, 0.9, 0.99] {
            #expect(plain.quantile(q) == weighted.quantile(q))
            #expect(abs(plain.expectedShortfall(q) - weighted.expectedShortfall(q)) < 1e-9)
        }
        #expect(abs(plain.exceedance(900).p - weighted.exceedance(900).p) < 1e-12)
    }

    @Test("exceedance is P(value > x) with a binomial standard error")
    func exceedance() {
        let s = Summary(values: (1...1000).map(Double.init))
        let e = s.exceedance(900)
        #expect(e.p == 0.1)
        #expect(abs(e.stderr - (0.1 * 0.9 / 1000).squareRoot()) < 1e-15)
    }

    @Test("the order-statistic interval brackets the quantile")
    func quantileInterval() {
        let s = Summary(values: (1...10000).map(Double.init))
        let ci = s.quantileInterval(0.99)!
        #expect(ci.lower < 9900 && ci.upper > 9900)
        #expect(ci.upper - ci.lower < 60)
    }

    @Test("tail paths count values above VaR; values within a relative 1e-12 of it are ties, not tail")
    func tailPathsAndTies() {
        // 100 paths: 90 below a cap of 500m, 10 at the cap summed in different orders (last-bit noise).
        let cap = 5.0e8
        let capped = (0..<10).map { cap * (1 + Double($0 - 5) * 2e-16) }
        let s = Summary(values: (1...90).map { Double($0) * 1e6 } + capped)
        #expect(s.quantile(0.95) >= cap * (1 - 1e-12))
        #expect(s.tailCount(0.95) == 0, "the capped paths tie with VaR")
        #expect(s.tailCount(0.5) == 50, "40 paths from 51m to 90m and the 10 capped ones lie above the median")
        // A gap larger than the tolerance is tail.
        let spread = Summary(values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10 + 1e-9])
        #expect(spread.tailCount(0.9) == 1)
    }
}
