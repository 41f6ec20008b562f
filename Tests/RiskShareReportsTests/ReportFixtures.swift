import Foundation
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport

/// What the report specifications look at.
///
/// - `HandBuiltReports`: report models written by hand; the golden files in `Golden/` are
///   rendered from them, so an engine change never rewrites a golden file.
/// - `golden`: the small scenario `Golden/golden-small.yaml` (300 loans, 2000 paths) run by the
///   engine, for the properties that must hold on real output (thread-count invariance, schema,
///   shown numbers).
///
/// To regenerate the golden files after an intended change of the renderers, run
///     RISKSHARE_UPDATE_GOLDEN=1 swift test --filter ReportGoldenTests
/// then review the diff of Tests/RiskShareReportsTests/Golden/ before committing it.
enum ReportFixtures {
    static var goldenDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
    }

    static var updateGolden: Bool { ProcessInfo.processInfo.environment["RISKSHARE_UPDATE_GOLDEN"] == "1" }

    struct Run: Sendable {
        var simulation: Simulation
        var table: PathTable
        var report: Report
    }

    /// Runs the golden scenario. The scenario path is recorded as its bare file name and the
    /// elapsed time as 0, so the report does not depend on the checkout folder or the machine's speed.
    static func runGolden(threads: Int = 1) -> Run {
        var scenario = try! ScenarioLoader.load(file: goldenDirectory + "/golden-small.yaml")
        scenario.source.file = "golden-small.yaml"
        let simulation = Simulation(scenario: scenario)
        let table = simulation.run(threads: threads)!
        let report = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 1, elapsedSeconds: 0))
        return Run(simulation: simulation, table: table, report: report)
    }

    static let golden: Run = runGolden()

    /// Compares `text` with the golden file `name`, or rewrites the file when
    /// RISKSHARE_UPDATE_GOLDEN=1. Returns the golden text (nil when missing).
    static func compareGolden(_ name: String, with text: String) -> (expected: String?, updated: Bool) {
        let path = goldenDirectory + "/" + name
        if updateGolden {
            try! text.write(toFile: path, atomically: true, encoding: .utf8)
            return (text, true)
        }
        return (try? String(contentsOfFile: path, encoding: .utf8), false)
    }

    /// The repository's report schema.
    static var schemaFile: String {
        TestScenarios.repositoryRoot + "/Scenarios/report.schema.json"
    }
}
