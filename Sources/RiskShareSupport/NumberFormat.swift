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

    /// Money in readable units: 1.23bn, 45.6m, 7.8k.
    public static func money(_ x: Double) -> String {
        let a = abs(x)
        if a >= 1e9 { return String(format: "%.3gbn", x / 1e9) }
        if a >= 1e6 { return String(format: "%.3gm", x / 1e6) }
        if a >= 1e3 { return String(format: "%.3gk", x / 1e3) }
        return String(format: "%.3g", x)
    }

    /// Percent with the given decimals: 0.0321 -> "3.21%".
    public static func percent(_ x: Double, _ digits: Int = 2) -> String {
        String(format: "%.\(digits)f%%", x * 100)
    }
}
