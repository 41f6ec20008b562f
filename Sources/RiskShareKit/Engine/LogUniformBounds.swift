import Foundation

/// Bounds on log(u) for the 32-bit uniforms u = w·2⁻³² (w ≥ 1) of the geometric gaps, from a
/// table of log1p(k/2048), so that most gaps 1 + ⌊log(u)/log(1 - p)⌋ are known without
/// calling log: the bounds give an interval for the quotient, and when its two ends truncate to
/// the same integer that is the gap the exact computation gives (truncation and the rounding
/// of a division by the same negative number are monotone). Otherwise the caller evaluates log.
///
/// With w = 2^(31-s)·(1 + f), f in [k/2048, (k+1)/2048): log(u) = -(1 + s)·ln 2 + log1p(f),
/// between -(1 + s)·ln 2 + log1p(k/2048) and -(1 + s)·ln 2 + log1p((k+1)/2048), each widened by
/// 10⁻¹² (the rounding of these sums and of glibc's log, within one unit in the last place of
/// |log u| ≤ 22.2, is below 10⁻¹⁴). The quotient's interval is about 5·10⁻⁴ / |log(1 - p)| wide,
/// so for the groups' usual PDs (above 1%) at most a few percent of gaps need log.
struct LogUniformBounds {
    static let bits = 11
    static let margin = 1e-12
    /// log1p(k / 2^bits) for k = 0 ... 2^bits.
    private let table: WorkingBuffer<Double>

    init() {
        let cells = 1 << Self.bits
        table = WorkingBuffer((0...cells).map { log1p(Double($0) / Double(cells)) })
    }

    /// Bounds (lower, upper) on log(w · 2⁻³²) as glibc's `log` computes it; w ≥ 1.
    @inline(__always) func bounds(word w: UInt32) -> (lower: Double, upper: Double) {
        let shift = w.leadingZeroBitCount
        let k = Int(
            truncatingIfNeeded: ((w << UInt32(truncatingIfNeeded: shift)) >> UInt32(31 - Self.bits)) & ((1 << UInt32(Self.bits)) - 1))
        let base = Double(-1 - shift) * M_LN2
        return (base + table.base[k] - Self.margin, base + table.base[k + 1] + Self.margin)
    }

    /// The gap 1 + ⌊log(u)/log(1 - p)⌋ for u = w·2⁻³² when the bounds settle it (below 10¹⁵,
    /// the cap of `RandomStream.geometricGap`), nil otherwise. `logOneMinusP` < 0.
    @inline(__always) func gap(word w: UInt32, logOneMinusP: Double) -> Int? {
        let log = bounds(word: w)
        // The quotient is positive, so 0 bounds it below even where the upper bound of log(u) is not negative.
        let low = max(log.upper / logOneMinusP, 0), high = log.lower / logOneMinusP
        guard high < 1e15 - 1 else { return nil }
        let gap = Int(low)
        return gap == Int(high) ? gap + 1 : nil
    }
}
