/// Monte Carlo statistics of one quantity over the paths: mean with its standard error,
/// quantiles (VaR) with confidence intervals, expected shortfall and exceedance probabilities.
///
/// Definitions (stated in Scenarios/README.md): with the empirical distribution F of the paths,
/// VaR_q is the smallest value x with F(x) ≥ q; ES_q = 1/(1-q) ∫_q^1 VaR_u du (Acerbi-Tasche),
/// which for n equal-weight paths is (Σ_{i>k} x₍ᵢ₎ / n + x₍ₖ₎ (k/n - q)) / (1 - q) with k = ⌈nq⌉.
public struct Summary: Sendable {
    /// Values sorted ascending.
    public let sorted: [Double]
    /// Estimated CDF at each sorted value under importance-sampling weights; nil for equal weights.
    private let cumulative: [Double]?
    public let mean: Double
    public let sd: Double
    /// Standard error of the mean.
    public private(set) var stderr: Double
    /// Number of paths.
    public var count: Int { sorted.count }
    private let weights: [Double]?
    private let values: [Double]

    /// Paths per independent replicate (randomised QMC), or nil for independent paths.
    private let replicateSize: Int?

    public init(values: [Double], weights: [Double]? = nil, replicateSize: Int? = nil) {
        self.values = values
        self.weights = weights
        self.replicateSize = replicateSize
        let n = values.count
        if let weights {
            // Importance sampling: the distribution is estimated from the tail, F(x) = 1 - Σ_{Lᵢ>x} wᵢ / n,
            // which is accurate where the sampling concentrates; Σ wᵢ / n itself may be far from 1.
            let order = GSL.sortIndex(values)
            sorted = order.map { values[$0] }
            var above = 0.0
            var cdf = [Double](repeating: 0, count: n)
            for k in stride(from: n - 1, through: 0, by: -1) {
                cdf[k] = min(max(1 - above / Double(n), 0), 1)
                above += weights[order[k]]
            }
            cumulative = cdf
            let weighted = zip(values, weights).map { $0 * $1 }
            mean = GSL.mean(weighted)
            let secondMoment = zip(values, weights).reduce(0) { $0 + $1.1 * $1.0 * $1.0 } / Double(max(n, 1))
            sd = max(secondMoment - mean * mean, 0).squareRoot()
            stderr = n > 1 ? GSL.standardDeviation(weighted, mean: mean) / Double(n).squareRoot() : 0
        } else {
            var copy = values
            GSL.sortAscending(&copy)
            sorted = copy
            cumulative = nil
            mean = GSL.mean(values)
            sd = GSL.standardDeviation(values, mean: mean)
            stderr = n > 1 ? sd / Double(n).squareRoot() : 0
        }
        if let size = replicateSize, let spread = Summary.replicateStandardError(values.map { $0 }, size: size) {
            stderr = spread
        }
    }

    public var minimum: Double { sorted.first ?? 0 }
    public var maximum: Double { sorted.last ?? 0 }

    /// Position (0-based) of VaR_q in `sorted`.
    private func quantileIndex(_ q: Double) -> Int {
        let n = sorted.count
        guard n > 0 else { return 0 }
        if let cumulative {
            var lo = 0, hi = n - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] >= q * (1 - 1e-12) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        // Smallest k with k/n ≥ q; the guard keeps 0.99 × 100000 from rounding up to 99001.
        let k = Int((Double(n) * q - 1e-9).rounded(.up))
        return min(max(k, 1), n) - 1
    }

    /// VaR_q: the smallest path value whose empirical CDF reaches q.
    public func quantile(_ q: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[quantileIndex(q)]
    }

    /// Distribution-free 95% confidence interval for VaR_q from order statistics (normal
    /// approximation to the binomial count below the quantile); equal weights only, else nil.
    public func quantileInterval(_ q: Double, z: Double = 1.959964) -> (lower: Double, upper: Double)? {
        guard cumulative == nil, !sorted.isEmpty else { return nil }
        let n = Double(sorted.count)
        let half = z * (n * q * (1 - q)).squareRoot()
        let lo = max(Int((n * q - half).rounded(.down)), 1)
        let hi = min(Int((n * q + half).rounded(.up)) + 1, sorted.count)
        return (sorted[lo - 1], sorted[hi - 1])
    }

    /// Number of paths above VaR_q: the evidence a tail estimate rests on. Values within a
    /// relative 1e-12 of VaR_q are ties, not tail (a capped loss summed in a different order
    /// may differ from the cap in its last bits).
    public func tailCount(_ q: Double) -> Int {
        guard !sorted.isEmpty else { return 0 }
        let v = quantile(q)
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let x = sorted[mid]
            if x > v, x - v > Self.tieTolerance * max(abs(x), abs(v)) { hi = mid } else { lo = mid + 1 }
        }
        return sorted.count - lo
    }

    /// Relative difference under which two path values count as equal.
    public static let tieTolerance = 1e-12

    /// ES_q = 1/(1-q) ∫_q^1 VaR_u du over the empirical distribution.
    public func expectedShortfall(_ q: Double) -> Double {
        let n = sorted.count
        guard n > 0 else { return 0 }
        let k = quantileIndex(q)
        var integral = 0.0
        for i in k..<n {
            let lower = i == 0 ? 0 : cumulativeAt(i - 1)
            let upper = cumulativeAt(i)
            let width = upper - max(lower, q)
            if width > 0 { integral += sorted[i] * width }
        }
        return integral / (1 - q)
    }

    /// Monte Carlo standard error of ES_q, from ES_q ≈ VaR_q + E[(L - VaR_q)⁺] / (1 - q):
    /// sd(w (L - VaR_q)⁺) / (sqrt(n) (1 - q)), with w the importance-sampling weight (1 otherwise).
    public func expectedShortfallStderr(_ q: Double) -> Double {
        let n = values.count
        guard n > 1, q < 1 else { return 0 }
        let v = quantile(q)
        let excess: [Double]
        if let weights {
            excess = zip(values, weights).map { max($0 - v, 0) * $1 }
        } else {
            excess = values.map { max($0 - v, 0) }
        }
        return GSL.standardDeviation(excess, mean: GSL.mean(excess)) / Double(n).squareRoot() / (1 - q)
    }

    private func cumulativeAt(_ i: Int) -> Double {
        cumulative?[i] ?? Double(i + 1) / Double(sorted.count)
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

    /// P(value > x) with its standard error.
    public func exceedance(_ x: Double) -> (p: Double, stderr: Double) {
        let n = Double(values.count)
        guard n > 0 else { return (0, 0) }
        if weights == nil, let size = replicateSize {
            let indicators = values.map { $0 > x ? 1.0 : 0.0 }
            let p = GSL.mean(indicators)
            return (p, Summary.replicateStandardError(indicators, size: size) ?? (p * (1 - p) / n).squareRoot())
        }
        if let weights {
            let terms = zip(values, weights).map { $0 > x ? $1 : 0 }
            let p = GSL.mean(terms)
            return (p, values.count > 1 ? GSL.standardDeviation(terms, mean: p) / n.squareRoot() : 0)
        }
        var lo = 0, hi = sorted.count
        while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] > x { hi = mid } else { lo = mid + 1 } }
        let p = Double(sorted.count - lo) / n
        return (p, (p * (1 - p) / n).squareRoot())
    }
}
