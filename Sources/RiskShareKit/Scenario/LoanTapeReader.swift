import Foundation
import RiskShareSupport

/// Reads a CSV loan tape in one streaming pass, in chunks, parsing each row straight into the
/// tape's columns, so memory is the columns themselves (about 40 bytes per loan for
/// `id,exposure,pd,lgd`) and not the file: the whole text is never held.
///
/// The CSV dialect is the one spreadsheets export: fields separated by commas, optionally quoted
/// with `"` (a quoted field may hold commas, line breaks and `""` for a quote), CRLF or LF line
/// ends, an optional UTF-8 byte-order mark, blank rows ignored, surrounding spaces trimmed.
///
/// Before parsing, a first pass counts the file's line breaks (an upper bound on its rows) so the
/// memory the columns will take is checked against the memory available before any of it is
/// allocated, and the columns are reserved at once instead of growing by doubling.
struct LoanTapeReader {
    /// Bytes read from the file at a time.
    static let chunkSize = 1 << 20

    /// Reads the tape at `path` (already opened), hashing every byte into `hasher`. `check` is
    /// given an upper bound on the loans (rows after the header) and the header's columns before
    /// the columns are allocated.
    static func read(
        _ input: InputFile, file: String, hasher: inout SHA256,
        check: @escaping (_ rows: Int, _ columns: Set<String>) throws -> Void = { _, _ in }
    ) throws -> LoanTape {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        func fail(_ failure: InputFile.Failure) -> ScenarioError {
            ScenarioError(file: file, path: "", line: nil, value: nil, message: failure.description)
        }
        // Pass 1: count line breaks and read the header row's column names.
        var lineBreaks = 0
        var head: [UInt8] = []
        do {
            while true {
                let n = try input.read(into: buffer)
                if n == 0 { break }
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                for byte in bytes where byte == 10 { lineBreaks += 1 }
                if head.count < 65_536 { head.append(contentsOf: bytes.prefix(65_536 - head.count)) }
            }
            try input.rewind()
        } catch let failure as InputFile.Failure {
            throw fail(failure)
        }
        var reader = LoanTapeReader(file: file)
        reader.rowsUpperBound = lineBreaks + 1
        reader.check = check
        do {
            while true {
                let n = try input.read(into: buffer)
                if n == 0 { break }
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                hasher.update(bytes)
                try reader.consume(bytes)
            }
        } catch let failure as InputFile.Failure {
            throw fail(failure)
        }
        return try reader.finish()
    }

    /// Reads a tape held in memory, `chunk` bytes at a time (tests use tiny chunks to cut rows,
    /// quotes and the byte-order mark at every position).
    static func read(bytes: [UInt8], file: String, hasher: inout SHA256, chunk: Int = chunkSize) throws -> LoanTape {
        hasher.update(bytes)
        var reader = LoanTapeReader(file: file)
        reader.rowsUpperBound = bytes.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
        try bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                try reader.consume(UnsafeRawBufferPointer(rebasing: all[start..<min(start + chunk, all.count)]))
                start += chunk
            }
        }
        return try reader.finish()
    }

    // MARK: State

    let file: String
    var rowsUpperBound = 0
    var check: (Int, Set<String>) throws -> Void = { _, _ in }

    private var tape: LoanTape
    /// Column index of each known column name, from the header.
    private var header: [String]?
    private var columns = Columns()
    private struct Columns {
        var id = 0, exposure = 0, pd = 0
        var lgd: Int?, lgdSD: Int?, term: Int?, firstLoan: Int?, stage: Int?, product: Int?, rate: Int?
    }

    /// The row being assembled: its bytes, and where each of its fields ends.
    private var row: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var fieldStart = 0
    private var inQuotes = false
    /// A quote seen inside quotes: the next byte decides between `""` and the closing quote.
    private var quotePending = false
    private var fieldWasQuoted = false
    private var line = 1
    private var rowLine = 1
    /// Bytes of the byte-order mark matched so far at the start of the file; -1 once past it.
    private var byteOrderMarkMatched = 0
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private init(file: String) {
        self.file = file
        tape = LoanTape(file: file, ids: LoanIDs(), exposure: [], pd: [])
        row.reserveCapacity(4096)
        fieldEnds.reserveCapacity(16)
    }

    private func error(_ message: String, line: Int?, path: String = "", value: String? = nil) -> ScenarioError {
        ScenarioError(file: file, path: path, line: line, value: value, message: message)
    }

    // MARK: Bytes to rows

    private mutating func consume(_ chunk: UnsafeRawBufferPointer) throws {
        var bytes = chunk[...]
        // A byte-order mark (EF BB BF) opening the file is skipped, even when a chunk splits it.
        while byteOrderMarkMatched >= 0, let first = bytes.first {
            if first == Self.byteOrderMark[byteOrderMarkMatched] {
                byteOrderMarkMatched += 1
                bytes = bytes.dropFirst()
                if byteOrderMarkMatched == 3 { byteOrderMarkMatched = -1 }
            } else {
                let seen = Array(Self.byteOrderMark.prefix(byteOrderMarkMatched))
                byteOrderMarkMatched = -1
                try seen.withUnsafeBytes { try consume($0) }
            }
        }
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let c = chunk[i]
            if quotePending {
                quotePending = false
                if c == UInt8(ascii: "\"") { row.append(c); i += 1; continue }
                inQuotes = false
            }
            if inQuotes {
                // Copy up to the next quote or line break in one step.
                var j = i
                while j < end, chunk[j] != UInt8(ascii: "\""), chunk[j] != 10 { j += 1 }
                row.append(contentsOf: chunk[i..<j])
                if j < end {
                    if chunk[j] == 10 { line += 1; row.append(10) } else { quotePending = true }
                    j += 1
                }
                i = j
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                guard row.count == fieldStart && !fieldWasQuoted else {
                    throw error("has a quote inside an unquoted field", line: line)
                }
                inQuotes = true
                fieldWasQuoted = true
                i += 1
            case UInt8(ascii: ","):
                endField()
                i += 1
            case 13:
                i += 1
            case 10:
                endField()
                try endRow()
                line += 1
                rowLine = line
                i += 1
            default:
                var j = i + 1
                while j < end {
                    let d = chunk[j]
                    if d == 10 || d == 13 || d == UInt8(ascii: ",") || d == UInt8(ascii: "\"") { break }
                    j += 1
                }
                row.append(contentsOf: chunk[i..<j])
                i = j
            }
        }
    }

    private mutating func endField() {
        fieldEnds.append(row.count)
        fieldStart = row.count
        fieldWasQuoted = false
    }

    private mutating func finish() throws -> LoanTape {
        if quotePending { quotePending = false; inQuotes = false }
        if inQuotes { throw error("ends inside a quoted field", line: rowLine) }
        if row.count > fieldStart || !fieldEnds.isEmpty || fieldWasQuoted {
            endField()
            try endRow()
        }
        guard header != nil else {
            throw error("is empty; expected a header row with id,exposure,pd", line: 1)
        }
        return tape
    }

    // MARK: Rows to columns

    private mutating func endRow() throws {
        defer {
            row.removeAll(keepingCapacity: true)
            fieldEnds.removeAll(keepingCapacity: true)
            fieldStart = 0
        }
        if row.contains(where: { $0 >= 0x80 }), String(bytes: row, encoding: .utf8) == nil {
            throw error("is not UTF-8 text", line: rowLine)
        }
        if header == nil { return try readHeader() }
        if fieldEnds.count == 1, trimmed(0).isEmpty { return }
        guard fieldEnds.count == header!.count else {
            throw error("has \(fieldEnds.count) fields; the header has \(header!.count)", line: rowLine)
        }
        if tape.count >= LoanTape.maximumLoans {
            throw error("has more than \(LoanTape.maximumLoans) loans; at most \(LoanTape.maximumLoans) are supported", line: rowLine)
        }
        let c = columns
        let id = trimmed(c.id)
        guard !id.isEmpty else { throw error("must not be empty", line: rowLine, path: "column id", value: "\"\"") }
        id.withUnsafeBytes { tape.ids.append($0) }
        tape.exposure.append(try number(c.exposure, "exposure", 0...1e13, "a principal in [0, 1e13]"))
        let pd = try number(c.pd, "pd", 0...1, "a probability in [0, 1]")
        tape.pd.append(pd)
        if let k = c.lgd { tape.lgdMean!.append(try number(k, "lgd", 0...1, "an LGD in [0, 1]")) }
        if let k = c.lgdSD { tape.lgdSD!.append(try number(k, "lgd_sd", 0...0.5, "a standard deviation in [0, 0.5]")) }
        if let k = c.term {
            let t = try number(k, "term_years", 1...100, "a whole number of years in [1, 100]")
            guard t == t.rounded() else {
                throw error(
                    "must be a whole number of years in [1, 100]", line: rowLine, path: "column term_years", value: "\"\(text(k))\"")
            }
            tape.termYears!.append(Int(t))
        }
        if let k = c.firstLoan {
            let raw = text(k).lowercased()
            guard ["0", "1", "true", "false"].contains(raw) else {
                throw error("must be 0 or 1", line: rowLine, path: "column first_loan", value: "\"\(raw)\"")
            }
            tape.firstLoan!.append(raw == "1" || raw == "true")
        }
        if let k = c.stage {
            let s = text(k)
            guard SegmentSpec.stages.contains(s) else {
                throw error(
                    "must be one of \(SegmentSpec.stages.joined(separator: ", "))", line: rowLine, path: "column stage", value: "\"\(s)\"")
            }
            tape.stage!.append(s)
        }
        if let k = c.product { tape.product!.append(text(k)) }
        if let k = c.rate { tape.interestRate!.append(try number(k, "interest_rate", 0...1, "an annual rate in [0, 1]")) }
        if let means = tape.lgdMean, let sds = tape.lgdSD {
            let mean = means[means.count - 1], sd = sds[sds.count - 1]
            let loan = String(decoding: id, as: UTF8.self)
            if sd > 0 && sd < LGDModel.minimumSD(mean: mean) && mean > 0 && mean < 1 {
                throw error(
                    "is too small to sample as a Beta LGD for loan \(loan) with LGD mean \(NumberFormat.plain(mean)); use 0 for a fixed LGD, or at least \(String(format: "%.3g", LGDModel.minimumSD(mean: mean)))",
                    line: rowLine, path: "column lgd_sd", value: NumberFormat.plain(sd))
            }
            if sd > 0 && LGDModel.fromMoments(mean: mean, sd: sd) == nil {
                throw error(
                    "is impossible for loan \(loan) with LGD mean \(NumberFormat.plain(mean)); sd must be below sqrt(mean·(1-mean))",
                    line: rowLine, path: "column lgd_sd", value: NumberFormat.plain(sd))
            }
        }
    }

    private mutating func readHeader() throws {
        let names = (0..<fieldEnds.count).map { text($0).lowercased() }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            guard LoanTape.required.contains(name) || LoanTape.optional.contains(name) else {
                throw error(
                    "unknown column; allowed columns: \((LoanTape.required + LoanTape.optional).joined(separator: ", "))", line: 1,
                    value: "\"\(name)\"")
            }
            guard index[name] == nil else { throw error("column appears twice", line: 1, value: "\"\(name)\"") }
            index[name] = i
        }
        for name in LoanTape.required where index[name] == nil {
            throw error("missing required column \(name) (required: id,exposure,pd)", line: 1)
        }
        columns = Columns(
            id: index["id"]!, exposure: index["exposure"]!, pd: index["pd"]!, lgd: index["lgd"], lgdSD: index["lgd_sd"],
            term: index["term_years"], firstLoan: index["first_loan"], stage: index["stage"], product: index["product"],
            rate: index["interest_rate"])
        // The rows are at most the line breaks after the header (plus a last row without one).
        let rows = min(max(rowsUpperBound - line, 1), LoanTape.maximumLoans)
        try check(rows, Set(names))
        func reserved<T>(_ present: Int?, _ type: T.Type) -> [T]? {
            guard present != nil else { return nil }
            var column: [T] = []
            column.reserveCapacity(rows)
            return column
        }
        tape.exposure.reserveCapacity(rows)
        tape.pd.reserveCapacity(rows)
        tape.lgdMean = reserved(columns.lgd, Double.self)
        tape.lgdSD = reserved(columns.lgdSD, Double.self)
        tape.termYears = reserved(columns.term, Int.self)
        tape.firstLoan = reserved(columns.firstLoan, Bool.self)
        tape.stage = reserved(columns.stage, String.self)
        tape.product = reserved(columns.product, String.self)
        tape.interestRate = reserved(columns.rate, Double.self)
        header = names
    }

    // MARK: Fields

    /// Field `k` of the row without surrounding spaces and tabs (and, for text beyond ASCII,
    /// other Unicode spaces).
    private func trimmed(_ k: Int) -> ArraySlice<UInt8> {
        var start = k == 0 ? 0 : fieldEnds[k - 1]
        var end = fieldEnds[k]
        while start < end, row[start] == 32 || row[start] == 9 { start += 1 }
        while end > start, row[end - 1] == 32 || row[end - 1] == 9 { end -= 1 }
        let field = row[start..<end]
        if field.contains(where: { $0 >= 0x80 }) {
            let text = String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            return ArraySlice(Array(text.utf8))
        }
        return field
    }

    private func text(_ k: Int) -> String { String(decoding: trimmed(k), as: UTF8.self) }

    private func number(_ k: Int, _ name: String, _ range: ClosedRange<Double>, _ allowed: String) throws -> Double {
        let raw = text(k)
        guard let x = Double(raw), x.isFinite, range.contains(x) else {
            throw error("must be \(allowed)", line: rowLine, path: "column \(name)", value: "\"\(raw)\"")
        }
        return x
    }
}
