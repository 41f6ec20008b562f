import Foundation
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport

/// The runs the report specifications look at.
///
/// - `golden`: the small scenario `Golden/golden-small.yaml` (300 loans, 2000 paths, one
///   thread), run by the engine as it is. Its report.json, report.csv and report.md are
///   compared byte for byte with the files in `Golden/`.
/// - `riskSharing`: the same run with synthetic `parties`, `pools`, `caps`, `tolerance` and
///   `fiscal` sections computed here from the paths (a 40% guarantor and a small pool), so
///   the renderers of those sections are exercised before the risk-sharing engine exists.
///
/// To regenerate the golden files after an intended change, run
///     RISKSHARE_UPDATE_GOLDEN=1 swift test --scratch-path .build-rep --filter ReportGoldenTests
/// then review the diff of Tests/RiskShareReportsTests/Golden/ before committing it.
enum ReportFixtures {
    static var goldenDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
    }

    static var updateGolden: Bool { ProcessInfo.processInfo.environment["RISKSHARE_UPDATE_GOLDEN"] == "1" }

    struct Run: Sendable {
        var simulation: Simulation
        var table: PathTable
        var report: JSONValue
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

    static let riskSharing: Run = addRiskSharing(to: golden)

    /// Splits each year's gross loss: the guarantor pays 40%; a pool with 30 million pays 30%
    /// while it has money (topped up by 5 million a year); the bank keeps the rest.
    static func addRiskSharing(to run: Run) -> Run {
        let table = run.table
        let settings = run.simulation.scenario.report
        let horizon = run.simulation.scenario.simulation.horizonYears
        let n = table.rowCount
        var bank = [[Double]](repeating: [Double](repeating: 0, count: n), count: horizon)
        var guarantor = bank, pool = bank, balance = bank
        var exhausted = [[Bool]](repeating: [Bool](repeating: false, count: n), count: horizon)
        var capBinds = [Bool](repeating: false, count: n)
        for i in 0..<n {
            var money = 30.0e6
            var ever = false
            for t in 0..<horizon {
                money += t == 0 ? 0 : 5.0e6
                let loss = table["gross_loss.y\(t + 1)"][i]
                let g = 0.4 * loss
                let claim = 0.3 * loss
                let paid = min(claim, money)
                money -= paid
                if paid < claim { capBinds[i] = true }
                ever = ever || money <= 0
                guarantor[t][i] = g
                pool[t][i] = paid
                bank[t][i] = loss - g - paid
                balance[t][i] = money
                exhausted[t][i] = ever
            }
        }
        func total(_ byYear: [[Double]]) -> [Double] { (0..<n).map { i in byYear.reduce(0) { $0 + $1[i] } } }
        var names = table.names
        var columns = table.columns
        for (name, byYear) in [("bank", bank), ("guarantor", guarantor), ("pool", pool)] {
            if let k = names.firstIndex(of: "party.\(name).loss") {
                columns[k] = total(byYear)
            } else {
                names.append("party.\(name).loss"); columns.append(total(byYear))
            }
            for t in 0..<horizon {
                if let k = names.firstIndex(of: "party.\(name).loss.y\(t + 1)") {
                    columns[k] = byYear[t]
                } else {
                    names.append("party.\(name).loss.y\(t + 1)"); columns.append(byYear[t])
                }
            }
        }
        for t in 0..<horizon { names.append("pool.pool.balance_end.y\(t + 1)"); columns.append(balance[t]) }
        let augmented = PathTable(names: names, columns: columns)
        let publicCost = (0..<n).map { i in augmented["party.guarantor.loss"][i] + augmented["party.pool.loss"][i] }
        let npl = (1...horizon).map { augmented.summary("npl_ratio.y\($0)") }
        let level = 0.08
        let exposure = run.report["portfolio"]?["exposure"]?.doubleValue ?? 0
        func stat(_ values: [Double]) -> JSONValue { Summary(values: values).json(settings) }
        func party(_ name: String) -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("loss", augmented.summary("party.\(name).loss").json(settings)),
                ("by_year", .array((1...horizon).map { augmented.summary("party.\(name).loss.y\($0)").json(settings) }))]
            // The guarantor earns a 0.8% fee on the book's exposure each year.
            if name == "guarantor" { members.append(("fees", stat([Double](repeating: 0.008 * exposure * Double(horizon), count: n)))) }
            return .object(members)
        }
        let sections: [(String, JSONValue)] = [
            ("parties", .object([("bank", party("bank")), ("guarantor", party("guarantor")), ("pool", party("pool"))])),
            ("pools", .object([("pool", .object([
                ("paid", augmented.summary("party.pool.loss").json(settings)),
                ("topups", stat([Double](repeating: 10.0e6, count: n))),
                ("unpaid", stat((0..<n).map { i in 0.3 * table["gross_loss"][i] - augmented["party.pool.loss"][i] })),
                ("balance_end_by_year", .array(balance.map(stat))),
                ("p_exhausted", Probability(indicator: exhausted[horizon - 1]).json),
                ("p_exhausted_by_year", .array(exhausted.map { Probability(indicator: $0).json })),
                ("p_suspended_by_year", .array(exhausted.map { _ in Probability(indicator: [Bool](repeating: false, count: n)).json })),
            ]))])),
            ("caps", .object([("pool_claims", Probability(indicator: capBinds).json)])),
            ("tolerance", .object([
                ("level", .number(level)),
                ("p_breach_by_year", .array((1...horizon).map { t in Probability(indicator: augmented["npl_ratio.y\(t)"].map { $0 > level }).json })),
                ("p_breach_any", Probability(indicator: (0..<n).map { i in (1...horizon).contains { augmented["npl_ratio.y\($0)"][i] > level } }).json),
                ("npl_ratio_exceeded_with_probability", .object([("0.05", .finite(npl.map { $0.quantile(0.95) }.max()!)),
                                                                 ("0.01", .finite(npl.map { $0.quantile(0.99) }.max()!))])),
                ("npl_ratio_exceeded_with_probability_by_year", .object([("0.05", .array(npl.map { .finite($0.quantile(0.95)) })),
                                                                         ("0.01", .array(npl.map { .finite($0.quantile(0.99)) }))])),
            ])),
            ("fiscal", .object([("cost", stat(publicCost)), ("topups", stat([Double](repeating: 10.0e6, count: n))),
                                ("covered_volume", .finite(exposure)), ("leverage", .finite(exposure / GSL.mean(publicCost)))])),
        ]
        guard case .object(var members) = run.report else { fatalError("report is not an object") }
        // Replace whatever the engine already reports for these sections.
        members.removeAll { key, _ in sections.contains { $0.0 == key } }
        members.append(contentsOf: sections)
        return Run(simulation: run.simulation, table: augmented, report: .object(members))
    }

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
