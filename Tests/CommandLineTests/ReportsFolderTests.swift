import Foundation
import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import Testing

/// Reports/ holds the reports of the scenarios in Scenarios/ (`riskshare report-all`), every
/// one of them is regenerated here, and they are reproducible: regenerating one changes no byte
/// but the timing fields.
@Suite struct ReportsFolderTests {
    /// The folders of Reports/ with the scenario each was generated from.
    static let committed: [(folder: String, scenario: String)] = {
        let root = CommandRunner.repositoryRoot
        return ScenarioCatalog.runnable(in: root + "/Scenarios").compactMap { file in
            guard let scenario = try? ScenarioLoader.load(file: file) else { return nil }
            return (scenario.name, String(file.dropFirst(root.count + 1)))
        }
    }()

    @Test("regenerating each committed report reproduces its files (apart from run.threads and run.elapsed_seconds)",
          arguments: committed.map(\.folder))
    func committedReportIsReproduced(folder: String) throws {
        let root = CommandRunner.repositoryRoot
        let scenario = try #require(Self.committed.first { $0.folder == folder }?.scenario)
        let directory = CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(["run", scenario, "--out", directory, "--threads", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["report.md", "report.csv", "report.html"] {
            let committed = try String(contentsOfFile: root + "/Reports/\(folder)/" + file, encoding: .utf8)
            let fresh = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            #expect(committed == fresh, "Reports/\(folder)/\(file) differs from a fresh run: run `riskshare report-all`")
        }
        func withoutTiming(_ path: String) throws -> String {
            var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            lines.removeAll { $0.contains("\"elapsed_seconds\"") || $0.contains("\"threads\"") }
            return lines.joined(separator: "\n")
        }
        #expect(try withoutTiming(root + "/Reports/\(folder)/report.json") == withoutTiming(directory + "/report.json"),
                "Reports/\(folder)/report.json differs from a fresh run")
    }

    @Test("Reports/ holds only the folders that are checked fresh above")
    func nothingUnchecked() throws {
        let root = CommandRunner.repositoryRoot
        let folders = try FileManager.default.contentsOfDirectory(atPath: root + "/Reports").filter { !$0.hasPrefix(".") }
        let checked = Set(Self.committed.map(\.folder))
        for folder in folders { #expect(checked.contains(folder), "Reports/\(folder) has no scenario in Scenarios/ and is not checked") }
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
