/// A CSV reader for small tables exported from spreadsheets (default-rate series): quoted fields
/// with embedded commas, quotes and newlines, CRLF line ends and a UTF-8 byte-order mark. Text
/// after a closing quote is refused, as RFC 4180 has it. Loan tapes, which can be large, are read
/// by the streaming `LoanTapeReader` instead.
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
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.unicodeScalars.append("\""); i += 1
                    } else {
                        inQuotes = false
                        // RFC 4180: a closing quote ends the field; only a separator or a line end may follow.
                        if i + 1 < scalars.count, !",\r\n".unicodeScalars.contains(scalars[i + 1]) {
                            throw ScenarioError(file: file, path: "", line: line, value: nil, message: "has text after a closing quote")
                        }
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case "\"":
                    if field.isEmpty && !fieldWasQuoted {
                        inQuotes = true; fieldWasQuoted = true
                    } else {
                        throw ScenarioError(file: file, path: "", line: line, value: nil, message: "has a quote inside an unquoted field")
                    }
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
