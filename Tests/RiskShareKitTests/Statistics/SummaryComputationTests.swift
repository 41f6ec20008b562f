import Foundation
import Testing
@testable import RiskShareKit

/// The fast paths of `Summary` (selection and one radix sort of the tail, moments of every level
/// in two passes, one summary per distinct column) give the numbers of the plain computation:
/// a full sort exactly, and GSL's mean and standard deviation of each series (extended-precision
/// recurrences) to a few units in the last place.
@Suite struct SummaryComputationTests {
    /// Loss-like values with ties (a third of the paths at 0, repeated amounts), in path order.
    static func values(_ n: Int, seed: UInt64) -> [Double] {
        let stream = RandomStream(seed: seed, stream: 7)
        return (0..<n).map { _ in
            let u = stream.uniform()
            if u < 0.33 { return 0 }
            if u < 0.4 { return 2.5e6 }
            return (stream.logNormal(median: 1e6, sigma: 1.2) * 100).rounded() / 100
        }
    }

    static let levels = [0.5, 0.9, 0.95, 0.99, 0.995, 0.999]

    /// Within `ulps` units in the last place of the larger magnitude.
    static func close(_ a: Double, _ b: Double, ulps: Double = 8) -> Bool {
        a == b || abs(a - b) <= ulps * max(abs(a), abs(b)).ulp
    }

    @Test("moments of the column and of its excess over each level agree with GSL's extended-precision recurrences to a few ulps")
    func momentsMatchGSL() {
        for n in [1, 2, 3, 1000, 25_013] {
            let x = Self.values(n, seed: UInt64(n))
            let v = [0.0, 1e5, 1e6, 3e6, 1e7, .infinity, -1]
            let moments = ColumnMoments(values: x, weights: nil, excessOver: v, thresholds: [0, 1e6, 5e6])
            let mean = GSL.mean(x)
            #expect(Self.close(moments.mean, mean), "n \(n)")
            #expect(Self.close(moments.deviation, GSL.standardDeviation(x, mean: mean)), "n \(n)")
            for (l, level) in v.enumerated() {
                let excess = x.map { max($0 - level, 0) }
                let sd = GSL.standardDeviation(excess, mean: GSL.mean(excess))
                #expect(Self.close(moments.excessDeviation[l], sd), "n \(n), level \(level)")
            }
            #expect(moments.countAbove == [0, 1e6, 5e6].map { t in x.filter { $0 > t }.count })
            #expect(moments.minimum == x.min()! && moments.maximum == x.max()!)
        }
    }

    @Test("a mean of a million copies of 0.1 is 0.1 exactly, and its deviation 0 (plain left-to-right addition is off by 1.3e-11 relative)")
    func compensatedMean() {
        let moments = ColumnMoments(values: Array(repeating: 0.1, count: 1_000_000), weights: nil, excessOver: [0.05], thresholds: [])
        #expect(moments.mean == 0.1)
        #expect(moments.deviation == 0)
        #expect(moments.excessDeviation == [0])
    }

    @Test("weighted moments agree with GSL's on the weighted series to a few ulps")
    func weightedMomentsMatchGSL() {
        let x = Self.values(5000, seed: 3)
        let stream = RandomStream(seed: 4, stream: 1)
        let w = x.map { _ in exp(stream.gaussian()) }
        let moments = ColumnMoments(values: x, weights: w, excessOver: [1e6, 4e6], thresholds: [2e6])
        let weighted = zip(x, w).map { $0 * $1 }
        let mean = GSL.mean(weighted)
        #expect(Self.close(moments.mean, mean))
        #expect(Self.close(moments.deviation, GSL.standardDeviation(weighted, mean: mean)))
        #expect(Self.close(moments.weightedSecondMoment, GSL.mean(zip(x, w).map { $1 * $0 * $0 })))
        for (l, level) in [1e6, 4e6].enumerated() {
            let excess = zip(x, w).map { max($0 - level, 0) * $1 }
            #expect(Self.close(moments.excessDeviation[l], GSL.standardDeviation(excess, mean: GSL.mean(excess))))
        }
        let terms = zip(x, w).map { $0 > 2e6 ? $1 : 0 }
        #expect(Self.close(moments.indicatorMean[0], GSL.mean(terms)))
        #expect(Self.close(moments.indicatorDeviation[0], GSL.standardDeviation(terms, mean: GSL.mean(terms))))
        #expect(moments.countAbove == [x.filter { $0 > 2e6 }.count])
    }

    @Test("radix sort and selection order values as a comparison sort does")
    func orderingMatchesSort() {
        var x = Self.values(40_000, seed: 9) + [-3.5, -1e300, .infinity, -.infinity, 1e-300, -1e-300, .leastNonzeroMagnitude]
        x.shuffle()
        let expected = x.sorted()
        var radix = x
        radix.withUnsafeMutableBufferPointer { RadixSort.sort($0) }
        #expect(radix == expected)
        for cut in [0, 1, 13_200, 20_000, 39_999, x.count] {
            let order = TailOrder(x, sortedFrom: cut)
            #expect(Array(order.values[min(cut, x.count)...]) == Array(expected[min(cut, x.count)...]))
            if cut > 0 && cut < x.count { #expect(order.values[..<cut].allSatisfy { $0 <= expected[cut] }) }
            for i in [0, 5, 13_199, 20_001, x.count - 1] { #expect(order.orderStatistic(i) == expected[i]) }
            for t in [0.0, 1e6, 2.5e6, -2, 1e12] { #expect(order.countAbove(t) == expected.filter { $0 > t }.count) }
        }
    }

    @Test("the tail put apart by the top bits of its keys: a permutation, sorted from a start at or before the asked position, nothing above it before it")
    func sortedTailByBuckets() {
        let loss = Self.values(20_000, seed: 12)
        let signed = loss.enumerated().map { $0.offset % 3 == 0 ? -$0.element : $0.element } + [-0.0, 0, .infinity, -.infinity]
        let tied = Array(repeating: 2.5, count: 3000) + [1, 3]
        for x in [loss, signed, tied, Array(loss.prefix(200))] {
            let expected = x.sorted()
            for from in [0, 1, x.count / 2, x.count - 1, x.count] {
                let (ordered, start) = RadixSort.sortedTail(of: x, from: from)
                #expect(start <= from)
                #expect(ordered.sorted() == expected, "a permutation")
                #expect(Array(ordered[start...]) == Array(expected[start...]), "from \(from)")
                if start < x.count { #expect(ordered[..<start].allSatisfy { $0 <= ordered[start] }) }
            }
        }
    }

    @Test("a summary that precomputes the report's levels gives the same numbers as one that keeps every value")
    func precomputedEqualsFull() {
        let x = Self.values(30_011, seed: 5)
        let stream = RandomStream(seed: 6, stream: 1)
        let w = x.map { _ in exp(0.3 * stream.gaussian()) }
        for weights in [nil, w] {
            let full = Summary(values: x, weights: weights)
            let fast = Summary(values: x, weights: weights, replicateSize: nil, levels: Self.levels, thresholds: [1e6, 2.5e6])
            #expect(fast.mean.bitPattern == full.mean.bitPattern && fast.sd.bitPattern == full.sd.bitPattern)
            #expect(fast.stderr.bitPattern == full.stderr.bitPattern)
            #expect(fast.minimum == full.minimum && fast.maximum == full.maximum)
            for q in Self.levels + [0.25, 0.975] {
                #expect(fast.quantile(q) == full.quantile(q), "q \(q)")
                #expect(fast.expectedShortfall(q).bitPattern == full.expectedShortfall(q).bitPattern, "q \(q)")
                #expect(fast.expectedShortfallStderr(q).bitPattern == full.expectedShortfallStderr(q).bitPattern, "q \(q)")
                #expect(fast.tailCount(q) == full.tailCount(q))
                #expect(fast.quantileInterval(q)?.lower == full.quantileInterval(q)?.lower)
                #expect(fast.quantileInterval(q)?.upper == full.quantileInterval(q)?.upper)
            }
            for t in [0.0, 1e6, 2.5e6, 7e6] {
                #expect(fast.exceedance(t).p.bitPattern == full.exceedance(t).p.bitPattern)
                #expect(fast.exceedance(t).stderr.bitPattern == full.exceedance(t).stderr.bitPattern)
            }
            #expect(fast.sorted == full.sorted)
        }
    }

    @Test("columns with the same values share one summary; others get their own")
    func identicalColumnsShareSummaries() {
        let x = Self.values(2000, seed: 8)
        var y = x
        y[1999] += 1
        var table = PathTable(names: ["a", "b", "c"], columns: [x, x, y])
        table.reportSettings = ReportSettings(quantiles: Self.levels, exceedance: [])
        #expect(table.summary("a").mean.bitPattern == table.summary("b").mean.bitPattern)
        #expect(Self.close(table.summary("c").mean, GSL.mean(y)))
        #expect(table.summary("c").mean != table.summary("a").mean)
        #expect(SummaryCache.identical(x, x) && !SummaryCache.identical(x, y))
        #expect(!SummaryCache.identical([0.0], [-0.0]))
    }
}
