import Foundation
import RiskShareKit
import RiskShareSupport

/// The unit an amount is shown in: chosen per quantity (each party, each table row) so that its
/// typical value reads with three or four significant digits; a 59m party is shown in millions
/// even when the gross loss is in billions. English uses thousands, millions and billions;
/// Chinese uses 万 (10⁴) and 亿 (10⁸), as Chinese financial statements do.
public struct MoneyUnit: Sendable, Equatable {
    /// Currency units per shown unit (1, 1e3, 1e4, 1e6, 1e8 or 1e9).
    public var scale: Double
    /// Decimals shown.
    public var decimals: Int
    /// Label for headers, e.g. "CNY m" or "万元".
    public var label: String
    /// Short suffix written after a number in compact text, e.g. "m" or "万".
    public var suffix: String

    /// The unit for a quantity whose typical magnitude is `typical` (its mean, or its largest
    /// value when the mean is 0).
    public static func fitting(_ typical: Double, currency: String, language: ReportLanguage) -> MoneyUnit {
        let a = abs(typical)
        switch language {
        case .en:
            if a >= 1e9 { return MoneyUnit(scale: 1e9, decimals: 3, label: "\(currency) bn", suffix: "bn") }
            if a >= 1e6 || a == 0 { return MoneyUnit(scale: 1e6, decimals: 2, label: "\(currency) m", suffix: "m") }
            if a >= 1e3 { return MoneyUnit(scale: 1e3, decimals: 2, label: "\(currency) thousand", suffix: "k") }
            return MoneyUnit(scale: 1, decimals: 2, label: currency, suffix: "")
        case .zh:
            let yuan = currency == "CNY" ? "元" : " \(currency)"
            if a >= 1e8 { return MoneyUnit(scale: 1e8, decimals: 3, label: "亿\(yuan)", suffix: "亿") }
            if a >= 1e4 || a == 0 { return MoneyUnit(scale: 1e4, decimals: 2, label: "万\(yuan)", suffix: "万") }
            return MoneyUnit(scale: 1, decimals: 2, label: currency == "CNY" ? "元" : currency, suffix: "")
        }
    }

    /// The unit for a distribution: fitted to its mean, or to its maximum when the mean is 0.
    public static func fitting(_ stat: DistributionSummary, currency: String, language: ReportLanguage) -> MoneyUnit {
        fitting(stat.mean.value != 0 ? stat.mean.value : stat.maximum, currency: currency, language: language)
    }
}

/// Fixed-decimal text with a comma every three integer digits, never an exponent.
public enum GroupedNumber {
    /// 1349347167.47 with 2 decimals -> "1,349,347,167.47". Negative zero prints as 0.
    public static func format(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "n/a" }
        var text = String(format: "%.\(decimals)f", x)
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        var integer = parts[0]
        var groups: [String] = []
        while integer.count > 3 {
            groups.insert(String(integer.suffix(3)), at: 0)
            integer.removeLast(3)
        }
        groups.insert(integer, at: 0)
        var result = groups.joined(separator: ",")
        if parts.count > 1 { result += "." + parts[1] }
        if negative, result.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) { result = "-" + result }
        return result
    }

    /// Parses a number written by `format` or with a trailing % ("1,349.35" -> 1349.35).
    public static func parse(_ text: String) -> Double? {
        Double(
            text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "")
                .trimmingCharacters(in: .whitespaces))
    }
}
