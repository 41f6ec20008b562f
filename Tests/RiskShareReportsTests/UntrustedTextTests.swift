@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Text that comes from the scenario (names, descriptions) cannot act on the program that shows a
/// report: spreadsheets do not run it as a formula, terminals and browsers do not receive its
/// control characters. Numbers stay numbers.
@Suite struct UntrustedTextTests {
    @Test("report.csv cells that a spreadsheet would run as formulas get a leading quote; numbers do not", arguments: [
        ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("-0.5", "-0.5"), ("+1e-3", "+1e-3"), ("-12345678.25", "-12345678.25"), ("loss", "loss"), ("", ""),
        ("=a,b", "\"'=a,b\""),
    ])
    func neutralisedCells(cell: String, written: String) {
        #expect(CSVReport.field(cell) == written)
    }

    static func run(segment: String, description: String, method: String = "") throws -> (Simulation, PathTable, Report) {
        let scenario = try TestScenarios.load("""
        name: untrusted
        description: "\(description)"
        simulation: {paths: 300, seed: 3\(method)}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: "\(segment)", count: 200, exposure: 1.0e6, pd: 0.05, lgd: 0.5, loadings: {economy: 0.4}}
        """)
        let simulation = Simulation(scenario: scenario)
        let table = try #require(simulation.run(threads: 1))
        return (simulation, table, ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 1, elapsedSeconds: 0)))
    }

    @Test("a segment named like a formula is neutralised in report.csv")
    func formulaSegmentName() throws {
        let (_, _, report) = try Self.run(segment: "=HYPERLINK(x)", description: "plain")
        let csv = CSVReport.render(report: report)
        #expect(csv.contains("portfolio,'=HYPERLINK(x),"))
        #expect(!csv.contains(",=HYPERLINK"))
    }

    @Test("control characters of a description are written as visible escapes in report.md and report.html")
    func descriptionControls() throws {
        let (_, table, report) = try Self.run(segment: "a", description: "bell\\u0007 and \\u001B[31mred\\u001B[0m\\nsecond line")
        let files = ReportFormats.render(report: report, table: table)
        for (name, text) in files where name.hasSuffix(".md") || name.hasSuffix(".html") {
            #expect(!text.unicodeScalars.contains { $0.value == 0x07 || $0.value == 0x1B }, "\(name) holds a raw control character")
            #expect(text.contains("bell\\u{7} and \\u{1b}[31mred\\u{1b}[0m"), "\(name)")
        }
        #expect(MarkdownDocument.visibleControls("a\nb\tc") == "a\nb\tc")
        #expect(MarkdownDocument.visibleControls("a\u{85}b\u{2028}c\rd") == "a\\u{85}b\\u{2028}c\\u{d}d")
    }

    @Test("under importance sampling the --paths-out file carries each path's weight, which reproduces the reported mean")
    func weightsInPathsCSV() throws {
        let (simulation, table, report) = try Self.run(segment: "a", description: "is",
                                                       method: ", method: importance_sampling, importance_sampling: {target_probability: 0.01}")
        let csv = PathsCSV.render(table: table, horizon: 1, parties: simulation.plan.parties)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines[0].last == "weight")
        let weights = try #require(table.weights)
        #expect(lines.dropFirst().map { Double($0.last!)! } == weights)
        let grossColumn = try #require(lines[0].firstIndex(of: "gross_loss"))
        let mean = lines.dropFirst().reduce(0.0) { $0 + Double($1[grossColumn])! * Double($1.last!)! } / Double(lines.count - 1)
        let reported = try #require(report.json["gross_loss"]?["mean"]?.doubleValue)
        #expect(abs(mean - reported) <= 1e-9 * reported)
        // Plain Monte Carlo has no weights and no weight column.
        let (plain, plainTable, _) = try Self.run(segment: "a", description: "mc")
        #expect(!PathsCSV.render(table: plainTable, horizon: 1, parties: plain.plan.parties).hasPrefix("path,gross_loss,defaults,gross_loss_y1,bank,weight"))
    }
}
