/// Euler allocation of a loss's expected loss and expected shortfall to the parts it is the sum
/// of (segments, stages, products, clusters): on every path L = Σ_i L_i, and
/// - EL contribution of part i: the (weighted) mean of L_i, so the contributions add up to EL;
/// - ES contribution at level q: E[L_i | L in the top 1 - q], computed with exactly the tail
///   weights of `Summary.expectedShortfall` (importance-sampling likelihood ratios included):
///   ES_q = Σ_j t_j·L_j / (1 - q), so C_i(q) = Σ_j t_j·L_ij / (1 - q) and Σ_i C_i(q) = ES_q.
///
/// The tail weight t_j of a path is the width of the CDF step of its sorted position above q:
/// t = F(x₍ₖ₎) - max(F(x₍ₖ₋₁₎), q), F(x₍ₖ₎) = k/n with equal weights and 1 - Σ_{m>k} w₍ₘ₎/n
/// under importance sampling. Paths with equal losses share their total tail weight in
/// proportion to their path weights, so the result does not depend on how ties are sorted.
public struct RiskContributions: Sendable {
    /// One part's contributions.
    public struct Part: Sendable, Equatable {
        public var name: String
        public var expectedLoss: Double
        /// Monte Carlo standard error of `expectedLoss`.
        public var expectedLossStderr: Double
        /// Contribution to ES at each of `levels`.
        public var expectedShortfall: [Double]
        /// Standard error of each ES contribution: sd_j(n·t_j·(L_ij - C_i)) / (sqrt(n)·(1 - q)), the
        /// error of a mean over a tail of fixed mass 1 - q; VaR is held at its estimate (its own
        /// uncertainty is left out).
        public var expectedShortfallStderr: [Double]
    }

    /// Quantile levels q of the ES contributions, each in (0, 1).
    public var levels: [Double]
    /// EL and ES of the total, from the same tail weights (equal to `Summary`'s to rounding).
    public var expectedLoss: Double
    public var expectedShortfall: [Double]
    public var parts: [Part]

    /// Allocates `total` to `parts`.
    /// - Parameters:
    ///   - total: the loss on each path.
    ///   - parts: (name, loss on each path); on every path the parts add up to `total`.
    ///   - weights: importance-sampling likelihood ratios, or nil for equal weights.
    ///   - replicateSize: paths per randomised-QMC replicate (standard errors of the EL
    ///     contributions from replicate means), or nil.
    ///   - levels: the ES levels, each strictly between 0 and 1.
    public init(
        total: [Double], parts: [(name: String, values: [Double])], weights: [Double]?,
        replicateSize: Int? = nil, levels: [Double]
    ) {
        precondition(parts.allSatisfy { $0.values.count == total.count }, "every part needs one value per path")
        self.levels = levels
        let n = total.count
        let totalSummary = Summary(values: total, weights: weights, replicateSize: replicateSize)
        expectedLoss = totalSummary.mean
        let order = GSL.sortIndex(total)
        let tails = levels.map { Self.tailWeights(total, weights: weights, level: $0, order: order) }
        // The paths in each tail (the only ones with a nonzero weight), ascending.
        let tailPaths = tails.map { t in (0..<n).filter { t[$0] != 0 } }
        expectedShortfall = zip(levels, tails).map { q, t in
            var sum = 0.0
            for j in 0..<n { sum += t[j] * total[j] }
            return sum / (1 - q)
        }
        self.parts = parts.map { part in
            let summary = Summary(values: part.values, weights: weights, replicateSize: replicateSize)
            var shortfall: [Double] = [], errors: [Double] = []
            for (k, q) in levels.enumerated() {
                let t = tails[k], paths = tailPaths[k]
                var sum = 0.0
                for j in paths { sum += t[j] * part.values[j] }
                let contribution = sum / (1 - q)
                // The tail's mass is exactly 1 - q, so C_i is a mean over the tail: its error comes
                // from the spread of L_i about C_i there. The terms n·t_j·(L_ij - C_i) are 0 off the
                // tail, so their mean and deviation over all n paths are summed over the tail only.
                var termSum = 0.0
                for j in paths { termSum += Double(n) * t[j] * (part.values[j] - contribution) }
                let mean = termSum / Double(n)
                var squares = Double(n - paths.count) * mean * mean
                for j in paths {
                    let d = Double(n) * t[j] * (part.values[j] - contribution) - mean
                    squares += d * d
                }
                shortfall.append(contribution)
                errors.append(n > 1 ? (squares / Double(n - 1)).squareRoot() / Double(n).squareRoot() / (1 - q) : 0)
            }
            return Part(
                name: part.name, expectedLoss: summary.mean, expectedLossStderr: summary.stderr,
                expectedShortfall: shortfall, expectedShortfallStderr: errors)
        }
    }

    /// The tail weight t_j of every path (in path order) for ES at level q; Σ_j t_j = 1 - q.
    public static func tailWeights(_ values: [Double], weights: [Double]?, level q: Double) -> [Double] {
        tailWeights(values, weights: weights, level: q, order: GSL.sortIndex(values))
    }

    /// `tailWeights` with the ascending order of `values` (GSL's index sort) already computed.
    static func tailWeights(_ values: [Double], weights: [Double]?, level q: Double, order: [Int]) -> [Double] {
        let n = values.count
        guard n > 0 else { return [] }
        // CDF at each sorted position, as in `Summary`.
        var cdf = [Double](repeating: 0, count: n)
        if let weights {
            var above = 0.0
            for k in stride(from: n - 1, through: 0, by: -1) {
                cdf[k] = min(max(1 - above / Double(n), 0), 1)
                above += weights[order[k]]
            }
        } else {
            for k in 0..<n { cdf[k] = Double(k + 1) / Double(n) }
        }
        // VaR position: the smallest k with F ≥ q (the same tolerances as `Summary.quantileIndex`).
        let start: Int
        if weights != nil {
            var lo = 0, hi = n - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cdf[mid] >= q * (1 - 1e-12) { hi = mid } else { lo = mid + 1 }
            }
            start = lo
        } else {
            let k = Int((Double(n) * q - 1e-9).rounded(.up))
            start = min(max(k, 1), n) - 1
        }
        var t = [Double](repeating: 0, count: n)
        for k in start..<n {
            let lower = k == 0 ? 0 : cdf[k - 1]
            let width = cdf[k] - max(lower, q)
            if width > 0 { t[order[k]] = width }
        }
        // Ties: equal values share their group's tail weight in proportion to their path weights.
        var k = start
        while k > 0, values[order[k - 1]] == values[order[start]] { k -= 1 }
        while k < n {
            var end = k + 1
            while end < n, values[order[end]] == values[order[k]] { end += 1 }
            if end - k > 1 {
                let members = order[k..<end]
                let mass = members.reduce(0.0) { $0 + t[$1] }
                if mass > 0 {
                    let pathWeight = members.reduce(0.0) { $0 + (weights?[$1] ?? 1) }
                    for j in members { t[j] = mass * (weights?[j] ?? 1) / pathWeight }
                }
            }
            k = end
        }
        return t
    }
}
