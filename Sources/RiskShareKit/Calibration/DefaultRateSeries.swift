import Foundation
import RiskShareSupport

/// A history of yearly default observations for one segment, read from CSV, the input of
/// `riskshare calibrate`.
///
/// Columns: `year` plus exactly one of
/// - `default_rate`: the year's default rate, strictly between 0 and 1 (large-portfolio model);
/// - `defaults` and `loans`: counts, 0 ≤ defaults ≤ loans, loans ≥ 1 (binomial-mixture model);
/// - `npl_ratio`: a non-performing-loan stock ratio, converted to a default rate by Little's law,
///   default rate = NPL ratio / `nplDurationYears` (the average years a loan stays non-performing
///   before it is written off or sold), then treated as `default_rate`.
public struct DefaultRateSeries: Sendable, Equatable {
    /// What was observed each year.
    public enum Observations: Sendable, Equatable {
        /// Default rates in (0, 1), one per year.
        case rates([Double])
        /// Defaults and loans at the start of the year, one pair per year.
        case counts(defaults: [Int], loans: [Int])
    }

    /// The file name used in messages.
    public var file: String
    /// Calendar years, unique, in file order.
    public var years: [Int]
    public var observations: Observations
    /// Whether the rates came from an `npl_ratio` column (and were divided by the duration).
    public var convertedFromNPL: Bool

    /// Number of years observed.
    public var count: Int { years.count }

    /// Fewest years accepted: two parameters cannot be fitted from fewer.
    public static let minimumYears = 2
    /// Most years accepted, which bounds the work of a fit.
    public static let maximumYears = 1000
    /// Largest book per year accepted for counts, which bounds the log-gamma arguments.
    public static let maximumLoans = 1_000_000_000

    static let columns = ["year", "default_rate", "defaults", "loans", "npl_ratio"]

    /// Parses CSV text.
    /// - Parameters:
    ///   - text: the file's contents (quoted fields, CRLF and a byte-order mark are accepted).
    ///   - file: the name used in messages.
    ///   - nplDurationYears: the divisor of an `npl_ratio` column, in years (0.1 to 20).
    /// - Returns: the yearly observations, in year order.
    /// - Throws: `ScenarioError` naming the file, line and column of the first bad cell.
    public static func parse(text: String, file: String, nplDurationYears: Double = 1) throws -> DefaultRateSeries {
        var rows = try CSVReader.rows(of: text, file: file)
        rows.removeAll { $0.fields.count == 1 && $0.fields[0].trimmingCharacters(in: .whitespaces).isEmpty }
        guard !rows.isEmpty else {
            throw ScenarioError(
                file: file, path: "", line: 1, value: nil,
                message: "is empty; expected a header row: year plus default_rate, or defaults and loans, or npl_ratio")
        }
        let headerRow = rows.removeFirst()
        let header = headerRow.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            guard columns.contains(name) else {
                throw ScenarioError(
                    file: file, path: "column \(name)", line: headerRow.line, value: "\"\(name)\"",
                    message: "unknown column; allowed columns: \(columns.joined(separator: ", "))")
            }
            guard column[name] == nil else {
                throw ScenarioError(
                    file: file, path: "column \(name)", line: headerRow.line, value: "\"\(name)\"", message: "column appears twice")
            }
            column[name] = index
        }
        let allowedSets = "year plus exactly one of: default_rate; defaults and loans; npl_ratio"
        guard column["year"] != nil else {
            throw ScenarioError(
                file: file, path: "", line: headerRow.line, value: nil, message: "has no year column; the columns must be \(allowedSets)")
        }
        let hasRate = column["default_rate"] != nil, hasNPL = column["npl_ratio"] != nil
        let hasDefaults = column["defaults"] != nil, hasLoans = column["loans"] != nil
        let kinds = [hasRate, hasNPL, hasDefaults || hasLoans].filter { $0 }.count
        guard kinds == 1, hasDefaults == hasLoans else {
            throw ScenarioError(
                file: file, path: "", line: headerRow.line, value: "\"\(header.joined(separator: ","))\"",
                message: "has the wrong set of columns; the columns must be \(allowedSets)")
        }
        if hasNPL, !(0.1...20).contains(nplDurationYears) {
            throw ScenarioError(
                file: "--npl-duration", path: "", line: nil, value: NumberFormat.plain(nplDurationYears),
                message: "must be a duration in years in [0.1, 20]")
        }
        guard rows.count >= minimumYears, rows.count <= maximumYears else {
            throw ScenarioError(
                file: file, path: "", line: nil, value: nil,
                message: "has \(rows.count) years; between \(minimumYears) and \(maximumYears) are needed to fit PD and rho")
        }

        var years: [Int] = []
        var rates: [Double] = []
        var defaults: [Int] = [], loans: [Int] = []
        for row in rows {
            guard row.fields.count == header.count else {
                throw ScenarioError(
                    file: file, path: "", line: row.line, value: nil,
                    message: "has \(row.fields.count) fields; the header has \(header.count)")
            }
            func text(_ name: String) -> String { row.fields[column[name]!].trimmingCharacters(in: .whitespaces) }
            func fail(_ name: String, _ allowed: String) -> ScenarioError {
                ScenarioError(file: file, path: "column \(name)", line: row.line, value: "\"\(text(name))\"", message: "must be \(allowed)")
            }
            func whole(_ name: String, _ range: ClosedRange<Int>, _ allowed: String) throws -> Int {
                guard let x = Double(text(name)), x.isFinite, x == x.rounded(), x >= Double(range.lowerBound),
                    x <= Double(range.upperBound)
                else { throw fail(name, allowed) }
                return Int(x)
            }
            let year = try whole("year", 1000...9999, "a calendar year (a whole number from 1000 to 9999)")
            if years.contains(year) { throw fail("year", "a year that appears once (it repeats an earlier row)") }
            years.append(year)
            if hasRate || hasNPL {
                let name = hasRate ? "default_rate" : "npl_ratio"
                let allowed =
                    hasRate
                    ? "a default rate strictly between 0 and 1 (the large-portfolio density is 0 at 0 and 1; give defaults and loans for years without defaults)"
                    : "an NPL ratio with 0 < ratio / npl_duration (\(NumberFormat.plain(nplDurationYears))) < 1"
                guard let x = Double(text(name)), x.isFinite else { throw fail(name, allowed) }
                let rate = hasRate ? x : x / nplDurationYears
                guard rate > 0, rate < 1 else { throw fail(name, allowed) }
                rates.append(rate)
            } else {
                let n = try whole("loans", 1...maximumLoans, "a whole number of loans from 1 to \(maximumLoans)")
                let d = try whole("defaults", 0...maximumLoans, "a whole number of defaults from 0 to the year's loans")
                guard d <= n else { throw fail("defaults", "a whole number of defaults from 0 to the year's loans (\(n))") }
                loans.append(n)
                defaults.append(d)
            }
        }
        let observations: Observations = hasDefaults ? .counts(defaults: defaults, loans: loans) : .rates(rates)
        return DefaultRateSeries(file: file, years: years, observations: observations, convertedFromNPL: hasNPL)
    }

    /// Reads and parses a file; refuses a missing, non-UTF-8 or oversized file with one line.
    public static func load(file: String, nplDurationYears: Double = 1) throws -> DefaultRateSeries {
        // The size, the kind of file and the permission are checked before anything is read.
        let data: [UInt8]
        do {
            data = try InputFile(path: file, limit: 16 << 20).readAll(limit: 16 << 20)
        } catch let failure as InputFile.Failure {
            throw ScenarioError(file: file, path: "", line: nil, value: nil, message: failure.description)
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw ScenarioError(file: file, path: "", line: nil, value: nil, message: "is not UTF-8 text")
        }
        return try parse(text: text, file: file, nplDurationYears: nplDurationYears)
    }
}
