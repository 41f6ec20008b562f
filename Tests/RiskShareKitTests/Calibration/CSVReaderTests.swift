@testable import RiskShareKit
import Testing

/// The small-table CSV reader used for default-rate series.
struct CSVReaderTests {
    @Test("quoted fields keep commas, quotes and line breaks; CRLF and a byte-order mark are accepted")
    func quoting() throws {
        let rows = try CSVReader.rows(of: "\u{FEFF}year,note\r\n2020,\"a, \"\"b\"\"\nc\"\r\n", file: "t.csv")
        #expect(rows.map(\.fields) == [["year", "note"], ["2020", "a, \"b\"\nc"]])
        #expect(rows.map(\.line) == [1, 2])
    }

    @Test("text after a closing quote is refused with the line", arguments: ["a,\"b\"c\n", "\"x\" ,y\n"])
    func textAfterClosingQuote(text: String) {
        #expect(throws: ScenarioError.self) { try CSVReader.rows(of: text, file: "t.csv") }
    }
}
