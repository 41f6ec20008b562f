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
        values.withUnsafeBufferPointer { x in
            minimum = x.min()!
            maximum = x.max()!
            countAbove = thresholds.map { t in
                var above = 0
                for value in x { above &+= value > t ? 1 : 0 }
                return above
            }
            if let weights {
                weights.withUnsafeBufferPointer { w in
                    weightedSecondMoment = CompensatedSum.total(count: n) { i in w[i] * x[i] * x[i] } / Double(n)
                    (mean, deviation) = Self.moments(count: n) { i in x[i] * w[i] }
                    excessDeviation = excessOver.map { v in
                        Self.sparseMoments(x, above: v) { i in (x[i] - v) * w[i] }.deviation
                    }
                    let indicators = thresholds.map { t in Self.sparseMoments(x, above: t) { i in w[i] } }
                    indicatorMean = indicators.map(\.mean)
                    indicatorDeviation = indicators.map(\.deviation)
                }
            } else {
                (mean, deviation) = Self.moments(count: n) { i in x[i] }
                excessDeviation = excessOver.map { v in Self.sparseMoments(x, above: v) { i in x[i] - v }.deviation }
            }
        }
    }

    /// Mean and sample standard deviation of term(0..<n).
    @inline(__always)
    private static func moments(count n: Int, _ term: (Int) -> Double) -> (mean: Double, deviation: Double) {
        let mean = CompensatedSum.total(count: n, term) / Double(n)
        guard n > 1 else { return (mean, 0) }
        let squares = CompensatedSum.total(count: n) { i in
            let d = term(i) - mean
            return d * d
        }
        return (mean, (squares / Double(n - 1)).squareRoot())
    }

    /// Mean and sample standard deviation of the series that is term(i) where x[i] > level and 0
    /// elsewhere, summed over the paths above the level only.
    private static func sparseMoments(_ x: UnsafeBufferPointer<Double>, above level: Double, _ term: (Int) -> Double)
        -> (mean: Double, deviation: Double)
    {
        let n = x.count
        var above = 0
        let mean =
            CompensatedSum.total(count: n) { i in
                guard x[i] > level else { return 0 }
                above &+= 1
                return term(i)
            } / Double(n)
        guard n > 1 else { return (mean, 0) }
        let inside = CompensatedSum.total(count: n) { i in
            guard x[i] > level else { return 0 }
            let d = term(i) - mean
            return d * d
        }
        return (mean, ((inside + Double(n - above) * mean * mean) / Double(n - 1)).squareRoot())
    }
}
