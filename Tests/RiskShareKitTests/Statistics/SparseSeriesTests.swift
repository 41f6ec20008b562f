import Testing
@testable import RiskShareKit

/// A sum over the nonzero positions of a series is the compensated sum over all of it, to the
/// bit: the statistics of the tail above each level are summed this way, and the reports must
/// not change by a unit in the last place for it.
@Suite struct SparseSeriesTests {
    /// Terms chosen to make Kahan's compensation work: magnitudes from 1e-3 to 1e16 with both
    /// signs, so that lanes carry a lost part that a zero term can apply (sums near 1e16 lose
    /// units of 1, whole multiples of a half-unit make ties), and a third of the positions zero.
    static func series(_ n: Int, seed: UInt64) -> [Double] {
        let stream = RandomStream(seed: seed, stream: 3)
        let magnitudes: [Double] = [1e16, 1e16 + 2, 9_007_199_254_740_991, 1, 3, 0.5, 1.5, 1e-3, 7e15, 2.5]
        return (0..<n).map { _ in
            if stream.uniform() < 0.35 { return 0 }
            let m = magnitudes[Int(stream.uniform() * Double(magnitudes.count))]
            return stream.uniform() < 0.3 ? -m : m
        }
    }

    /// The plain sum of the dense series, for comparison.
    static func dense(_ terms: [Double]) -> Double {
        CompensatedSum.total(count: terms.count) { terms[$0] }
    }

    @Test("summed over its nonzero positions, a series gives the dense compensated sum bit for bit, whatever its length mod 4")
    func matchesDenseSum() {
        for n in Array(0...19) + [64, 257, 1001, 4099] {
            for seed in 1...40 {
                let terms = Self.series(n, seed: UInt64(n * 100 + seed))
                let sparse = SparseSeries(count: n) { terms[$0] != 0 }
                #expect(sparse.nonzeroCount == terms.filter { $0 != 0 }.count)
                let total = sparse.total { terms[$0] }
                #expect(total.bitPattern == Self.dense(terms).bitPattern, "n \(n), seed \(seed)")
            }
        }
    }

    @Test("a zero term that moves a lane is replayed: after 3 and 1e16 + 2 a lane holds 1e16 + 4 with -2 lost, and a zero makes it 1e16 + 6")
    func zerosThatMoveALane() {
        // Kahan's step on 3 then 1e16 + 2: t = 1e16 + 4 (the exact 1e16 + 5 rounded to even),
        // lost = (t - 3) - (1e16 + 2) = -2, a whole unit of t, which a zero term applies.
        var s = 0.0, c = 0.0
        for term in [3, 1e16 + 2] { CompensatedSum.add(term, &s, &c) }
        #expect(s == 1e16 + 4 && c == -2)
        CompensatedSum.add(0, &s, &c)
        #expect(s == 1e16 + 6 && c == 0)
        // Lane 0 adds 0.5, 2⁵³ - 1, two zeros and 1e16 + 2 (positions 0, 4, 8, 9, 10 of 11): the
        // dense sum is 19007199254740996; skipping the zeros would give 19007199254740990.
        let terms: [Double] = [0.5, 0.5, 0, 0, 9_007_199_254_740_991, 0, 0, 0, 0, 0, 1e16 + 2]
        #expect(Self.dense(terms) == 19_007_199_254_740_996)
        let sparse = SparseSeries(count: terms.count) { terms[$0] != 0 }
        #expect(sparse.total { terms[$0] }.bitPattern == Self.dense(terms).bitPattern)
    }

    @Test("keeping positions by a predicate keeps them in each lane's order, and sums as the dense series with the rest zeroed")
    func keepNarrowsThePositions() {
        let terms = Self.series(5003, seed: 11)
        var sparse = SparseSeries(count: terms.count) { terms[$0] != 0 }
        for floor in [-1e20, 0.0, 1.0, 3.0, 1e16, 1e17] {
            sparse.keep { terms[$0] > floor }
            let zeroed = terms.map { $0 > floor ? $0 : 0 }
            #expect(sparse.nonzeroCount == zeroed.filter { $0 != 0 }.count, "floor \(floor)")
            #expect(sparse.total { terms[$0] }.bitPattern == Self.dense(zeroed).bitPattern, "floor \(floor)")
        }
        #expect(sparse.nonzeroCount == 0)
        #expect(sparse.total { terms[$0] } == 0)
    }
}
