import Foundation

/// Number formatting for people and for files that must be byte-stable.
public enum NumberFormat {
    /// Shortest round-trip decimal, without exponent for ordinary magnitudes: 0.15, 3000000, 1e-12.
    public static func plain(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// Fixed decimals.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", x)
    }

    /// Money in readable units with three significant digits: 1.23bn, 45.6m, 7.8k, 950. The unit
    /// is the largest of k, m, bn that the rounded amount reaches, so 999,960,000 is "1bn" (never
    /// "1e+03m"); amounts of a trillion and more stay in bn ("1234bn"). No exponent is ever shown.
    public static func money(_ x: Double) -> String {
        guard x.isFinite else { return plain(x) }
        let units: [(scale: Double, suffix: String)] = [(1, ""), (1e3, "k"), (1e6, "m"), (1e9, "bn")]
        var chosen = 0
        for i in units.indices where abs(x) >= units[i].scale { chosen = i }
        var text = threeSignificant(x / units[chosen].scale)
        // Rounding may reach 1000 of this unit (999.96m): show it in the next one.
        if chosen + 1 < units.count, let shown = Double(text), abs(shown) >= 1000 {
            chosen += 1
            text = threeSignificant(x / units[chosen].scale)
        }
        return text + units[chosen].suffix
    }

    /// Three significant digits for |v| ≥ 1 (two decimals below), trailing zeros removed, no
    /// exponent, no "-0".
    static func threeSignificant(_ v: Double) -> String {
        let a = abs(v)
        let decimals = a >= 99.95 ? 0 : a >= 9.995 ? 1 : 2
        var text = String(format: "%.\(decimals)f", v)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// Percent with the given decimals: 0.0321 -> "3.21%".
    public static func percent(_ x: Double, _ digits: Int = 2) -> String {
        String(format: "%.\(digits)f%%", x * 100)
    }
}
