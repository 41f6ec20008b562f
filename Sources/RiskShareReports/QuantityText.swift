import Foundation

/// One number of a known kind as a person reads it: amounts in the unit that fits them with the
/// currency ("512.3m CNY"), fractions as percents ("0.98%"), counts and plain numbers grouped,
/// never with an exponent. With an uncertainty, the decimals keep two significant digits of it.
public struct QuantityText: Sendable, Equatable {
    public var kind: QuantityKind
    public var currency: String
    /// Model units per shown unit (1e6 for "m", 0.01 for percent).
    public var scale: Double
    public var decimals: Int
    /// Written right after the number: "m", "bn", "%" or nothing.
    public var suffix: String

    /// The format for values around `magnitude`, with `uncertainty` (model units) deciding the
    /// decimals when given.
    public init(kind: QuantityKind, currency: String, magnitude: Double, uncertainty: Double? = nil) {
        self.kind = kind
        self.currency = currency
        let a = abs(magnitude)
        switch kind {
        case .money:
            (scale, suffix) = a >= 1e9 ? (1e9, "bn") : a >= 1e6 ? (1e6, "m") : a >= 1e3 ? (1e3, "k") : (1, "")
        case .fraction:
            (scale, suffix) = (0.01, "%")
        case .count, .plain:
            (scale, suffix) = (1, "")
        }
        if let u = uncertainty, u > 0, u.isFinite {
            decimals = min(8, max(0, 1 - Int(floor(log10(u / scale)))))
        } else {
            let shown = a / scale
            switch kind {
            case .money, .plain: decimals = shown > 0 ? min(6, max(0, 2 - Int(floor(log10(shown))))) : 0
            case .fraction: decimals = 2
            case .count: decimals = magnitude == magnitude.rounded() ? 0 : 1
            }
        }
    }

    /// "512.3m CNY", "0.98%", "1,234".
    public func text(_ x: Double) -> String { number(x) + currencySuffix }

    /// The number with its unit suffix but without the currency ("512.3m"), for ranges and ±.
    public func number(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        return GroupedNumber.format(x / scale, decimals: decimals) + suffix
    }

    /// " CNY" after amounts, nothing otherwise.
    public var currencySuffix: String { kind == .money ? " \(currency)" : "" }
}
