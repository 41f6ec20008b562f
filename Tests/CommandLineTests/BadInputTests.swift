import Foundation
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import Testing

/// Every kind of bad input gets one clear message naming the file, the key path or CSV line, the
/// value and what is allowed; the exit status is 2 and no report is written.
@Suite struct BadInputTests {
    static let valid = """
    name: probe
    simulation: {paths: 100, seed: 1}
    economy: {factors: [economy]}
    portfolio:
      segments:
        - name: a
          count: 10
          exposure: 1.0e6
          pd: 0.05
          lgd: {mean: 0.6, sd: 0.2}
          loadings: {economy: 0.4}
    """

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var replace: String
        var with: String
        var expected: [String]
        var files: [String: String] = [:]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "unknown key", replace: "pd: 0.05", with: "pd: 0.05\n      colour: red",
             expected: ["portfolio.segments[0].colour", "not a known key", "accepted keys"]),
        Case(label: "wrong type", replace: "count: 10", with: "count: ten",
             expected: ["portfolio.segments[0].count", "\"ten\"", "whole number"]),
        Case(label: "pd above 1", replace: "pd: 0.05", with: "pd: 1.5",
             expected: ["portfolio.segments[0].pd = 1.5", "probability in [0, 1]"]),
        Case(label: "loadings with sum of squares 1", replace: "{economy: 0.4}", with: "{economy: 1.0}",
             expected: ["portfolio.segments[0].loadings", "below 1"]),
        Case(label: "negative exposure", replace: "exposure: 1.0e6", with: "exposure: -5",
             expected: ["portfolio.segments[0].exposure = -5", "[0, 1e13]"]),
        Case(label: "impossible LGD sd", replace: "sd: 0.2", with: "sd: 0.49",
             expected: ["portfolio.segments[0].lgd.sd = 0.49", "impossible", "sqrt(mean"]),
        Case(label: "zero paths", replace: "paths: 100", with: "paths: 0",
             expected: ["simulation.paths = 0", "[1, 100000000]"]),
        Case(label: "missing loans file", replace: "count: 10\n      exposure: 1.0e6\n      pd: 0.05", with: "loans_file: nowhere.csv",
             expected: ["portfolio.segments[0].loans_file", "nowhere.csv", "cannot be read"]),
        Case(label: "malformed CSV row", replace: "count: 10\n      exposure: 1.0e6\n      pd: 0.05", with: "loans_file: loans.csv",
             expected: ["loans.csv:3", "column pd", "\"abc\"", "probability"],
             files: ["loans.csv": "id,exposure,pd\nA,100,0.1\nB,200,abc\n"]),
        Case(label: "CSV row with too many fields", replace: "count: 10\n      exposure: 1.0e6\n      pd: 0.05", with: "loans_file: loans.csv",
             expected: ["loans.csv:2", "4 fields", "header has 3"],
             files: ["loans.csv": "id,exposure,pd\nA,100,0.1,9\n"]),
        Case(label: "duplicate key", replace: "pd: 0.05", with: "pd: 0.05\n      pd: 0.06",
             expected: ["scenario.yaml:", "pd", "appears twice"]),
        Case(label: "not YAML", replace: "portfolio:", with: "portfolio: [",
             expected: ["scenario.yaml", "not valid YAML"]),
        Case(label: "guarantee shares not summing to 1", replace: "portfolio:", with: "risk_sharing:\n  layers:\n    - {type: guarantee, shares: {bank: 0.2, guarantor: 0.7}}\nportfolio:",
             expected: ["risk_sharing.layers[0].shares", "sum to 1"]),
        Case(label: "overflow naming an unknown party", replace: "portfolio:", with: "risk_sharing:\n  layers:\n    - {type: guarantee, shares: {bank: 0.2, guarantor: 0.8}, overflow: [nobody]}\nportfolio:",
             expected: ["risk_sharing.layers[0].overflow", "nobody"]),
        Case(label: "tranche with detach below attach", replace: "portfolio:", with: "risk_sharing:\n  layers:\n    - {type: tranche, payer: gov, attach: 0.05, detach: 0.01}\nportfolio:",
             expected: ["risk_sharing.layers[0].detach", "attach"]),
        Case(label: "include that does not exist", replace: "name: probe", with: "name: probe\ninclude: schemes/none.yaml",
             expected: ["include", "none.yaml", "does not exist"]),
        Case(label: "factor not listed", replace: "{economy: 0.4}", with: "{ai: 0.4}",
             expected: ["portfolio.segments[0].loadings.ai", "economy.factors"]),
        Case(label: "portfolio seed not a whole number", replace: "portfolio:\n  segments:", with: "portfolio:\n  seed: 2.5\n  segments:",
             expected: ["scenario.yaml:5", "portfolio.seed = 2.5", "whole number in [0, 2^53]"]),
        Case(label: "portfolio seed above 2^53", replace: "portfolio:\n  segments:", with: "portfolio:\n  seed: 1.0e16\n  segments:",
             expected: ["scenario.yaml:5", "portfolio.seed", "whole number in [0, 2^53]"]),
    ]

    @Test("bad input: one clear message, exit status 2, no report", arguments: cases)
    func refused(_ c: Case) throws {
        let directory = CommandRunner.temporaryDirectory()
        let yaml = Self.valid.replacingOccurrences(of: c.replace, with: c.with)
        #expect(yaml != Self.valid, "the case must change the scenario")
        try yaml.write(toFile: directory + "/scenario.yaml", atomically: true, encoding: .utf8)
        for (name, text) in c.files { try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8) }
        let result = try CommandRunner.run(["run", directory + "/scenario.yaml", "--out", directory + "/out"])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        for fragment in c.expected {
            #expect(result.stderr.contains(fragment), "expected '\(fragment)' in: \(result.stderr)")
        }
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
        let validation = try CommandRunner.run(["validate", directory + "/scenario.yaml"])
        #expect(validation.status == 2)
        #expect(validation.stderr == result.stderr)
    }

    @Test("a scenario file that does not exist is refused with exit status 2")
    func missingScenario() throws {
        let result = try CommandRunner.run(["run", "/nonexistent/scenario.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/scenario.yaml"))
    }

    @Test("a negative --paths is refused with exit status 2")
    func badPathsOption() throws {
        let directory = CommandRunner.temporaryDirectory()
        try Self.valid.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["run", directory + "/s.yaml", "--paths", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--paths"))
    }
}
