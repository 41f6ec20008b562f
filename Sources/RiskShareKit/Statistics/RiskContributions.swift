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
    /// Per level, (path, t_j) of every path with a nonzero tail weight, in ascending path order:
    /// what any further allocation at that level (e.g. `LoanContributions`) must use.
    public var tails: [[(Int, Double)]]

    /// Allocates `total` to `parts`.
    /// - Parameters:
    ///   - total: the loss on each path.
    ///   - parts: (name, loss on each path); on every path the parts add up to `total`.
    ///   - weights: importance-sampling likelihood ratios, or nil for equal weights.
    ///   - replicateSize: paths per randomised-QMC replicate (standard errors of the EL
    ///     contributions from replicate means), or nil.
    ///   - levels: the ES levels, each strictly between 0 and 1.
    ///   - valuesAtRisk: with equal weights, VaR of `total` at each level when the caller has it
    ///     already (`Summary.quantile`, the same order statistic); nil to find them here.
    ///   - totalSummary: the summary of `total` under the same weights and replicate size when
    ///     the caller has it (its mean is the expected loss, the same sum); nil to sum it here.
    public init(
        total: [Double], parts: [(name: String, values: [Double])], weights: [Double]?,
        replicateSize: Int? = nil, levels: [Double], valuesAtRisk: [Double]? = nil, totalSummary: Summary? = nil
    ) {
        precondition(parts.allSatisfy { $0.values.count == total.count }, "every part needs one value per path")
        self.levels = levels
        let n = total.count
        precondition(totalSummary == nil || totalSummary!.count == total.count, "the summary of the total")
        expectedLoss =
            totalSummary?.mean ?? Summary(values: total, weights: weights, replicateSize: replicateSize, levels: [], thresholds: []).mean
        // Per level, the paths with a nonzero tail weight in ascending path order, so that every
        // sum below adds the same terms in the same order as a sum over all paths would. Equal
        // weights need only each level's VaR; importance sampling orders every path once (its
        // CDF sums the weights above each position).
        let tails: [[(Int, Double)]]
        if let weights {
            let order = GSL.sortIndex(total)
            tails = levels.map { Self.weightedTailWeights(total, weights: weights, level: $0, order: order) }
        } else {
            let vars: [Double]
            if let valuesAtRisk {
                precondition(valuesAtRisk.count == levels.count, "one VaR per level")
                vars = valuesAtRisk
            } else {
                // The tail from the lowest level up, put apart and sorted once, gives every level's VaR.
                let starts = levels.map { QuantileRank.rank(count: n, level: $0) - 1 }
                let order = TailOrder(total, sortedFrom: starts.min() ?? n)
                vars = starts.map { n > 0 ? order.orderStatistic($0) : 0 }
            }
            tails = Self.equalTailWeights(total, levels: levels, valuesAtRisk: vars)
        }
        self.tails = tails
        expectedShortfall = zip(levels, tails).map { q, tail in
            var sum = 0.0
            for (j, t) in tail { sum += t * total[j] }
            return sum / (1 - q)
        }
        self.parts = parts.map { part in
            // The mean and its error only: no order statistics are needed.
            let summary = Summary(values: part.values, weights: weights, replicateSize: replicateSize, levels: [], thresholds: [])
            var shortfall: [Double] = [], errors: [Double] = []
            for (k, q) in levels.enumerated() {
                let tail = tails[k]
                var sum = 0.0
                for (j, t) in tail { sum += t * part.values[j] }
                let contribution = sum / (1 - q)
                // The tail's mass is exactly 1 - q, so C_i is a mean over the tail: its error comes
                // from the spread of L_i about C_i there. The terms n·t_j·(L_ij - C_i) are 0 off the
                // tail, so their mean and deviation over all n paths are summed over the tail only.
                var termSum = 0.0
                for (j, t) in tail { termSum += Double(n) * t * (part.values[j] - contribution) }
                let mean = termSum / Double(n)
                var squares = Double(n - tail.count) * mean * mean
                for (j, t) in tail {
                    let d = Double(n) * t * (part.values[j] - contribution) - mean
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
        var dense = [Double](repeating: 0, count: values.count)
        let tail: [(Int, Double)]
        if let weights {
            tail = weightedTailWeights(values, weights: weights, level: q, order: GSL.sortIndex(values))
        } else if values.isEmpty {
            tail = []
        } else {
            let start = QuantileRank.rank(count: values.count, level: q) - 1
            tail = equalTailWeights(values, level: q, valueAtRisk: TailOrder(values, sortedFrom: start).orderStatistic(start))
        }
        for (j, t) in tail { dense[j] = t }
        return dense
    }

    /// Equal weights: the tail weights from the VaR alone, without an order of the paths. With v the VaR (the value at the 0-based
    /// sorted position s = rank(n, q) - 1), a the number of paths below v and b the number at or
    /// below it, every path above v has weight 1/n and the tie group at v (sorted positions
    /// a..<b) shares b/n - max(s/n, q) equally.
    static func equalTailWeights(_ values: [Double], level q: Double, valueAtRisk v: Double) -> [(Int, Double)] {
        equalTailWeights(values, levels: [q], valuesAtRisk: [v])[0]
    }

    /// `equalTailWeights(_:level:valueAtRisk:)` at several levels. Levels are taken in order of
    /// their VaR, and the paths at or above each VaR are kept, in path order, from those of the
    /// previous one: one pass over all paths, then passes over ever fewer, each counting the
    /// paths at and above its VaR as it keeps them.
    static func equalTailWeights(_ values: [Double], levels: [Double], valuesAtRisk: [Double]) -> [[(Int, Double)]] {
        let n = values.count, k = levels.count
        guard n > 0 else { return Array(repeating: [], count: k) }
        // A NaN VaR has no path at or above it; it goes last, after every other level.
        let order = (0..<k).sorted { a, b in
            valuesAtRisk[a] < valuesAtRisk[b] || (valuesAtRisk[b].isNaN && !valuesAtRisk[a].isNaN)
        }
        var tails = [[(Int, Double)]](repeating: [], count: k)
        values.withUnsafeBufferPointer { x in
            precondition(n <= Int(UInt32.max), "path indices are 32-bit")
            let kept = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: n)
            defer { kept.deallocate() }
            for j in 0..<n { kept[j] = UInt32(truncatingIfNeeded: j) }
            var count = n
            let above = 1 / Double(n)
            for l in order {
                let v = valuesAtRisk[l]
                // Branch-free: each path is written and kept by moving past it (the comparisons
                // go either way about as often as not).
                var atOrAbove = 0, strictlyAbove = 0
                for m in 0..<count {
                    let j = Int(kept[m])
                    kept[atOrAbove] = UInt32(truncatingIfNeeded: j)
                    atOrAbove &+= Int(asData: x[j] >= v)
                    strictlyAbove &+= Int(asData: x[j] > v)
                }
                count = atOrAbove
                // With a the paths below v and b those at or below it, the tie group at v shares b/n - max(s/n, q).
                let below = n - atOrAbove, atOrBelow = n - strictlyAbove
                let start = QuantileRank.rank(count: n, level: levels[l]) - 1
                let share = (Double(atOrBelow) / Double(n) - max(Double(start) / Double(n), levels[l])) / Double(atOrBelow - below)
                tails[l] = [(Int, Double)](unsafeUninitializedCapacity: count) { tail, initialized in
                    var written = 0
                    for m in 0..<count {
                        let j = Int(kept[m])
                        let t = x[j] > v ? above : share
                        tail[written] = (j, t)
                        written &+= Int(asData: t > 0)
                    }
                    initialized = written
                }
            }
        }
        return tails
    }

    /// Importance sampling: (path, t_j) for every path with a nonzero tail weight at level q, in
    /// ascending path order, from the ascending `order` of all paths (GSL's index sort).
    static func weightedTailWeights(_ values: [Double], weights: [Double], level q: Double, order: [Int]) -> [(Int, Double)] {
        let n = values.count
        guard n > 0 else { return [] }
        // CDF at each sorted position, as in `Summary`.
        var cdf = [Double](repeating: 0, count: n)
        var above = 0.0
        for k in stride(from: n - 1, through: 0, by: -1) {
            cdf[k] = min(max(1 - above / Double(n), 0), 1)
            above += weights[order[k]]
        }
        // VaR position: the smallest k with F ≥ q (the same rule as `Summary.quantileIndex`).
        var lo = 0, hi = n - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cdf[mid] >= q * (1 - 1e-12) { hi = mid } else { lo = mid + 1 }
        }
        let start = lo
        var t = [Double](repeating: 0, count: n)
        for k in start..<n {
            let lower = k == 0 ? 0 : cdf[k - 1]
            let width = cdf[k] - max(lower, q)
            if width > 0 { t[k] = width }
        }
        // Ties: equal values share their group's tail weight in proportion to their path weights.
        var k = start
        while k > 0, values[order[k - 1]] == values[order[start]] { k -= 1 }
        while k < n {
            var end = k + 1
            while end < n, values[order[end]] == values[order[k]] { end += 1 }
            if end - k > 1 {
                let mass = (k..<end).reduce(0.0) { $0 + t[$1] }
                if mass > 0 {
                    let pathWeight = (k..<end).reduce(0.0) { $0 + weights[order[$1]] }
                    for m in k..<end { t[m] = mass * weights[order[m]] / pathWeight }
                }
            }
            k = end
        }
        // Ascending path order without a sort: scatter the weights by path, then read them back.
        var byPath = [Double](repeating: 0, count: n)
        for k in 0..<n { byPath[order[k]] = t[k] }
        var tail: [(Int, Double)] = []
        for j in 0..<n where byPath[j] != 0 { tail.append((j, byPath[j])) }
        return tail
    }

    /// E[x | loss = VaR_q] estimated by the (weighted) mean of x over the ⌈√n⌉ paths whose loss is
    /// nearest VaR (ties by path order): a nearest-neighbour estimate whose window shrinks as n
    /// grows. Over the parts of a loss the estimates add up to the mean loss of the same paths.
    /// - Parameters:
    ///   - x: a part of the loss, one value per path.
    ///   - loss: the whole loss per path.
    ///   - weights: importance-sampling likelihood ratios, or nil.
    ///   - q: the level, in (0, 1).
    /// - Returns: the estimate (0 without paths).
    public static func valueAtRiskShare(_ x: [Double], loss: [Double], weights: [Double]?, level q: Double) -> Double {
        let n = loss.count
        let v = Summary(values: loss, weights: weights).quantile(q)
        let m = min(n, Int(Double(n).squareRoot().rounded(.up)))
        guard m > 0 else { return 0 }
        // The m-th smallest distance by selection, then the paths within it (ties by path order),
        // summed in order of (distance, path): no sort of all n paths.
        let distance = loss.map { abs($0 - v) }
        var scratch = distance
        let cutoff = scratch.withUnsafeMutableBufferPointer { buffer in
            TailOrder.select(buffer, rank: m - 1)
            return buffer[m - 1]
        }
        var within = distance.indices.filter { distance[$0] < cutoff }
        for j in distance.indices where within.count < m && distance[j] == cutoff { within.append(j) }
        let nearest = within.sorted { (distance[$0], $0) < (distance[$1], $1) }
        var sum = 0.0, mass = 0.0
        for j in nearest {
            let w = weights?[j] ?? 1
            sum += w * x[j]
            mass += w
        }
        return mass > 0 ? sum / mass : 0
    }
}
