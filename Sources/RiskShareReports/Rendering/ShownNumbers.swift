import Foundation
import RiskShareKit
import RiskShareSupport

/// A number shown in a readable report, with where it comes from: shown = value / scale rounded
/// to `decimals`. Tests parse the numbers back out of the text and check each against the
/// model through `pointer`.
public struct ShownNumber: Sendable, Equatable {
    /// The text as printed, e.g. "1,349.35" or "3.21%".
    public var text: String
    /// The value it shows, in model units (currency, fraction, count).
    public var value: Double
    /// JSON pointer (RFC 6901) of the value in report.json (the encoded model); nil for a value
    /// derived from several (a share of the expected gross loss) or fixed by the method.
    public var pointer: String?
    /// Model units per shown unit (1e6 for millions, 0.01 for percents, 1 for counts).
    public var scale: Double
    public var decimals: Int
}

/// Formats numbers for the readable reports and records each one as a `ShownNumber`.
public struct NumberWriter: Sendable {
    public let language: ReportLanguage
    public let currency: String
    public private(set) var shown: [ShownNumber] = []

    public init(language: ReportLanguage, currency: String) {
        self.language = language
        self.currency = currency
    }

    public func unit(for stat: DistributionSummary) -> MoneyUnit {
        MoneyUnit.fitting(stat, currency: currency, language: language)
    }

    public func unit(for amount: Double) -> MoneyUnit {
        MoneyUnit.fitting(amount, currency: currency, language: language)
    }

    private mutating func record(_ value: Double, _ pointer: String?, scale: Double, decimals: Int) -> String {
        let text = GroupedNumber.format(value / scale, decimals: decimals)
        shown.append(ShownNumber(text: text, value: value, pointer: pointer, scale: scale, decimals: decimals))
        return text
    }

    /// An amount in `unit`, without the unit label.
    public mutating func money(_ x: Double, _ unit: MoneyUnit, at pointer: String?) -> String {
        record(x, pointer, scale: unit.scale, decimals: unit.decimals)
    }

    /// An amount with its unit attached compactly, e.g. "59.12m" or "5,912.00万".
    public mutating func compactMoney(_ x: Double, _ unit: MoneyUnit, at pointer: String?) -> String {
        money(x, unit, at: pointer) + unit.suffix
    }

    /// A fraction as a percent, e.g. 0.0321 -> "3.21%".
    public mutating func percent(_ p: Double, at pointer: String?, decimals: Int = 2) -> String {
        record(p, pointer, scale: 0.01, decimals: decimals) + "%"
    }

    /// A count or plain quantity.
    public mutating func plain(_ x: Double, decimals: Int = 0, at pointer: String?) -> String {
        record(x, pointer, scale: 1, decimals: decimals)
    }

    /// A plain number in its shortest exact form (a parameter such as 0.4 or 1.5).
    public mutating func exact(_ x: Double, at pointer: String?) -> String {
        let text = NumberFormat.plain(x)
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        shown.append(ShownNumber(text: text, value: x, pointer: pointer, scale: 1, decimals: decimals))
        return text
    }

    /// A quantile level as a percent from its shortest decimal, so 0.995 reads "99.5%" (never 99.49999%).
    public mutating func level(_ q: Double, at pointer: String?) -> String {
        let key = NumberFormat.plain(q)
        guard let d = Decimal(string: key, locale: Locale(identifier: "en_US_POSIX")) else { return key }
        let text = "\(d * 100)"
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        shown.append(ShownNumber(text: text, value: q, pointer: pointer, scale: 0.01, decimals: decimals))
        return text + "%"
    }
}

/// RFC 6901 JSON pointers into report.json, built from keys and indices.
public enum Pointer {
    public static func make(_ parts: Any...) -> String {
        parts.map { "/" + "\($0)".replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }
}
