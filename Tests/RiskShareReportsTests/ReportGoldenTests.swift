@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// report.json, report.csv and report.md of a small scenario are byte-identical to the
/// committed golden files. Regenerate them with
///     RISKSHARE_UPDATE_GOLDEN=1 swift test --scratch-path .build-rep --filter ReportGoldenTests
/// (see ReportFixtures) and review the diff.
@Suite struct ReportGoldenTests {
    static let cases: [(file: String, format: ReportFormat, riskSharing: Bool)] = [
        ("report.json", .json, false), ("report.csv", .csv, false), ("report.md", .md, false),
        ("risk-sharing.md", .md, true), ("risk-sharing.csv", .csv, true),
    ]

    @Test("reports equal the golden files", arguments: cases.indices)
    func matchesGolden(_ index: Int) throws {
        let (file, format, riskSharing) = Self.cases[index]
        let run = riskSharing ? ReportFixtures.riskSharing : ReportFixtures.golden
        let text = try #require(ReportFormats.render(report: run.report, table: run.table, formats: [format]).first?.text)
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

    @Test("md, csv and html do not depend on the thread count")
    func threadCountInvariance() {
        let other = ReportFixtures.runGolden(threads: 2)
        for format in [ReportFormat.csv, .md, .html] {
            let a = ReportFormats.render(report: ReportFixtures.golden.report, table: ReportFixtures.golden.table, formats: [format])
            let b = ReportFormats.render(report: other.report, table: other.table, formats: [format])
            #expect(a.map(\.text) == b.map(\.text), "\(format) differs between 1 and 2 threads")
        }
    }

    @Test("rendering twice gives the same bytes, and elapsed time is shown nowhere but report.json")
    func byteStable() throws {
        let run = ReportFixtures.riskSharing
        let first = ReportFormats.render(report: run.report, table: run.table)
        let second = ReportFormats.render(report: run.report, table: run.table)
        #expect(first.map(\.text) == second.map(\.text))
        #expect(first.map(\.fileName) == ["report.json", "report.csv", "report.md", "report.html"])
        // A different elapsed time changes report.json only.
        guard case .object(var members) = run.report, let i = members.firstIndex(where: { $0.0 == "run" }),
              case .object(var runMembers) = members[i].1,
              let j = runMembers.firstIndex(where: { $0.0 == "elapsed_seconds" }) else {
            Issue.record("report has no run.elapsed_seconds"); return
        }
        runMembers[j].1 = .number(123.456)
        members[i].1 = .object(runMembers)
        let slower = ReportFormats.render(report: .object(members), table: run.table)
        for (a, b) in zip(first, slower) where a.fileName != "report.json" {
            #expect(a.text == b.text, "\(a.fileName) shows the elapsed time")
        }
    }

    @Test("--format lists are parsed in canonical order and bad names are refused")
    func formatList() throws {
        #expect(try ReportFormat.parseList("md,json") == [.json, .md])
        #expect(try ReportFormat.parseList(" html , csv,html") == [.csv, .html])
        #expect(try ReportFormat.parseList("json,csv,md,html") == ReportFormat.allCases)
        #expect(throws: ReportFormat.ParseError.self) { try ReportFormat.parseList("json,pdf") }
        #expect(throws: ReportFormat.ParseError.self) { try ReportFormat.parseList("") }
        let run = ReportFixtures.golden
        #expect(ReportFormats.render(report: run.report, table: run.table, formats: [.md]).map(\.fileName) == ["report.md"])
    }
}
