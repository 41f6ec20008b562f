import Foundation
import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import Testing

/// Reports/ holds the reports of the scenarios in Scenarios/ (`riskshare report-all`), and they
/// are reproducible: regenerating one changes no byte but the timing fields.
@Suite struct ReportsFolderTests {
    @Test("regenerating Reports/tech-book reproduces the committed files (apart from run.threads and run.elapsed_seconds)")
    func committedReportIsReproduced() throws {
        let root = CommandRunner.repositoryRoot
        let directory = CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(["run", "Scenarios/reference/tech-book.yaml", "--out", directory, "--threads", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["report.md", "report.csv", "report.html"] {
            let committed = try String(contentsOfFile: root + "/Reports/tech-book/" + file, encoding: .utf8)
            let fresh = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            #expect(committed == fresh, "\(file) differs from the committed one: run `riskshare report-all`")
        }
        func withoutTiming(_ path: String) throws -> String {
            var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            lines.removeAll { $0.contains("\"elapsed_seconds\"") || $0.contains("\"threads\"") }
            return lines.joined(separator: "\n")
        }
        #expect(try withoutTiming(root + "/Reports/tech-book/report.json") == withoutTiming(directory + "/report.json"))
    }

    @Test("every runnable scenario in Scenarios/ has its report in Reports/")
    func everyScenarioHasAReport() throws {
        let root = CommandRunner.repositoryRoot
        for file in ScenarioCatalog.runnable(in: root + "/Scenarios") {
            let scenario = try ScenarioLoader.load(file: file)
            #expect(FileManager.default.fileExists(atPath: root + "/Reports/\(scenario.name)/report.json"), "no report for \(file)")
        }
    }
}
