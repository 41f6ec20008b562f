/// Means and standard deviations of one column and of the series derived from it that a
/// summary reports, all in two passes over the paths (one for the means, one for the
/// deviations), whatever the number of levels and thresholds:
/// - the column itself, or x·w under importance-sampling weights w;
/// - for each VaR level, the excess max(x - VaR, 0) (times w), whose standard deviation gives
///   the standard error of expected shortfall;
/// - for each threshold t, the indicator 1{x > t} (its count for equal weights, the term
///   w·1{x > t} for weights), the exceedance probability.
///
/// Equal weights (the usual case) use compensated double sums in two passes; the
/// excess series are summed over the tail only. Under importance-sampling weights the
/// arithmetic is GSL's `gsl_stats_mean` and `gsl_stats_sd_m` step for step (running recurrences
/// in the C `long double` of the platform); where the platform's `long double` has no Swift
/// counterpart, those series are handed to GSL itself.
struct ColumnMoments {
    /// Mean of x (or x·w).
    var mean = 0.0
    /// Sample standard deviation of x (or x·w) around `mean` (n - 1 denominator).
    var deviation = 0.0
    /// Σ w·x·x / n, accumulated in path order (weighted columns only).
    var weightedSecondMoment = 0.0
    var minimum = 0.0
    var maximum = 0.0
    /// Standard deviation of the excess over each of `excessOver`.
    var excessDeviation: [Double] = []
    /// Equal weights: number of values above each threshold.
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
        indicatorMean = Array(repeating: 0, count: weights == nil ? 0 : thresholds.count)
        indicatorDeviation = indicatorMean
        values.withUnsafeBufferPointer { x in
            if let weights {
                weights.withUnsafeBufferPointer { w in
                    accumulate(x, weights: w, excessOver: excessOver, thresholds: thresholds)
                }
            } else {
                accumulate(x, weights: nil, excessOver: excessOver, thresholds: thresholds)
            }
        }
    }

    /// Equal weights, in double precision on every platform. Two passes: the sums of x, then of
    /// (x - mean)². The excess over a level v is zero except in the tail, so its sums run over
    /// the k values above v only: mean e = Σ_{x>v}(x - v)/n and
    /// Σ(eᵢ - e)² = Σ_{x>v}(x - v - e)² + (n - k)·e². Every sum is compensated
    /// (`CompensatedSum`), so its rounding error stays at a few units in the last place whatever n.
    private mutating func accumulateEqual(_ x: UnsafeBufferPointer<Double>, excessOver levels: [Double], thresholds: [Double]) {
        let n = x.count
        var low = x[0], high = x[0]
        for value in x {
            low = min(low, value)
            high = max(high, value)
        }
        minimum = low
        maximum = high
        for (k, t) in thresholds.enumerated() {
            var above = 0
            for value in x { above &+= value > t ? 1 : 0 }
            countAbove[k] = above
        }
        let count = Double(n)
        let center = CompensatedSum.total(x) { $0 } / count
        mean = center
        var excessMeans: [Double] = []
        var excessCounts: [Int] = []
        for v in levels {
            var above = 0
            let total = CompensatedSum.total(x) { value in
                guard value > v else { return 0 }
                above &+= 1
                return value - v
            }
            excessMeans.append(total / count)
            excessCounts.append(above)
        }
        guard n > 1 else { return }
        let factor = 1 / Double(n - 1)
        deviation = (CompensatedSum.total(x) { ($0 - center) * ($0 - center) } * factor).squareRoot()
        for (l, v) in levels.enumerated() {
            let e = excessMeans[l]
            let inside = CompensatedSum.total(x) { value in value > v ? (value - v - e) * (value - v - e) : 0 }
            excessDeviation[l] = ((inside + Double(n - excessCounts[l]) * e * e) * factor).squareRoot()
        }
    }

    #if arch(x86_64) && !os(Windows)
        /// The C `long double` of x86-64 (80-bit extended), in which GSL accumulates.
        typealias Accumulator = Float80

        private mutating func accumulate(
            _ x: UnsafeBufferPointer<Double>, weights w: UnsafeBufferPointer<Double>?,
            excessOver levels: [Double], thresholds: [Double]
        ) {
            if let w {
                accumulateWeighted(x, weights: w, excessOver: levels, thresholds: thresholds)
            } else {
                accumulateEqual(x, excessOver: levels, thresholds: thresholds)
            }
        }

        /// Importance-sampling weights: every series in one sweep per pass (a rare case, kept simple).
        private mutating func accumulateWeighted(
            _ x: UnsafeBufferPointer<Double>, weights w: UnsafeBufferPointer<Double>,
            excessOver levels: [Double], thresholds: [Double]
        ) {
            let n = x.count
            let levelCount = levels.count, thresholdCount = thresholds.count
            var m: Accumulator = 0
            var excessMeans = [Accumulator](repeating: 0, count: levelCount)
            var indicatorMeans = [Accumulator](repeating: 0, count: thresholdCount)
            var counts = [Int](repeating: 0, count: thresholdCount)
            var second = 0.0
            var low = x[0], high = x[0]
            levels.withUnsafeBufferPointer { v in
                thresholds.withUnsafeBufferPointer { t in
                    excessMeans.withUnsafeMutableBufferPointer { em in
                        indicatorMeans.withUnsafeMutableBufferPointer { im in
                            counts.withUnsafeMutableBufferPointer { above in
                                for i in 0..<n {
                                    let value = x[i]
                                    let weight = w[i]
                                    let steps = Accumulator(i + 1)
                                    if value < low { low = value }
                                    if value > high { high = value }
                                    let term = value * weight
                                    m += (Accumulator(term) - m) / steps
                                    second += weight * value * value
                                    for l in 0..<levelCount {
                                        let excess = max(value - v[l], 0) * weight
                                        em[l] += (Accumulator(excess) - em[l]) / steps
                                    }
                                    for k in 0..<thresholdCount where value > t[k] {
                                        above[k] += 1
                                    }
                                    for k in 0..<thresholdCount {
                                        let indicator = value > t[k] ? weight : 0
                                        im[k] += (Accumulator(indicator) - im[k]) / steps
                                    }
                                }
                            }
                        }
                    }
                }
            }
            mean = Double(m)
            minimum = low
            maximum = high
            countAbove = counts
            weightedSecondMoment = second / Double(n)
            guard n > 1 else {
                indicatorMean = indicatorMeans.map { Double($0) }
                return
            }
            // Second pass: deviations around the means rounded to doubles, as gsl_stats_sd_m receives them.
            let excessMean = excessMeans.map { Double($0) }
            let indicatorMeanValues = indicatorMeans.map { Double($0) }
            var s: Accumulator = 0
            var excessSquares = [Accumulator](repeating: 0, count: levelCount)
            var indicatorSquares = [Accumulator](repeating: 0, count: indicatorMeanValues.count)
            let center = mean
            levels.withUnsafeBufferPointer { v in
                thresholds.withUnsafeBufferPointer { t in
                    excessMean.withUnsafeBufferPointer { em in
                        indicatorMeanValues.withUnsafeBufferPointer { im in
                            excessSquares.withUnsafeMutableBufferPointer { es in
                                indicatorSquares.withUnsafeMutableBufferPointer { iss in
                                    for i in 0..<n {
                                        let value = x[i]
                                        let weight = w[i]
                                        let steps = Accumulator(i + 1)
                                        let term = value * weight
                                        let d = Accumulator(term - center)
                                        s += (d * d - s) / steps
                                        for l in 0..<levelCount {
                                            let excess = max(value - v[l], 0) * weight
                                            let e = Accumulator(excess - em[l])
                                            es[l] += (e * e - es[l]) / steps
                                        }
                                        for k in 0..<thresholdCount {
                                            let indicator = value > t[k] ? weight : 0
                                            let e = Accumulator(indicator - im[k])
                                            iss[k] += (e * e - iss[k]) / steps
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let factor = Double(n) / Double(n - 1)
            deviation = (factor * Double(s)).squareRoot()
            excessDeviation = excessSquares.map { (factor * Double($0)).squareRoot() }
            indicatorMean = indicatorMeanValues
            indicatorDeviation = indicatorSquares.map { (factor * Double($0)).squareRoot() }
        }
    #else
        /// Without a Swift type for the platform's `long double`, each series goes to GSL.
        private mutating func accumulate(
            _ x: UnsafeBufferPointer<Double>, weights w: UnsafeBufferPointer<Double>?,
            excessOver levels: [Double], thresholds: [Double]
        ) {
            guard w != nil else { return accumulateEqual(x, excessOver: levels, thresholds: thresholds) }
            let n = x.count
            let values = Array(x)
            let weights = w.map { Array($0) }
            minimum = values.min() ?? 0
            maximum = values.max() ?? 0
            func moments(_ series: [Double]) -> (Double, Double) {
                let m = GSL.mean(series)
                return (m, GSL.standardDeviation(series, mean: m))
            }
            if let weights {
                (mean, deviation) = moments(zip(values, weights).map { $0 * $1 })
                weightedSecondMoment = zip(values, weights).reduce(0) { $0 + $1.1 * $1.0 * $1.0 } / Double(n)
            } else {
                (mean, deviation) = moments(values)
            }
            excessDeviation = levels.map { v in
                moments(weights.map { zip(values, $0).map { max($0 - v, 0) * $1 } } ?? values.map { max($0 - v, 0) }).1
            }
            countAbove = thresholds.map { t in values.reduce(0) { $0 + ($1 > t ? 1 : 0) } }
            if let weights {
                let indicators = thresholds.map { t in moments(zip(values, weights).map { $0 > t ? $1 : 0 }) }
                indicatorMean = indicators.map(\.0)
                indicatorDeviation = indicators.map(\.1)
            }
        }
    #endif
}
