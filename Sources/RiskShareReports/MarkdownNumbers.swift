import Foundation
import RiskShareKit
import RiskShareSupport

/// How report.md and report.html show numbers. Every amount is in one unit for the whole report
/// (CNY millions, or billions for very large books) with fixed decimals, so columns line up and a
/// reader never has to compare "96.6m" with "1.2bn". Probabilities and NPL ratios are percents.
///
/// The shown text is always the JSON value rounded to the shown decimals: a script can parse a
/// number back from the md or html and find it within half a unit of the last digit of report.json.
public struct MarkdownNumbers: Sendable {
    /// Currency code of the scenario (e.g. CNY).
    public let currency: String
    /// Currency units per shown unit: 1e6 (millions) or 1e9 (billions).
    public let moneyScale: Double
    /// Decimals shown for amounts.
    public let moneyDecimals: Int
    /// Unit label used in table headers and axis titles, e.g. "CNY m".
    public let moneyLabel: String
    /// Decimals shown for percentages.
    public let percentDecimals = 2

    /// Chooses millions unless the expected gross loss reaches a billion.
    public init(report: JSONValue) {
        currency = report["scenario"]?["currency"]?.stringValue ?? "CNY"
        let typical = report["gross_loss"]?["mean"]?.doubleValue ?? 0
        if abs(typical) >= 1e9 {
            moneyScale = 1e9; moneyDecimals = 3; moneyLabel = "\(currency) bn"
        } else {
            moneyScale = 1e6; moneyDecimals = 2; moneyLabel = "\(currency) m"
        }
    }

    /// An amount in the report's unit with thousands separators: 1349347167.47 -> "1,349.35".
    public func money(_ x: Double) -> String {
        Self.grouped(x / moneyScale, decimals: moneyDecimals)
    }

    /// A probability or ratio as a percent: 0.0321 -> "3.21%".
    public func percent(_ p: Double) -> String {
        guard p.isFinite else { return "n/a" }
        return Self.grouped(p * 100, decimals: percentDecimals) + "%"
    }

    /// A count or other plain quantity with the given decimals.
    public func plain(_ x: Double, decimals: Int) -> String { Self.grouped(x, decimals: decimals) }

    /// Fixed decimals with a comma every three integer digits; "n/a" for missing values.
    /// Negative zero is printed as 0 so that rounding noise never shows a sign.
    static func grouped(_ x: Double, decimals: Int) -> String {
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

    /// A quantile level key as a percent label: "0.995" -> "99.5%". Works on the key text so
    /// that binary rounding never shows 99.49999%.
    public static func levelLabel(_ key: String) -> String {
        guard let d = Decimal(string: key, locale: Locale(identifier: "en_US_POSIX")) else { return key }
        return "\(d * 100)%"
    }

    /// Parses a number shown by this type back to a Double ("1,349.35" -> 1349.35,
    /// "3.21%" -> 3.21). Used by scripts and tests that check the shown numbers.
    public static func parseShown(_ text: String) -> Double? {
        Double(
            text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "")
                .trimmingCharacters(in: .whitespaces))
    }
}

extension JSONValue {
    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Members of an object in document order.
    public var members: [(String, JSONValue)]? {
        if case .object(let m) = self { return m }
        return nil
    }

    /// Items of an array.
    public var items: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// Whether this is a STAT object (the summary of a quantity over the paths).
    public var isStat: Bool { self["mean"] != nil && self["sd"] != nil && self["quantiles"] != nil }

    /// Whether this is a probability estimate `{p, stderr}`.
    public var isProbability: Bool { self["p"]?.doubleValue != nil && self["mean"] == nil }

    /// The value at an RFC 6901 JSON pointer (`/years/0/npl_ratio/mean`); "" is the whole value.
    public func at(pointer: String) -> JSONValue? {
        guard !pointer.isEmpty else { return self }
        var current: JSONValue? = self
        for raw in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object?: current = current?[token]
            case .array?: current = Int(token).flatMap { current?[$0] }
            default: return nil
            }
        }
        return current
    }

    /// Escapes a key for use in a JSON pointer.
    static func pointerToken(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
