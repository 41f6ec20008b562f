/// The rank of VaR_q among n equally weighted values, in exact integer arithmetic.
///
/// VaR_q is the smallest value whose empirical CDF reaches q, the k-th smallest with
/// k = ⌈n·q⌉ (at least 1, at most n). The level q is read as the decimal it is written as: its
/// shortest round-trip decimal, the same text as its report key ("0.99", "1e-05"), so
/// q = a / 10^d with integers a and d and k = ⌈n·a / 10^d⌉ is computed without rounding. In
/// floating point, n·q can land just above an integer (0.999 × n for some n ≥ 5×10⁷) and pick
/// the next order statistic.
enum QuantileRank {
    /// k (1-based) with k/n ≥ q > (k-1)/n, clamped to 1...n.
    /// - Parameters:
    ///   - n: number of values, ≥ 1 (0 gives 0).
    ///   - q: level; values ≤ 0 give 1, values ≥ 1 give n.
    /// - Returns: the 1-based rank of the order statistic that is the level-q quantile.
    static func rank(count n: Int, level q: Double) -> Int {
        guard n > 0 else { return 0 }
        guard q > 0 else { return 1 }
        guard q < 1, let (digits, scale) = decimal(q) else { return n }
        // q = digits / 10^scale with digits < 10^17 and n < 2^63: n·digits < 2^120.
        guard scale <= 38 else { return 1 }  // q < 10^-21, so 0 < n·q < 1
        var power: UInt128 = 1
        for _ in 0..<scale { power *= 10 }
        let product = UInt128(n) * UInt128(digits)
        let k = (product + power - 1) / power
        return Int(min(max(k, 1), UInt128(n)))
    }

    /// q as digits × 10^-scale from its shortest round-trip decimal text; nil for non-finite q.
    static func decimal(_ q: Double) -> (digits: UInt64, scale: Int)? {
        guard q.isFinite, q >= 0 else { return nil }
        // `description` is the shortest decimal that reads back as q: "0.99", "1e-05", "5e-324".
        let text = q.description
        let parts = text.split(separator: "e", maxSplits: 1)
        var exponent = 0
        if parts.count == 2 {
            guard let e = Int(parts[1]) else { return nil }
            exponent = e
        }
        var digits: UInt64 = 0
        var fractionDigits = 0
        var afterPoint = false
        for character in parts[0] {
            if character == "." { afterPoint = true; continue }
            guard let d = character.wholeNumberValue else { return nil }
            let (times10, overflow1) = digits.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.addingReportingOverflow(UInt64(d))
            guard !overflow1, !overflow2 else { return nil }
            digits = next
            if afterPoint { fractionDigits += 1 }
        }
        var scale = fractionDigits - exponent
        // Drop trailing zeros ("1.0" is 1 × 10^0), then bring a negative scale to 0.
        while scale > 0, digits % 10 == 0, digits > 0 { digits /= 10; scale -= 1 }
        while scale < 0 {
            let (times10, overflow) = digits.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            digits = times10
            scale += 1
        }
        return (digits, scale)
    }
}
