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

    private mutating func parseNumber() throws -> JSONValue {
        let start = index
        var isInteger = true
        while index < bytes.count {
            let c = bytes[index]
            if (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") { index += 1; continue }
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") {
                isInteger = false; index += 1; continue
            }
            break
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let i = Int(text) { return .integer(i) }
        guard let d = Double(text), !text.isEmpty else { throw Failure(offset: start, message: "invalid number") }
        return .number(d)
    }

    private mutating func parseString() throws -> String {
        try expect("\"")
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
        while index < bytes.count {
            let c = bytes[index]
            index += 1
            if c == UInt8(ascii: "\"") { flush(); return String(scalars) }
            if c == UInt8(ascii: "\\") {
                guard index < bytes.count else { break }
                let e = bytes[index]
                index += 1
                flush()
                switch e {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                        throw Failure(offset: index, message: "bad \\u escape")
                    }
                    index += 4
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: scalars.append(Unicode.Scalar(e))
                }
            } else {
                raw.append(c)
            }
        }
        throw Failure(offset: index, message: "unterminated string")
    }
}

extension JSONValue {
    /// Parses JSON text, keeping the order of object keys.
    public static func parse(_ text: String) throws -> JSONValue {
        var parser = JSONParser(text)
        return try parser.parseDocument()
    }
}
