import Foundation
import RiskShareSupport

/// Loans read from a CSV loan tape. Required columns: `id,exposure,pd`; optional: `lgd`,
/// `lgd_sd`, `term_years`, `first_loan` (0/1), `stage`, `product`, `interest_rate`. A column
/// missing from the file takes the segment's value.
public struct LoanTape: Sendable {
    public var file: String
    public var ids: [String]
    public var exposure: [Double]
    public var pd: [Double]
    public var lgdMean: [Double]?
    public var lgdSD: [Double]?
    public var termYears: [Int]?
    public var firstLoan: [Bool]?
    public var stage: [String]?
    public var product: [String]?
    public var interestRate: [Double]?

    public var count: Int { ids.count }
    public var hasLGD: Bool { lgdMean != nil }

    static let required = ["id", "exposure", "pd"]
    static let optional = ["lgd", "lgd_sd", "term_years", "first_loan", "stage", "product", "interest_rate"]

    /// Parses CSV text. `file` is the name used in messages.
    public static func parse(text: String, file: String) throws -> LoanTape {
        var rows = try CSVReader.rows(of: text, file: file)
        guard !rows.isEmpty else {
            throw ScenarioError(file: file, path: "", line: 1, value: nil, message: "is empty; expected a header row with id,exposure,pd")
        }
        let header = rows.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            guard required.contains(name) || optional.contains(name) else {
                throw ScenarioError(file: file, path: "", line: 1, value: "\"\(name)\"",
                                    message: "unknown column; allowed columns: \((required + optional).joined(separator: ", "))")
            }
            guard column[name] == nil else {
                throw ScenarioError(file: file, path: "", line: 1, value: "\"\(name)\"", message: "column appears twice")
            }
            column[name] = index
        }
        for name in required where column[name] == nil {
            throw ScenarioError(file: file, path: "", line: 1, value: nil, message: "missing required column \(name) (required: id,exposure,pd)")
        }
        var tape = LoanTape(file: file, ids: [], exposure: [], pd: [])
        if column["lgd"] != nil { tape.lgdMean = [] }
        if column["lgd_sd"] != nil { tape.lgdSD = [] }
        if column["term_years"] != nil { tape.termYears = [] }
        if column["first_loan"] != nil { tape.firstLoan = [] }
        if column["stage"] != nil { tape.stage = [] }
        if column["product"] != nil { tape.product = [] }
        if column["interest_rate"] != nil { tape.interestRate = [] }
        for row in rows {
            let fields = row.fields
            if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard fields.count == header.count else {
                throw ScenarioError(file: file, path: "", line: row.line, value: nil,
                                    message: "has \(fields.count) fields; the header has \(header.count)")
            }
            func text(_ name: String) -> String { fields[column[name]!].trimmingCharacters(in: .whitespaces) }
            func number(_ name: String, _ range: ClosedRange<Double>, _ allowed: String) throws -> Double {
                let raw = text(name)
                guard let x = Double(raw), x.isFinite, range.contains(x) else {
                    throw ScenarioError(file: file, path: "column \(name)", line: row.line, value: "\"\(raw)\"", message: "must be \(allowed)")
                }
                return x
            }
            let id = text("id")
            guard !id.isEmpty else {
                throw ScenarioError(file: file, path: "column id", line: row.line, value: "\"\"", message: "must not be empty")
            }
            tape.ids.append(id)
            tape.exposure.append(try number("exposure", 0...1e13, "a principal in [0, 1e13]"))
            tape.pd.append(try number("pd", 0...1, "a probability in [0, 1]"))
            if tape.lgdMean != nil { tape.lgdMean!.append(try number("lgd", 0...1, "an LGD in [0, 1]")) }
            if tape.lgdSD != nil { tape.lgdSD!.append(try number("lgd_sd", 0...0.5, "a standard deviation in [0, 0.5]")) }
            if tape.termYears != nil {
                let t = try number("term_years", 1...100, "a whole number of years in [1, 100]")
                guard t == t.rounded() else {
                    throw ScenarioError(file: file, path: "column term_years", line: row.line, value: "\"\(text("term_years"))\"", message: "must be a whole number of years in [1, 100]")
                }
                tape.termYears!.append(Int(t))
            }
            if tape.firstLoan != nil {
                let raw = text("first_loan").lowercased()
                guard ["0", "1", "true", "false"].contains(raw) else {
                    throw ScenarioError(file: file, path: "column first_loan", line: row.line, value: "\"\(raw)\"", message: "must be 0 or 1")
                }
                tape.firstLoan!.append(raw == "1" || raw == "true")
            }
            if tape.stage != nil {
                let s = text("stage")
                guard SegmentSpec.stages.contains(s) else {
                    throw ScenarioError(file: file, path: "column stage", line: row.line, value: "\"\(s)\"", message: "must be one of \(SegmentSpec.stages.joined(separator: ", "))")
                }
                tape.stage!.append(s)
            }
            if tape.product != nil { tape.product!.append(text("product")) }
            if tape.interestRate != nil { tape.interestRate!.append(try number("interest_rate", 0...1, "an annual rate in [0, 1]")) }
        }
        if let means = tape.lgdMean, let sds = tape.lgdSD {
            for i in means.indices where sds[i] > 0 && sds[i] < LGDModel.minimumSD(mean: means[i]) && means[i] > 0 && means[i] < 1 {
                throw ScenarioError(file: file, path: "column lgd_sd", line: nil, value: NumberFormat.plain(sds[i]),
                                    message: "is too small to sample as a Beta LGD for loan \(tape.ids[i]) with LGD mean \(NumberFormat.plain(means[i])); use 0 for a fixed LGD, or at least \(String(format: "%.3g", LGDModel.minimumSD(mean: means[i])))")
            }
            for i in means.indices where sds[i] > 0 && LGDModel.fromMoments(mean: means[i], sd: sds[i]) == nil {
                throw ScenarioError(file: file, path: "column lgd_sd", line: nil, value: NumberFormat.plain(sds[i]),
                                    message: "is impossible for loan \(tape.ids[i]) with LGD mean \(NumberFormat.plain(means[i])); sd must be below sqrt(mean·(1-mean))")
            }
        }
        return tape
    }
}

/// A CSV reader for loan tapes exported from spreadsheets: quoted fields with embedded commas,
/// quotes and newlines, CRLF line ends and a UTF-8 byte-order mark.
enum CSVReader {
    struct Row {
        var line: Int
        var fields: [String]
    }

    static func rows(of text: String, file: String) throws -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        var fieldWasQuoted = false
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 }
                    else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case "\"":
                    if field.isEmpty && !fieldWasQuoted { inQuotes = true; fieldWasQuoted = true }
                    else { throw ScenarioError(file: file, path: "", line: line, value: nil, message: "has a quote inside an unquoted field") }
                case ",":
                    fields.append(field); field = ""; fieldWasQuoted = false
                case "\r":
                    break
                case "\n":
                    fields.append(field); field = ""; fieldWasQuoted = false
                    rows.append(Row(line: rowLine, fields: fields)); fields = []
                    line += 1; rowLine = line
                default:
                    field.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        if inQuotes { throw ScenarioError(file: file, path: "", line: rowLine, value: nil, message: "ends inside a quoted field") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            fields.append(field)
            rows.append(Row(line: rowLine, fields: fields))
        }
        return rows
    }
}
