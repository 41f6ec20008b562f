import Foundation
import Testing
import RiskShareSupport

/// `riskshare calibrate` as a user runs it: the JSON on stdout, the fragment a scenario can
/// include, the warning when rho is not identified, and one-line refusals with exit status 2.
@Suite struct CalibrateCommandTests {
    @Test("--json prints exactly the documented keys, and --out writes a fragment that validates in a scenario")
    func jsonAndFragment() throws {
        let directory = CommandRunner.temporaryDirectory()
        let fragment = directory + "/fit.yaml"
        let result = try CommandRunner.run(["calibrate", "Scenarios/calibration/tech-loan-history.csv", "--segment", "tech",
                                            "--out", fragment, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let json = try JSONValue.parse(result.stdout)
        guard case .object(let members) = json else { Issue.record("not a JSON object: \(result.stdout)"); return }
        #expect(members.map(\.0) == ["pd", "rho", "pd_stderr", "rho_stderr", "pd_ci95", "rho_ci95", "log_likelihood", "years"])
        #expect(json["years"]?.doubleValue == 13)
        let pd = try #require(json["pd"]?.doubleValue)
        #expect(try #require(json["pd_ci95"]?[0]?.doubleValue) < pd && pd < (try #require(json["pd_ci95"]?[1]?.doubleValue)))

        try """
            include: fit.yaml
            simulation: {paths: 100}
            portfolio:
              segments:
                - {name: tech, count: 100, exposure: 1.0e6, lgd: 0.45}
            """.write(toFile: directory + "/scenario.yaml", atomically: true, encoding: .utf8)
        let validate = try CommandRunner.run(["validate", directory + "/scenario.yaml"])
        #expect(validate.status == 0, "\(validate.stderr)")
    }

    @Test("a series too short to identify rho is said so on stderr, and the fragment sets pd only")
    func tooShortWarning() throws {
        let directory = CommandRunner.temporaryDirectory()
        try "year,default_rate\n2021,0.01\n2022,0.03\n2023,0.02\n".write(toFile: directory + "/short.csv", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["calibrate", directory + "/short.csv", "--out", directory + "/f.yaml"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: rho is not identified: the series has 3 years; at least 7 are needed"))
        #expect(result.stdout.contains("rho is NOT identified"))
        let fragment = try String(contentsOfFile: directory + "/f.yaml", encoding: .utf8)
        #expect(fragment.contains("- name: \"short\""))
        #expect(!fragment.contains("loadings:"))
    }

    @Test("bad input exits 2 with one line naming file, line, column, value and what is allowed, and writes nothing")
    func badInput() throws {
        let directory = CommandRunner.temporaryDirectory()
        try "year,defaults,loans\n2020,3,100\n2021,abc,100\n".write(toFile: directory + "/bad.csv", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["calibrate", directory + "/bad.csv", "--out", directory + "/f.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: \(directory)/bad.csv:3: column defaults = \"abc\": must be a whole number of defaults from 0 to the year's loans\n")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory + "/f.yaml"))

        let missing = try CommandRunner.run(["calibrate", directory + "/none.csv"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.csv: cannot be read"))

        let npl = try CommandRunner.run(["calibrate", "Scenarios/calibration/tech-loan-history.csv", "--segment", ""])
        #expect(npl.status == 2)
        #expect(npl.stderr.contains("--segment: value \"\": must be a non-empty name"))
    }
}
