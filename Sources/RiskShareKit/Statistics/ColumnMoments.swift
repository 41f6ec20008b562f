/// Means and standard deviations of one column and of the series derived from it that a
/// summary reports, whatever the number of levels and thresholds:
/// - the column itself, or x·w under importance-sampling weights w;
/// - for each VaR level v, the excess max(x - v, 0) (times w), whose standard deviation gives
///   the standard error of expected shortfall;
/// - for each threshold t, the indicator 1{x > t} (its count for equal weights, the term
///   w·1{x > t} for weights), the exceedance probability.
///
/// Every mean is a compensated double sum over n (`CompensatedSum`) and every deviation the
/// square root of Σ(term - mean)² / (n - 1), summed the same way in a second pass. The excess and
/// indicator terms are zero except on the k paths above their level, so their sums run over those
/// paths only: with mean e, Σ(termᵢ - e)² = Σ_{x>v}(termᵢ - e)² + (n - k)·e².
struct ColumnMoments {
    /// Mean of x (or x·w).
    var mean = 0.0
    /// Sample standard deviation of x (or x·w) around `mean` (n - 1 denominator).
    var deviation = 0.0
    /// Σ w·x·x / n (weighted columns only).
    var weightedSecondMoment = 0.0
    var minimum = 0.0
    var maximum = 0.0
    /// Standard deviation of the excess over each of `excessOver`.
    var excessDeviation: [Double] = []
    /// Number of values above each threshold.
    var countAbove: [Int] = []
    /// Weights: mean and standard deviation of w·1{x > t} for each threshold.
    var indicatorMean: [Double] = []
    var indicatorDeviation: [Double] = []

    /// - Parameters:
    ///   - values: the column, in path order (at least one value).
    ///   - weights: likelihood ratios, one per value, or nil for equal weights.
    ///   - excessOver: the VaR of each level.
    ///   - thresholds: exceedance thresholds.
    init(values: [Double], weights: [Double]?, excessOver: [Double], thresholds: [Double]) {
        let n = values.count
        precondition(n > 0 && (weights == nil || weights!.count == n))
        excessDeviation = Array(repeating: 0, count: excessOver.count)
        countAbove = Array(repeating: 0, count: thresholds.count)
        if weights != nil {
            indicatorMean = Array(repeating: 0, count: thresholds.count)
            indicatorDeviation = Array(repeating: 0, count: thresholds.count)
        }
        values.withUnsafeBufferPointer { x in
            Self.withBuffer(weights) { w in
                // The range is read in the first pass over the column.
                var extremes = Extremes(x[0])
                if let w {
                    weightedSecondMoment =
                        CompensatedSum.total(count: n) { i in
                            extremes.add(x[i])
                            return w[i] * x[i] * x[i]
                        } / Double(n)
                    (mean, deviation) = Self.moments(count: n) { i in x[i] * w[i] }
                } else {
                    mean =
                        CompensatedSum.total(count: n) { i in
                            extremes.add(x[i])
                            return x[i]
                        } / Double(n)
                    deviation = Self.deviation(count: n, around: mean) { i in x[i] }
                }
                (minimum, maximum) = (extremes.low, extremes.high)
                Self.forEachLevel(x, excessOver + thresholds) { k, above in
                    guard k >= excessOver.count else {
                        let v = excessOver[k]
                        let moments =
                            if let w { Self.sparseMoments(above) { i in (x[i] - v) * w[i] } } else {
                                Self.sparseMoments(above) { i in x[i] - v }
                            }
                        excessDeviation[k] = moments.deviation
                        return
                    }
                    let t = k - excessOver.count
                    countAbove[t] = above.nonzeroCount
                    if let w { (indicatorMean[t], indicatorDeviation[t]) = Self.sparseMoments(above) { i in w[i] } }
                }
            }
        }
    }

    /// The smallest and the largest value seen, the first of equal values kept (as `min()` and
    /// `max()` keep it).
    private struct Extremes {
        var low: Double
        var high: Double
        init(_ first: Double) { (low, high) = (first, first) }
        @inline(__always) mutating func add(_ value: Double) {
            low = value < low ? value : low
            high = value > high ? value : high
        }
    }

    /// `body` with the buffer of `values`, or with nil.
    private static func withBuffer<R>(_ values: [Double]?, _ body: (UnsafeBufferPointer<Double>?) -> R) -> R {
        guard let values else { return body(nil) }
        return values.withUnsafeBufferPointer { body($0) }
    }

    /// Calls `body(k, above)` for every level k with the positions of the values strictly above
    /// `levels[k]`. Levels are visited from the lowest up and each one's positions are kept from
    /// the previous one's: one pass over the column, then passes over ever fewer positions.
    private static func forEachLevel(_ x: UnsafeBufferPointer<Double>, _ levels: [Double], _ body: (Int, borrowing SparseSeries) -> Void) {
        guard !levels.isEmpty else { return }
        // No value is above NaN; the other levels ascending, so that each level's positions are
        // a subset of the previous one's.
        for k in levels.indices where levels[k].isNaN { body(k, SparseSeries(count: x.count) { _ in false }) }
        let order = levels.indices.filter { !levels[$0].isNaN }.sorted { levels[$0] < levels[$1] }
        guard let first = order.first else { return }
        var above = SparseSeries(count: x.count) { x[$0] > levels[first] }
        for k in order {
            let level = levels[k]
            if k != first { above.keep { x[$0] > level } }
            body(k, above)
        }
    }

    /// Mean and sample standard deviation of term(0..<n).
    @inline(__always)
    private static func moments(count n: Int, _ term: (Int) -> Double) -> (mean: Double, deviation: Double) {
        let mean = CompensatedSum.total(count: n, term) / Double(n)
        return (mean, deviation(count: n, around: mean, term))
    }

    /// Sample standard deviation of term(0..<n) around its mean.
    @inline(__always)
    private static func deviation(count n: Int, around mean: Double, _ term: (Int) -> Double) -> Double {
        guard n > 1 else { return 0 }
        let squares = CompensatedSum.total(count: n) { i in
            let d = term(i) - mean
            return d * d
        }
        return (squares / Double(n - 1)).squareRoot()
    }

    /// Mean and sample standard deviation of the series that is term(i) at the positions `above`
    /// and 0 elsewhere, summed over those positions only (to the bits of the sums over all
    /// positions, `SparseSeries`).
    private static func sparseMoments(_ above: borrowing SparseSeries, _ term: (Int) -> Double) -> (mean: Double, deviation: Double) {
        let n = above.count
        let mean = above.total(term) / Double(n)
        guard n > 1 else { return (mean, 0) }
        let inside = above.total { i in
            let d = term(i) - mean
            return d * d
        }
        return (mean, ((inside + Double(n - above.nonzeroCount) * mean * mean) / Double(n - 1)).squareRoot())
    }
}
