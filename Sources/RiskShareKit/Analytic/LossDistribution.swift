/// The distribution of a loss that takes values on a lattice 0, h, 2h, … (h in currency units):
/// `probabilities[k]` = P(L = k·h). Statistics follow the Monte Carlo `Summary` definitions:
/// VaR_q is the smallest x with F(x) ≥ q and ES_q = 1/(1-q) ∫_q^1 VaR_u du (Acerbi-Tasche).
///
/// Tail probabilities are summed from the top of the lattice, so P(L > x) keeps full relative
/// precision far in the tail (it is never computed as 1 - F).
public struct LossDistribution: Sendable {
    /// Lattice step h (currency units).
    public let step: Double
    /// P(L = k·h) for k = 0..<probabilities.count; trailing zeros are dropped.
    public let probabilities: [Double]
    /// A bound on |L - L_lattice| valid on every outcome: Σᵢ |lossᵢ - roundedLossᵢ| over the
    /// loans (and Beta LGD points). Quantiles of the true loss lie within this distance of the
    /// lattice quantiles. 0 when every loss is a multiple of h.
    public let discretisationBound: Double
    /// How the factor integral was evaluated (nodes used, convergence).
    public let quadrature: QuadratureSummary
    /// Whether some loan's Beta LGD was replaced by a few lattice points (then the distribution
    /// is an approximation of the model's, with the exact mean).
    public let lgdDiscretised: Bool
    /// P(L ≤ k·h).
    private let cumulative: [Double]
    /// P(L > k·h), summed from the top.
    private let tail: [Double]

    /// A distribution from lattice probabilities (they should sum to 1).
    public init(
        step: Double, probabilities: [Double], discretisationBound: Double = 0,
        quadrature: QuadratureSummary = QuadratureSummary(nodes: 1, relativeChange: nil),
        lgdDiscretised: Bool = false
    ) {
        precondition(step > 0, "the lattice step must be positive")
        var p = probabilities
        while p.count > 1, p[p.count - 1] == 0 { p.removeLast() }
        if p.isEmpty { p = [1] }
        self.step = step
        self.probabilities = p
        self.discretisationBound = discretisationBound
        self.quadrature = quadrature
        self.lgdDiscretised = lgdDiscretised
        var running = 0.0
        cumulative = p.map {
            running += $0; return running
        }
        var above = [Double](repeating: 0, count: p.count)
        var sum = 0.0
        for k in stride(from: p.count - 1, through: 0, by: -1) {
            above[k] = sum
            sum += p[k]
        }
        tail = above
    }

    /// Number of lattice points kept (the largest loss with non-zero probability is (count-1)·h).
    public var count: Int { probabilities.count }

    /// Loss at lattice point k.
    public func loss(at k: Int) -> Double { Double(k) * step }

    /// Σ P(L = k·h); 1 up to rounding.
    public var totalProbability: Double { cumulative.last ?? 0 }

    /// Lattice index of the largest lattice point ≤ x (a point within 1e-9·h above x counts as
    /// equal, so losses written in decimal hit their lattice point); -1 below 0.
    private func index(atOrBelow x: Double) -> Int {
        let r = (x / step + 1e-9).rounded(.down)
        if r < 0 { return -1 }
        if r >= Double(count - 1) { return count - 1 }
        return Int(r)
    }

    /// P(L ≤ x).
    public func cdf(_ x: Double) -> Double {
        let k = index(atOrBelow: x)
        return k < 0 ? 0 : cumulative[k]
    }

    /// P(L > x), accurate in the far tail.
    public func exceedance(_ x: Double) -> Double {
        let k = index(atOrBelow: x)
        return k < 0 ? 1 : tail[k]
    }

    /// Lattice index of VaR_q: the smallest k with F(k·h) ≥ q, i.e. P(L > k·h) ≤ 1 - q. A relative
    /// tolerance of 1e-9 on 1 - q absorbs rounding in the sums.
    private func quantileIndex(_ q: Double) -> Int {
        let allowed = (1 - q) * (1 + 1e-9) + 1e-300
        var lo = 0, hi = count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if tail[mid] <= allowed { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// VaR_q: the smallest lattice loss x with P(L ≤ x) ≥ q.
    public func quantile(_ q: Double) -> Double { loss(at: quantileIndex(q)) }

    /// ES_q = 1/(1-q) ∫_q^1 VaR_u du = (E[L; L > VaR_q] + VaR_q·(P(L ≤ VaR_q) - q)) / (1 - q).
    public func expectedShortfall(_ q: Double) -> Double {
        guard q < 1 else { return maximum }
        let k = quantileIndex(q)
        var above = 0.0
        for j in stride(from: count - 1, to: k, by: -1) { above += loss(at: j) * probabilities[j] }
        // P(L ≤ VaR) - q = (1 - q) - P(L > VaR), written so that it stays accurate as q → 1.
        let atQuantile = max(0, (1 - q) - tail[k])
        return (above + loss(at: k) * atQuantile) / (1 - q)
    }

    /// E[L].
    public var mean: Double {
        var m = 0.0
        for k in 0..<count { m += Double(k) * probabilities[k] }
        return m * step / totalProbability
    }

    /// Standard deviation of L.
    public var sd: Double {
        let m = mean / step
        var v = 0.0
        for k in 0..<count { let d = Double(k) - m; v += d * d * probabilities[k] }
        return (v / totalProbability).squareRoot() * step
    }

    /// Smallest loss with non-zero probability.
    public var minimum: Double { loss(at: probabilities.firstIndex { $0 > 0 } ?? 0) }

    /// Largest loss with a probability representable in Double (non-zero after rounding).
    public var maximum: Double { loss(at: count - 1) }
}

/// How the integral over the systematic factor was evaluated.
public struct QuadratureSummary: Sendable, Equatable {
    /// Factor values at which the conditional distribution was computed.
    public var nodes: Int
    /// For the adaptive rule: the largest relative change of P(L > x) over the lattice between
    /// the last two refinements (where P(L > x) ≥ 1e-10; below, the absolute tolerance governs), an upper estimate of the coarser
    /// rule's error; the returned, finer rule is far more accurate (the trapezoidal rule converges
    /// exponentially for these smooth integrands). nil for fixed rules and for independent loans.
    public var relativeChange: Double?

    public init(nodes: Int, relativeChange: Double?) {
        self.nodes = nodes
        self.relativeChange = relativeChange
    }
}
