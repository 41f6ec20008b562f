import Foundation
import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import Testing

/// `riskshare run` writes report.json with the fixed keys, a summary on stdout and, on request,
/// one CSV row per path.
@Suite struct RunCommandTests {
    @Test("run writes report.json with the documented keys and the per-path CSV")
    func runWritesReport() throws {
        let directory = CommandRunner.temporaryDirectory()
        let yaml = """
        name: small
        simulation: {paths: 500, seed: 4, horizon_years: 2}
        portfolio:
          segments:
            - {name: a, count: 50, exposure: 1.0e6, pd: 0.05, lgd: 0.5}
        report: {exceedance: [1.0e6]}
        """
        try yaml.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["run", directory + "/s.yaml", "--out", directory + "/out",
                                            "--paths-out", directory + "/paths.csv", "--threads", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("gross"))
        let report = try JSONValue.parse(String(contentsOfFile: directory + "/out/report.json", encoding: .utf8))
        for key in ["schema_version", "scenario", "run", "portfolio", "gross_loss", "defaults", "years"] {
            #expect(report[key] != nil, "missing \(key)")
        }
        for key in ["name", "file", "sha256"] { #expect(report["scenario"]?[key] != nil) }
        for key in ["paths", "seed", "threads", "version", "elapsed_seconds"] { #expect(report["run"]?[key] != nil) }
        for key in ["mean", "sd", "stderr", "min", "max", "quantiles", "expected_shortfall", "exceedance"] {
            #expect(report["gross_loss"]?[key] != nil, "STAT lacks \(key)")
        }
        #expect(report["gross_loss"]?["exceedance"]?["1000000"] != nil)
        #expect(report["years"]?[1]?["npl_ratio"]?["mean"] != nil)
        let csv = try String(contentsOfFile: directory + "/paths.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "path,gross_loss,defaults,gross_loss_y1,gross_loss_y2,bank,gross_loss_seg_a")
        #expect(csv.count == 501)
        let mean = csv.dropFirst().map { Double($0.split(separator: ",")[1])! }.reduce(0, +) / 500
        // One segment: its column is the gross loss itself.
        #expect(csv.dropFirst().allSatisfy { $0.split(separator: ",")[1] == $0.split(separator: ",")[6] })
        #expect(abs(mean - (report["gross_loss"]?["mean"]?.doubleValue ?? 0)) < 1e-6 * max(mean, 1))
    }

    @Test("--seed and --paths override the scenario and change its hash")
    func overridesEnterTheHash() throws {
        let directory = CommandRunner.temporaryDirectory()
        try "portfolio: {segments: [{name: a, count: 10, exposure: 1, pd: 0.1, lgd: 1}]}".write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        _ = try CommandRunner.run(["run", directory + "/s.yaml", "--out", directory + "/a", "--paths", "50"])
        _ = try CommandRunner.run(["run", directory + "/s.yaml", "--out", directory + "/b", "--paths", "60", "--set", "simulation.seed=9"])
        let a = try JSONValue.parse(String(contentsOfFile: directory + "/a/report.json", encoding: .utf8))
        let b = try JSONValue.parse(String(contentsOfFile: directory + "/b/report.json", encoding: .utf8))
        #expect(a["run"]?["paths"] == .integer(50))
        #expect(b["run"]?["paths"] == .integer(60))
        #expect(b["run"]?["seed"] == .integer(9))
        #expect(a["scenario"]?["sha256"] != b["scenario"]?["sha256"])
    }
}
