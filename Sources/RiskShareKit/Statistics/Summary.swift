/// Monte Carlo statistics of one quantity over the paths: mean with its standard error,
/// quantiles (VaR) with confidence intervals, expected shortfall and exceedance probabilities.
///
/// Definitions (stated in Scenarios/README.md): with the empirical distribution F of the paths,
/// VaR_q is the smallest value x with F(x) ≥ q; ES_q = 1/(1-q) ∫_q^1 VaR_u du (Acerbi-Tasche),
/// which for n equal-weight paths is (Σ_{i>k} x₍ᵢ₎ / n + x₍ₖ₎ (k/n - q)) / (1 - q) with k = ⌈nq⌉
/// (computed exactly, see `QuantileRank`).
///
/// A summary made by `PathTable.summary` knows the report's levels and thresholds in advance:
/// it computes all of them at once (the upper tail put apart and sorted, two passes for
/// every mean and deviation) and keeps only the results. Other levels are computed on request.
public struct Summary: Sendable {
    public let mean: Double
    public let sd: Double
    /// Standard error of the mean.
    public private(set) var stderr: Double
    /// Number of paths.
    public let count: Int
    public let minimum: Double
    public let maximum: Double

    private let values: [Double]
    private let weights: [Double]?
    /// Paths per independent replicate (randomised QMC), or nil for independent paths.
    private let replicateSize: Int?
    /// The ordered values, kept by the public initialiser; nil when only precomputed levels are kept.
    private let order: OrderedSample?
    private let precomputed: [Double: LevelStatistics]
    private let precomputedExceedance: [Double: (p: Double, stderr: Double)]

    /// Statistics of `values` (one per path) under optional importance-sampling `weights` (one
    /// per path); `replicateSize` > 0 makes standard errors come from the spread of the means of
    /// consecutive replicates of that many paths. Keeps the ordered values for any later query.
    public init(values: [Double], weights: [Double]? = nil, replicateSize: Int? = nil) {
        self.init(values: values, weights: weights, replicateSize: replicateSize, levels: nil, thresholds: [])
    }

    /// Statistics that precompute VaR, its interval, ES, its standard error and the tail count
    /// at each of `levels` (nil: keep the full order instead) and the exceedance probability of
    /// each of `thresholds`.
    init(values: [Double], weights: [Double]?, replicateSize: Int?, levels: [Double]?, thresholds: [Double]) {
        self.values = values
        self.weights = weights
        self.replicateSize = replicateSize
        let n = values.count
        count = n
        guard n > 0 else {
            mean = 0; sd = 0; stderr = 0; minimum = 0; maximum = 0
            order = nil; precomputed = [:]; precomputedExceedance = [:]
            return
        }
        // No levels to precompute: nothing is ordered now (a later query orders the values itself).
        let sample = levels?.isEmpty == true ? nil : OrderedSample(values: values, weights: weights, levels: levels)
        let wanted = sample == nil ? [] : levels ?? []
        let quantiles = wanted.map { sample!.quantile($0) }
        let exceedances = replicateSize == nil ? thresholds : []
        let moments = ColumnMoments(values: values, weights: weights, excessOver: quantiles, thresholds: exceedances)
        mean = moments.mean
        if weights != nil {
            sd = max(moments.weightedSecondMoment - mean * mean, 0).squareRoot()
            stderr = n > 1 ? moments.deviation / Double(n).squareRoot() : 0
        } else {
            sd = moments.deviation
            stderr = n > 1 ? sd / Double(n).squareRoot() : 0
        }
        minimum = moments.minimum
        maximum = moments.maximum

        var atLevel: [Double: LevelStatistics] = [:]
        for (l, q) in wanted.enumerated() {
            atLevel[q] = LevelStatistics(
                quantile: quantiles[l], interval: sample!.quantileInterval(q), expectedShortfall: sample!.expectedShortfall(q),
                expectedShortfallStderr: Summary.expectedShortfallStderr(deviation: moments.excessDeviation[l], count: n, level: q),
                tailCount: sample!.tailCount(q))
        }
        precomputed = atLevel
        var atThreshold: [Double: (p: Double, stderr: Double)] = [:]
        for (k, x) in exceedances.enumerated() {
            if weights != nil {
                atThreshold[x] = (moments.indicatorMean[k], n > 1 ? moments.indicatorDeviation[k] / Double(n).squareRoot() : 0)
            } else {
                let probability = Probability.binomial(count: moments.countAbove[k], of: n)
                atThreshold[x] = (probability.p, probability.stderr)
            }
        }
        precomputedExceedance = atThreshold
        order = levels == nil ? sample : nil
        if let size = replicateSize, let spread = Summary.replicateStandardError(values, size: size) {
            stderr = spread
        }
    }

    /// The ordered values: kept, or rebuilt (fully sorted) for a query the summary did not precompute.
    private var ordered: OrderedSample { order ?? OrderedSample(values: values, weights: weights, levels: nil) }

    /// Every value, ascending.
    public var sorted: [Double] { Array(ordered.tail.ascending(from: 0)) }

    /// VaR_q: the smallest path value whose empirical CDF reaches q.
    public func quantile(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        return precomputed[q]?.quantile ?? ordered.quantile(q)
    }

    /// Distribution-free 95% confidence interval for VaR_q from order statistics (normal
    /// approximation to the binomial count below the quantile); equal weights only, else nil.
    public func quantileInterval(_ q: Double, z: Double = 1.959964) -> (lower: Double, upper: Double)? {
        guard count > 0 else { return nil }
        if z == 1.959964, let known = precomputed[q] { return known.interval }
        return ordered.quantileInterval(q, z: z)
    }

    /// Number of paths above VaR_q: the evidence a tail estimate rests on. Values within a
    /// relative 1e-12 of VaR_q are ties, not tail (a capped loss summed in a different order
    /// may differ from the cap in its last bits).
    public func tailCount(_ q: Double) -> Int {
        guard count > 0 else { return 0 }
        return precomputed[q]?.tailCount ?? ordered.tailCount(q)
    }

    /// Relative difference under which two path values count as equal.
    public static let tieTolerance = 1e-12

    /// ES_q = 1/(1-q) ∫_q^1 VaR_u du over the empirical distribution.
    public func expectedShortfall(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        return precomputed[q]?.expectedShortfall ?? ordered.expectedShortfall(q)
    }

    /// Monte Carlo standard error of ES_q, from ES_q ≈ VaR_q + E[(L - VaR_q)⁺] / (1 - q):
    /// sd(w (L - VaR_q)⁺) / (sqrt(n) (1 - q)), with w the importance-sampling weight (1 otherwise).
    public func expectedShortfallStderr(_ q: Double) -> Double {
        guard count > 1, q < 1 else { return 0 }
        if let known = precomputed[q] { return known.expectedShortfallStderr }
        let moments = ColumnMoments(values: values, weights: weights, excessOver: [quantile(q)], thresholds: [])
        return Summary.expectedShortfallStderr(deviation: moments.excessDeviation[0], count: count, level: q)
    }

    /// P(value > x) with its standard error.
    public func exceedance(_ x: Double) -> (p: Double, stderr: Double) {
        let n = Double(count)
        guard count > 0 else { return (0, 0) }
        if let known = precomputedExceedance[x] { return known }
        if weights == nil, let size = replicateSize {
            let indicators = values.map { $0 > x ? 1.0 : 0.0 }
            let p = GSL.mean(indicators)
            return (p, Summary.replicateStandardError(indicators, size: size) ?? (p * (1 - p) / n).squareRoot())
        }
        if let weights {
            let probability = Probability(indicator: values.map { $0 > x }, weights: weights)
            return (probability.p, probability.stderr)
        }
        let above = order?.tail.countAbove(x) ?? values.reduce(0) { $0 + ($1 > x ? 1 : 0) }
        let probability = Probability.binomial(count: above, of: count)
        return (probability.p, probability.stderr)
    }

    private static func expectedShortfallStderr(deviation: Double, count: Int, level q: Double) -> Double {
        guard count > 1, q < 1 else { return 0 }
        return deviation / Double(count).squareRoot() / (1 - q)
    }

    /// Standard error of the overall mean from the means of consecutive replicates of `size`
    /// paths (the last may be shorter); nil with fewer than two replicates.
    static func replicateStandardError(_ values: [Double], size: Int) -> Double? {
        guard size > 0, values.count > size else { return nil }
        var means: [Double] = []
        var start = 0
        while start < values.count {
            let end = min(start + size, values.count)
            means.append(values[start..<end].reduce(0, +) / Double(end - start))
            start = end
        }
        guard means.count > 1 else { return nil }
        return GSL.standardDeviation(means, mean: GSL.mean(means)) / Double(means.count).squareRoot()
    }
}

/// What a summary reports at one quantile level.
struct LevelStatistics: Sendable {
    var quantile: Double
    var interval: (lower: Double, upper: Double)?
    var expectedShortfall: Double
    var expectedShortfallStderr: Double
    var tailCount: Int
}

/// The values of a column in the order the quantile statistics need. Equal weights: the upper
/// tail from the lowest order statistic any requested level reads (its VaR or the lower end of
/// its interval), put apart and sorted (`RadixSort.sortedTail`). Weights: every value, sorted, with the
/// estimated CDF at each.
struct OrderedSample: Sendable {
    let tail: TailOrder
    /// Estimated CDF at each sorted value under importance-sampling weights; nil for equal weights.
    let cumulative: [Double]?

    /// - Parameters:
    ///   - values: at least one value.
    ///   - weights: importance-sampling weights, one per value, or nil for equal weights.
    ///   - levels: the levels that will be asked for, or nil to sort every value.
    init(values: [Double], weights: [Double]?, levels: [Double]?) {
        let n = values.count
        if let weights {
            // Importance sampling: the distribution is estimated from the tail, F(x) = 1 - Σ_{Lᵢ>x} wᵢ / n,
            // which is accurate where the sampling concentrates; Σ wᵢ / n itself may be far from 1.
            // GSL's index sort fixes the order of tied values, and with it the sums below.
            let order = GSL.sortIndex(values)
            tail = TailOrder(ascending: order.map { values[$0] })
            var above = 0.0
            var cdf = [Double](repeating: 0, count: n)
            for k in stride(from: n - 1, through: 0, by: -1) {
                cdf[k] = min(max(1 - above / Double(n), 0), 1)
                above += weights[order[k]]
            }
            cumulative = cdf
        } else {
            // No levels asked for: nothing is sorted now (a later quantile is found by selection).
            var from = 0
            if let levels {
                from = n
                for q in levels {
                    let k = QuantileRank.rank(count: n, level: q)
                    let lower = OrderedSample.intervalRanks(count: n, level: q, z: 1.959964).lower
                    from = min(from, min(k, lower) - 1)
                }
            }
            tail = TailOrder(values, sortedFrom: from)
            cumulative = nil
        }
    }

    var count: Int { tail.count }

    /// Position (0-based) of VaR_q in ascending order.
    func quantileIndex(_ q: Double) -> Int {
        let n = count
        if let cumulative {
            var lo = 0, hi = n - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] >= q * (1 - 1e-12) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        return QuantileRank.rank(count: n, level: q) - 1
    }

    func quantile(_ q: Double) -> Double { tail.orderStatistic(quantileIndex(q)) }

    /// 1-based ranks of the interval's ends: n·q ∓ z·sqrt(n·q·(1-q)), rounded outward.
    static func intervalRanks(count: Int, level q: Double, z: Double) -> (lower: Int, upper: Int) {
        let n = Double(count)
        let half = z * (n * q * (1 - q)).squareRoot()
        let lo = max(Int((n * q - half).rounded(.down)), 1)
        let hi = min(Int((n * q + half).rounded(.up)) + 1, count)
        return (lo, hi)
    }

    func quantileInterval(_ q: Double, z: Double = 1.959964) -> (lower: Double, upper: Double)? {
        guard cumulative == nil else { return nil }
        let ranks = OrderedSample.intervalRanks(count: count, level: q, z: z)
        return (tail.orderStatistic(ranks.lower - 1), tail.orderStatistic(ranks.upper - 1))
    }

    func tailCount(_ q: Double) -> Int { tail.countAbove(quantile(q), tolerance: Summary.tieTolerance) }

    func expectedShortfall(_ q: Double) -> Double {
        let n = count
        let k = quantileIndex(q)
        var integral = 0.0
        var i = k
        // Each step's upper CDF value is the next one's lower.
        var lower = k == 0 ? 0 : cumulativeAt(k - 1)
        for x in tail.ascending(from: k) {
            let upper = cumulativeAt(i)
            let width = upper - max(lower, q)
            if width > 0 { integral += x * width }
            lower = upper
            i += 1
        }
        precondition(i == n)
        return integral / (1 - q)
    }

    private func cumulativeAt(_ i: Int) -> Double {
        cumulative?[i] ?? Double(i + 1) / Double(count)
    }
}
