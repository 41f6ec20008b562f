/// A small JSON reader that keeps object keys in document order, so a report read back
/// compares member by member with a freshly computed one.
struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0

    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var message: String
        var description: String { "invalid JSON at byte \(offset): \(message)" }
    }

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func parseDocument() throws -> JSONValue {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw Failure(offset: index, message: "trailing characters") }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < 200 else { throw Failure(offset: index, message: "nested too deeply") }
        skipWhitespace()
        guard index < bytes.count else { throw Failure(offset: index, message: "unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(String, JSONValue)] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                let key = try parseString()
                skipWhitespace()
                try expect(":")
                members.append((key, try parseValue(depth: depth + 1)))
                skipWhitespace()
                if try consumeSeparator(closing: "}") { return .object(members) }
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                if try consumeSeparator(closing: "]") { return .array(items) }
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        default:
            return try parseNumber()
        }
    }

    private mutating func consumeSeparator(closing: Unicode.Scalar) throws -> Bool {
        guard index < bytes.count else { throw Failure(offset: index, message: "unexpected end") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; return false }
        if bytes[index] == UInt8(ascii: closing) { index += 1; return true }
        throw Failure(offset: index, message: "expected , or \(closing)")
    }

    private mutating func expect(_ c: Unicode.Scalar) throws {
        guard index < bytes.count, bytes[index] == UInt8(ascii: c) else { throw Failure(offset: index, message: "expected \(c)") }
        index += 1
    }

    private mutating func expectWord(_ word: String) throws {
        for c in word.utf8 {
            guard index < bytes.count, bytes[index] == c else { throw Failure(offset: index, message: "expected \(word)") }
            index += 1
        }
    }

    /// A number exactly as RFC 8259 section 6 writes it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Leading zeros, a leading `+`, a bare `.5` or `5.`, `NaN` and `Infinity` are refused.
    private mutating func parseNumber() throws -> JSONValue {
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - first
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else {
            throw Failure(offset: start, message: "invalid value")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                throw Failure(offset: start, message: "number with a leading zero")
            }
        } else {
            _ = digits()
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits() > 0 else { throw Failure(offset: index, message: "a decimal point needs digits after it") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw Failure(offset: index, message: "an exponent needs digits") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let i = Int(text) { return .integer(i) }
        guard let d = Double(text), d.isFinite else { throw Failure(offset: start, message: "number out of range") }
        return .number(d)
    }

    /// A string: unescaped control characters, unknown escapes, malformed UTF-8 and lone
    /// surrogates are refused; a surrogate pair written as two `\u` escapes becomes one scalar.
    private mutating func parseString() throws -> String {
        try expect("\"")
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() throws {
            guard !raw.isEmpty else { return }
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw Failure(offset: index, message: "string is not valid UTF-8")
            }
            scalars.append(contentsOf: text.unicodeScalars)
            raw.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let c = bytes[index]
            index += 1
            if c == UInt8(ascii: "\"") { try flush(); return String(scalars) }
            if c < 0x20 { throw Failure(offset: index - 1, message: "control character in a string must be escaped") }
            guard c == UInt8(ascii: "\\") else { raw.append(c); continue }
            try flush()
            guard index < bytes.count else { break }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "u"):
                let unit = try hexUnit()
                if (0xD800...0xDBFF).contains(unit) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw Failure(offset: index, message: "lone high surrogate in \\u escape")
                    }
                    index += 2
                    let low = try hexUnit()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw Failure(offset: index, message: "high surrogate not followed by a low surrogate")
                    }
                    scalars.append(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    throw Failure(offset: index, message: "lone low surrogate in \\u escape")
                } else {
                    scalars.append(Unicode.Scalar(unit)!)
                }
            default:
                throw Failure(offset: index - 1, message: "unknown escape \\\(Unicode.Scalar(e))")
            }
        }
        throw Failure(offset: index, message: "unterminated string")
    }

    /// Four hex digits of a `\u` escape.
    private mutating func hexUnit() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure(offset: index, message: "bad \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { throw Failure(offset: index, message: "bad \\u escape") }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}

extension JSONValue {
    /// Parses JSON text, keeping the order of object keys.
    public static func parse(_ text: String) throws -> JSONValue {
        var parser = JSONParser(text)
        return try parser.parseDocument()
    }
}
