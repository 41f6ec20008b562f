import Testing

@testable import RiskShareSupport

/// The JSON reader accepts exactly RFC 8259 JSON.
struct JSONParserTests {
    @Test("what JSON refuses is refused", arguments: [
        "01", "-01", "+1", ".5", "5.", "1e", "1e+", "NaN", "Infinity", "-", "0x10",
        "\"\\x\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
        "\"a\u{01}b\"", "[1,]", "{\"a\":1,}", "[1 2]", "tru", "\"open",
    ])
    func refusals(text: String) {
        #expect(throws: (any Error).self) { try JSONValue.parse(text) }
    }

    @Test("numbers, escapes and surrogate pairs are read as JSON defines them")
    func accepted() throws {
        #expect(try JSONValue.parse("0") == .integer(0))
        #expect(try JSONValue.parse("-0.5e-3") == .number(-0.0005))
        #expect(try JSONValue.parse("1E2") == .number(100))
        #expect(try JSONValue.parse("\"\\ud83d\\ude00\"") == .string("😀"))
        #expect(try JSONValue.parse("\"\\u00e9\\/\\\\\\\"\\b\\f\\n\\r\\t\"") == .string("é/\\\"\u{08}\u{0C}\n\r\t"))
        #expect(try JSONValue.parse("\"风险补偿\"") == .string("风险补偿"))
    }
}
