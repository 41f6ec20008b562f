import Testing
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport

/// report.json, report.csv, report.md (English and Chinese) and the printed summary (English and
/// Chinese) of a hand-built report model are byte-identical to the committed golden files.
/// Regenerate them with
///     RISKSHARE_UPDATE_GOLDEN=1 swift test --filter ReportGoldenTests
/// and review the diff.
@Suite struct ReportGoldenTests {
    static let cases: [String] = ["model.json", "model.csv", "model.md", "model.zh.md", "summary.txt", "summary.zh.txt"]

    static func render(_ file: String, _ report: Report) -> String {
        switch file {
        case "model.json": return report.json.rendered()
        case "model.csv": return CSVReport.render(report: report)
        case "model.md": return MarkdownReport.render(report: report, language: .en)
        case "model.zh.md": return MarkdownReport.render(report: report, language: .zh)
        case "summary.txt": return TextSummary.render(report: report, language: .en)
        default: return TextSummary.render(report: report, language: .zh)
        }
    }

    @Test("renderings of the hand-built model equal the golden files", arguments: cases)
    func matchesGolden(_ file: String) throws {
        let text = Self.render(file, HandBuiltReports.scheme())
        let (expected, updated) = ReportFixtures.compareGolden(file, with: text)
        if updated { return }
        let golden = try #require(expected, "missing golden file \(file); run with RISKSHARE_UPDATE_GOLDEN=1 to create it")
        if golden != text {
            let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("\(file) differs from the golden file at line \(line + 1):\n golden: \(line < a.count ? a[line] : "<end>")\n now:    \(line < b.count ? b[line] : "<end>")")
        }
    }

    @Test("reports of a simulation do not depend on the thread count")
    func threadCountInvariance() {
        let one = ReportFixtures.golden
        let two = ReportFixtures.runGolden(threads: 2)
        for format in ReportFormat.allCases {
            let a = ReportFormats.render(report: one.report, table: one.table, formats: [format])
            let b = ReportFormats.render(report: two.report, table: two.table, formats: [format])
            #expect(a.map(\.text) == b.map(\.text), "\(format) differs between 1 and 2 threads")
        }
    }

    @Test("rendering twice gives the same bytes, and the elapsed time is shown in no file but report.json")
    func byteStable() {
        let report = HandBuiltReports.scheme()
        for language in ReportLanguage.allCases {
            let first = ReportFormats.render(report: report, table: nil, language: language)
            let second = ReportFormats.render(report: report, table: nil, language: language)
            #expect(first.map(\.text) == second.map(\.text))
            #expect(first.map(\.fileName) == ["report.json", "report.csv", "report.md", "report.html"])
            var slower = report
            slower.run.elapsedSeconds = 123.456
            let other = ReportFormats.render(report: slower, table: nil, language: language)
            for (a, b) in zip(first, other) where a.fileName != "report.json" {
                #expect(a.text == b.text, "\(a.fileName) shows the elapsed time")
            }
        }
    }

    @Test("json and csv do not depend on the language")
    func languageNeutralFiles() {
        let report = HandBuiltReports.scheme()
        let en = ReportFormats.render(report: report, table: nil, formats: [.json, .csv], language: .en)
        let zh = ReportFormats.render(report: report, table: nil, formats: [.json, .csv], language: .zh)
        #expect(en.map(\.text) == zh.map(\.text))
    }

    @Test("--format lists are parsed in canonical order and bad names are refused")
    func formatList() throws {
        #expect(try ReportFormat.parseList("md,json") == [.json, .md])
        #expect(try ReportFormat.parseList(" html , csv,html") == [.csv, .html])
        #expect(try ReportFormat.parseList("json,csv,md,html") == ReportFormat.allCases)
        #expect(throws: ReportFormat.ParseError.self) { try ReportFormat.parseList("json,pdf") }
        #expect(throws: ReportFormat.ParseError.self) { try ReportFormat.parseList("") }
        #expect(ReportFormats.render(report: HandBuiltReports.scheme(), table: nil, formats: [.md]).map(\.fileName) == ["report.md"])
    }
}
