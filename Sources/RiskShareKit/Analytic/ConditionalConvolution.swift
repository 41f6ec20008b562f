/// Loans that share a conditional default probability p(z) and a loss distribution on the
/// lattice. Given the factor they are independent, so their loss is a sum of i.i.d. terms.
struct LoanClass: Sendable {
    /// Default threshold c = Φ⁻¹(PD) (±∞ for PD 0 or 1).
    var threshold: Double
    /// Loading a on the single factor.
    var loading: Double
    /// Number of loans in the class.
    var count: Int
    /// Loss of a defaulted loan in lattice units, with probabilities summing to 1: one point
    /// for a fixed LGD (≥ 1 unit: loans whose loss rounds to 0 are dropped), a few for a
    /// discretised Beta LGD (a low point may round to 0 units).
    var outcomes: [(units: Int, probability: Double)]

    /// (p, 1 - p) with p = Φ((c - a z) / sqrt(1 - a²)), both computed directly for accuracy.
    func conditionalPD(_ z: Double) -> (p: Double, q: Double) {
        if threshold == -.infinity { return (0, 1) }
        if threshold == .infinity { return (1, 0) }
        let w = (1 - loading * loading).squareRoot()
        let x = threshold - loading * z
        if w <= 0 { return x > 0 ? (1, 0) : (0, 1) }
        return (GSL.normalCDF(x / w), GSL.normalSurvival(x / w))
    }
}

/// The conditional loss distribution given the factor, built in place on a lattice buffer by
/// convolving the loan classes one after the other. Entries below `negligible` at either end
/// of the support are dropped after each step (at most `negligible` each, so the mass lost per
/// factor value is below (classes + loans) × lattice points × 1e-30).
struct ConditionalConvolution {
    static let negligible = 1e-30

    /// Probabilities; only `lo...hi` is meaningful.
    private(set) var buffer: [Double]
    private(set) var lo = 0
    private(set) var hi = 0
    private var scratch: [Double]
    /// The current class's distribution, and powers g^{*d} of a multi-point loss.
    private var classBuffer: [Double]
    private var power: [Double]
    private var next: [Double]

    init(latticePoints: Int) {
        buffer = [Double](repeating: 0, count: latticePoints)
        scratch = [Double](repeating: 0, count: latticePoints)
        classBuffer = [Double](repeating: 0, count: latticePoints)
        power = [Double](repeating: 0, count: latticePoints)
        next = [Double](repeating: 0, count: latticePoints)
    }

    /// Resets to the point mass at 0 and convolves every class at factor value z.
    mutating func compute(classes: [LoanClass], z: Double) {
        lo = 0; hi = 0; buffer[0] = 1
        for c in classes {
            let (p, q) = c.conditionalPD(z)
            if p <= 0 { continue }
            if c.count == 1 {
                addLoan(p: p, q: q, outcomes: c.outcomes)
            } else {
                addClass(n: c.count, p: p, q: q, outcomes: c.outcomes)
            }
        }
    }

    /// Convolves with one loan that loses outcomes[j].units with probability p·outcomes[j].probability.
    /// Runs downward in place: entry k is written after every entry it reads (k and k - u, u ≥ 1).
    private mutating func addLoan(p: Double, q: Double, outcomes: [(units: Int, probability: Double)]) {
        let top = hi + (outcomes.map(\.units).max() ?? 0)
        let (oldLo, oldHi) = (lo, hi)
        buffer.withUnsafeMutableBufferPointer { b in
            for k in stride(from: top, through: oldLo, by: -1) {
                var v = k <= oldHi ? q * b[k] : 0
                for (u, w) in outcomes {
                    let j = k - u
                    if j >= oldLo && j <= oldHi { v += p * w * b[j] }
                }
                b[k] = v
            }
        }
        hi = top
        trim()
    }

    /// Binomial(n, p) PMF from GSL (`gsl_ran_binomial_pdf`), kept where it is at least
    /// `negligible`: the first count kept and the probabilities from there on. Computed from the
    /// mode outward; with p > 1/2 as the mirror image of the survivors' Binomial(n, 1 - p), so
    /// that 1 - p keeps its precision.
    private func binomialPMF(n: Int, p: Double, q: Double) -> (first: Int, pmf: [Double]) {
        let flip = p > 0.5
        let r = flip ? q : p
        let mode = min(n, Int((Double(n + 1) * r).rounded(.down)))
        func pmf(_ m: Int) -> Double { GSL.binomialPMF(m, p: r, n: n) }
        var below: [Double] = []
        var m = mode - 1
        while m >= 0 { let v = pmf(m); if v < Self.negligible { break }; below.append(v); m -= 1 }
        var counts = Array(below.reversed())
        let first = mode - below.count
        counts.append(pmf(mode))
        m = mode + 1
        while m <= n { let v = pmf(m); if v < Self.negligible { break }; counts.append(v); m += 1 }
        // Defaults j = m, or n - m when flipped.
        return flip ? (n - (first + counts.count - 1), counts.reversed()) : (first, counts)
    }

    /// Convolves with n i.i.d. loans that each default with probability p and then lose
    /// outcomes[j].units with probability outcomes[j].probability. The class's loss is
    /// Σ_d Binomial(n, p)(d) · g^{*d}, g the loss of one defaulted loan (g^{*d} = units·d for a
    /// fixed LGD; for several outcomes the powers are built up to the largest d kept). The
    /// class's distribution is then convolved with the running one.
    private mutating func addClass(n: Int, p: Double, q: Double, outcomes: [(units: Int, probability: Double)]) {
        let (dLo, weights) = binomialPMF(n: n, p: p, q: q)
        let dHi = dLo + weights.count - 1
        var cLo: Int, cHi: Int
        if outcomes.count == 1 {
            let u = outcomes[0].units
            cLo = dLo * u; cHi = dHi * u
            classBuffer.withUnsafeMutableBufferPointer { c in
                for k in cLo...cHi { c[k] = 0 }
                for (i, w) in weights.enumerated() { c[(dLo + i) * u] += w }
            }
        } else {
            // g^{*d} in `power` on pLo...pHi, built by repeated convolution with g.
            var pLo = 0, pHi = 0
            power[0] = 1
            cLo = Int.max; cHi = -1
            let maxUnits = outcomes.map(\.units).max() ?? 0
            let minUnits = outcomes.map(\.units).min() ?? 0
            for d in 0...dHi {
                if d > 0 {
                    // power ← power * g, written into `next` then swapped.
                    let nLo = pLo + minUnits, nHi = pHi + maxUnits
                    power.withUnsafeBufferPointer { a in
                        next.withUnsafeMutableBufferPointer { b in
                            for k in nLo...nHi { b[k] = 0 }
                            for (u, w) in outcomes {
                                for k in pLo...pHi { b[k + u] += w * a[k] }
                            }
                        }
                    }
                    swap(&power, &next)
                    pLo = nLo; pHi = nHi
                    while pHi > pLo, power[pHi] < Self.negligible { pHi -= 1 }
                    while pLo < pHi, power[pLo] < Self.negligible { pLo += 1 }
                }
                if d >= dLo {
                    let w = weights[d - dLo]
                    if cHi < 0 {
                        cLo = pLo; cHi = pHi
                        for k in cLo...cHi { classBuffer[k] = 0 }
                    }
                    if pHi > cHi { for k in (cHi + 1)...pHi { classBuffer[k] = 0 }; cHi = pHi }
                    if pLo < cLo { for k in pLo..<cLo { classBuffer[k] = 0 }; cLo = pLo }
                    power.withUnsafeBufferPointer { a in
                        classBuffer.withUnsafeMutableBufferPointer { c in
                            for k in pLo...pHi { c[k] += w * a[k] }
                        }
                    }
                }
            }
        }
        // Running distribution ← running * class.
        let (oldLo, oldHi) = (lo, hi)
        let newLo = oldLo + cLo, newHi = oldHi + cHi
        if oldLo == oldHi && buffer[oldLo] == 1 {
            buffer.withUnsafeMutableBufferPointer { b in
                classBuffer.withUnsafeBufferPointer { c in
                    for k in newLo...newHi { b[k] = c[k - oldLo] }
                }
            }
        } else {
            for k in oldLo...oldHi { scratch[k] = buffer[k] }
            scratch.withUnsafeBufferPointer { s in
                classBuffer.withUnsafeBufferPointer { c in
                    buffer.withUnsafeMutableBufferPointer { b in
                        for k in newLo...newHi { b[k] = 0 }
                        for i in cLo...cHi where c[i] != 0 {
                            let w = c[i]
                            for k in oldLo...oldHi { b[k + i] += w * s[k] }
                        }
                    }
                }
            }
        }
        lo = newLo; hi = newHi
        trim()
    }

    /// Drops negligible entries at both ends of the support.
    private mutating func trim() {
        while hi > lo, buffer[hi] < Self.negligible { hi -= 1 }
        while lo < hi, buffer[lo] < Self.negligible { lo += 1 }
    }
}
