/// Means and standard deviations of one column and of the series derived from it that a
/// summary reports, all in two passes over the paths (one for the means, one for the
/// deviations), whatever the number of levels and thresholds:
/// - the column itself, or x·w under importance-sampling weights w;
/// - for each VaR level, the excess max(x - VaR, 0) (times w), whose standard deviation gives
///   the standard error of expected shortfall;
/// - for each threshold t, the indicator 1{x > t} (its count for equal weights, the term
///   w·1{x > t} for weights), the exceedance probability.
///
/// The arithmetic is GSL's `gsl_stats_mean` and `gsl_stats_sd_m` step for step: running
/// recurrences m += (x - m)/i and v += ((x - mean)² - v)/i in the C `long double` of the
/// platform, with x - mean rounded to a double first, as GSL does. Reports therefore keep every
/// bit they had when each series was a separate array handed to GSL. Where the platform's
/// `long double` has no Swift counterpart, the series are handed to GSL itself.
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

        /// Equal weights: the column and its excesses are processed three series at a time with the
        /// accumulators in registers (x87 division is the cost; the series of one sweep overlap).
        private mutating func accumulateEqual(_ x: UnsafeBufferPointer<Double>, excessOver levels: [Double], thresholds: [Double]) {
            let n = x.count
            var low = x[0], high = x[0]
            for value in x {
                if value < low { low = value }
                if value > high { high = value }
            }
            minimum = low
            maximum = high
            for (k, t) in thresholds.enumerated() {
                var above = 0
                for value in x where value > t { above += 1 }
                countAbove[k] = above
            }
            // Sweeps: the column itself with the first three levels, then three levels at a time.
            var groups: [[Double]] = [Array(levels.prefix(3))]
            var next = 3
            while next < levels.count { groups.append(Array(levels[next..<min(next + 3, levels.count)])); next += 3 }
            var excessMeans: [Double] = []
            for (g, group) in groups.enumerated() {
                let sums = ColumnMoments.runningMeans(x, plain: g == 0, excessOver: group)
                if g == 0 { mean = sums.plain }
                excessMeans += sums.excess
            }
            guard n > 1 else { return }
            let factor = Double(n) / Double(n - 1)
            var start = 0
            for (g, group) in groups.enumerated() {
                let means = Array(excessMeans[start..<start + group.count])
                let squares = ColumnMoments.runningSquares(x, plainMean: g == 0 ? mean : nil, excessOver: group, means: means)
                if g == 0 { deviation = (factor * squares.plain).squareRoot() }
                for (l, s) in squares.excess.enumerated() { excessDeviation[start + l] = (factor * s).squareRoot() }
                start += group.count
            }
        }

        /// GSL's running means of x (when `plain`) and of max(x - v, 0) for up to three v, rounded to doubles.
        private static func runningMeans(_ x: UnsafeBufferPointer<Double>, plain: Bool, excessOver v: [Double])
            -> (plain: Double, excess: [Double])
        {
            let count = v.count
            let v0 = count > 0 ? v[0] : 0, v1 = count > 1 ? v[1] : 0, v2 = count > 2 ? v[2] : 0
            var m: Accumulator = 0, a: Accumulator = 0, b: Accumulator = 0, c: Accumulator = 0
            for i in 0..<x.count {
                let value = x[i]
                let steps = Accumulator(i + 1)
                if plain { m += (Accumulator(value) - m) / steps }
                if count > 0 { a += (Accumulator(max(value - v0, 0)) - a) / steps }
                if count > 1 { b += (Accumulator(max(value - v1, 0)) - b) / steps }
                if count > 2 { c += (Accumulator(max(value - v2, 0)) - c) / steps }
            }
            return (Double(m), Array([Double(a), Double(b), Double(c)].prefix(count)))
        }

        /// GSL's running variances (before the n/(n-1) factor) around the given means, rounded to doubles.
        private static func runningSquares(
            _ x: UnsafeBufferPointer<Double>, plainMean: Double?, excessOver v: [Double],
            means: [Double]
        ) -> (plain: Double, excess: [Double]) {
            let count = v.count
            let plain = plainMean != nil, center = plainMean ?? 0
            let v0 = count > 0 ? v[0] : 0, v1 = count > 1 ? v[1] : 0, v2 = count > 2 ? v[2] : 0
            let e0 = count > 0 ? means[0] : 0, e1 = count > 1 ? means[1] : 0, e2 = count > 2 ? means[2] : 0
            var s: Accumulator = 0, a: Accumulator = 0, b: Accumulator = 0, c: Accumulator = 0
            for i in 0..<x.count {
                let value = x[i]
                let steps = Accumulator(i + 1)
                if plain { let d = Accumulator(value - center); s += (d * d - s) / steps }
                if count > 0 { let d = Accumulator(max(value - v0, 0) - e0); a += (d * d - a) / steps }
                if count > 1 { let d = Accumulator(max(value - v1, 0) - e1); b += (d * d - b) / steps }
                if count > 2 { let d = Accumulator(max(value - v2, 0) - e2); c += (d * d - c) / steps }
            }
            return (Double(s), Array([Double(a), Double(b), Double(c)].prefix(count)))
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
