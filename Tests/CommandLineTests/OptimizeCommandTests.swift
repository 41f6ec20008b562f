import Foundation
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import Testing

/// `riskshare optimize`: its JSON interface, the winning scenario, frontier files and refusals.
@Suite struct OptimizeCommandTests {
    /// Two uncapped portfolio guarantees in a row over independent equal loans (see the pipeline
    /// tests' OptimizeFixtures for the hand-derived optimum).
    static let twoPayers = """
    name: two-payers
    simulation: {paths: 300, seed: 5, horizon_years: 1, block_paths: 150}
    portfolio:
      segments:
        - {name: book, count: 200, exposure: 1.0e6, pd: 0.05, lgd: 0.5}
    risk_sharing:
      layers:
        - {type: portfolio_guarantee, name: national, payer: national, rate: 0.0}
        - {type: portfolio_guarantee, name: province, payer: province, rate: 0.0}
    """
    static let national = "risk_sharing.layers[national].rate"
    static let province = "risk_sharing.layers[province].rate"

    static func scenario() throws -> (directory: String, file: String) {
        let directory = CommandRunner.temporaryDirectory()
        try twoPayers.write(toFile: directory + "/two-payers.yaml", atomically: true, encoding: .utf8)
        return (directory, directory + "/two-payers.yaml")
    }

    static func search(_ file: String, _ extra: [String] = []) -> [String] {
        ["optimize", file, "--vary", "\(national)=0:1", "--vary", "\(province)=0:1", "--minimize", "parties.national.loss.mean",
         "--subject-to", "parties.bank.loss.mean <= 2e6", "--subject-to", "parties.province.loss.mean <= 1e6", "--threads", "2"] + extra
    }

    static func keys(_ value: JSONValue?) -> [String] {
        if case .object(let members)? = value { return members.map(\.0) }
        return []
    }

    @Test("--json prints exactly {optimum, objective, constraints, evaluations} with the documented members and types")
    func jsonShape() throws {
        let (_, file) = try Self.scenario()
        let result = try CommandRunner.run(Self.search(file, ["--json"]))
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONValue.parse(result.stdout)
        #expect(Self.keys(document) == ["optimum", "objective", "constraints", "evaluations"])
        #expect(Self.keys(document["optimum"]) == [Self.national, Self.province])
        for path in [Self.national, Self.province] {
            let x = try #require(document["optimum"]?[path]?.doubleValue)
            #expect(x >= 0 && x <= 1)
        }
        #expect(Self.keys(document["objective"]) == ["metric", "value", "stderr"])
        #expect(document["objective"]?["metric"] == .string("parties.national.loss.mean"))
        #expect(document["objective"]?["value"]?.doubleValue != nil && document["objective"]?["stderr"]?.doubleValue != nil)
        guard case .array(let constraints)? = document["constraints"] else { Issue.record("constraints is not a list"); return }
        #expect(constraints.count == 2)
        for (item, (metric, limit)) in zip(constraints, [("parties.bank.loss.mean", 2e6), ("parties.province.loss.mean", 1e6)]) {
            #expect(Self.keys(item) == ["metric", "value", "stderr", "limit", "active"])
            #expect(item["metric"] == .string(metric))
            #expect(item["limit"]?.doubleValue == limit)
            #expect(item["value"]?.doubleValue != nil && item["stderr"]?.doubleValue != nil)
            // Both limits bind at the optimum (see the pipeline test of this problem).
            #expect(item["active"] == .bool(true))
        }
        guard case .integer(let evaluations)? = document["evaluations"] else { Issue.record("evaluations is not an integer"); return }
        #expect(evaluations >= 3 && evaluations <= 200)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test("--out-scenario writes YAML and JSON scenarios whose plain runs reproduce the objective and constraints exactly")
    func winningScenarioRoundTrip() throws {
        let (directory, file) = try Self.scenario()
        for name in ["winner.yaml", "winner.json"] {
            let out = directory + "/elsewhere/" + name
            try FileManager.default.createDirectory(atPath: directory + "/elsewhere", withIntermediateDirectories: true)
            let result = try CommandRunner.run(Self.search(file, ["--json", "--out-scenario", out]))
            #expect(result.status == 0, "\(result.stderr)")
            let answer = try JSONValue.parse(result.stdout)
            let run = try CommandRunner.run(["run", out, "--out", directory + "/run-" + name, "--format", "json", "--threads", "1"])
            #expect(run.status == 0, "\(run.stderr)")
            let report = try JSONValue.parse(String(contentsOfFile: directory + "/run-" + name + "/report.json", encoding: .utf8))
            #expect(report["parties"]?["national"]?["loss"]?["mean"]?.doubleValue == answer["objective"]?["value"]?.doubleValue)
            #expect(report["parties"]?["national"]?["loss"]?["stderr"]?.doubleValue == answer["objective"]?["stderr"]?.doubleValue)
            #expect(report["parties"]?["bank"]?["loss"]?["mean"]?.doubleValue == answer["constraints"]?[0]?["value"]?.doubleValue)
            #expect(report["scenario"]?["name"] == .string("two-payers-optimum"))
            let written = try String(contentsOfFile: out, encoding: .utf8)
            if name.hasSuffix(".yaml") {
                #expect(written.hasPrefix("# Written by: riskshare optimize"))
                #expect(written.contains("rate: \(NumberFormat.plain(try #require(answer["optimum"]?[Self.national]?.doubleValue)))"))
            } else {
                #expect(try JSONValue.parse(written)["risk_sharing"] != nil)
            }
        }
    }

    @Test("a loans_file relative to the scenario is still found from the winning scenario's folder")
    func winningScenarioKeepsItsTape() throws {
        let directory = CommandRunner.temporaryDirectory()
        let tape = "id,exposure,pd,lgd\n" + (1...60).map { "L\($0),1000000,0.05,0.5" }.joined(separator: "\n") + "\n"
        try tape.write(toFile: directory + "/loans.csv", atomically: true, encoding: .utf8)
        let yaml = Self.twoPayers.replacingOccurrences(of: "{name: book, count: 200, exposure: 1.0e6, pd: 0.05, lgd: 0.5}",
                                                       with: "{name: book, loans_file: loans.csv}")
        try yaml.write(toFile: directory + "/tape.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
        let result = try CommandRunner.run(["optimize", directory + "/tape.yaml", "--vary", "\(Self.national)=0:1",
                                            "--minimize", "parties.national.loss.mean", "--subject-to", "parties.bank.loss.mean <= 5e5",
                                            "--out-scenario", directory + "/out/w.yaml", "--json", "--threads", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let run = try CommandRunner.run(["run", "w.yaml", "--out", "report", "--format", "json", "--threads", "1"], in: directory + "/out")
        #expect(run.status == 0, "\(run.stderr)")
        let answer = try JSONValue.parse(result.stdout)
        let report = try JSONValue.parse(String(contentsOfFile: directory + "/out/report/report.json", encoding: .utf8))
        #expect(report["parties"]?["national"]?["loss"]?["mean"]?.doubleValue == answer["objective"]?["value"]?.doubleValue)
    }

    @Test("the text answer names the optimum, the objective with its standard error, each constraint's state and the evaluations")
    func textAnswer() throws {
        let (_, file) = try Self.scenario()
        let result = try CommandRunner.run(Self.search(file))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("optimum after "))
        #expect(result.stdout.contains("  \(Self.national) = "))
        #expect(result.stdout.contains("minimize parties.national.loss.mean: ") && result.stdout.contains("(s.e. "))
        #expect(result.stdout.contains("parties.bank.loss.mean <= 2000000: ") && result.stdout.contains(", active"))
        #expect(result.stdout.contains("carry no Monte Carlo error estimate"))
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var label: String
        var arguments: [String]
        var expected: [String]
        var testDescription: String { label }
    }

    static let badCases: [BadCase] = [
        BadCase(label: "malformed --vary", arguments: ["--vary", national, "--minimize", "fiscal.cost.mean"], expected: ["--vary", "PATH=LO:HI"]),
        BadCase(label: "--vary bounds that are not numbers", arguments: ["--vary", "\(national)=low:high", "--minimize", "fiscal.cost.mean"],
                expected: ["--vary", national, "two numbers"]),
        BadCase(label: "LO >= HI", arguments: ["--vary", "\(national)=0.8:0.2", "--minimize", "fiscal.cost.mean"], expected: ["--vary", "LO < HI"]),
        BadCase(label: "LO = HI", arguments: ["--vary", "\(national)=0.5:0.5", "--minimize", "fiscal.cost.mean"], expected: ["LO < HI"]),
        BadCase(label: "a path not in the scenario", arguments: ["--vary", "risk_sharing.layers[national].rat=0:1", "--minimize", "fiscal.cost.mean"],
                expected: ["risk_sharing.layers[national].rat", "nearest valid paths"]),
        BadCase(label: "bounds the scenario refuses", arguments: ["--vary", "\(national)=0:2", "--minimize", "fiscal.cost.mean"], expected: ["[0, 1]"]),
        BadCase(label: "unknown objective metric", arguments: ["--vary", "\(national)=0:1", "--minimize", "parties.nobody.loss.mean"],
                expected: ["--minimize", "parties.nobody.loss.mean", "not in report.json"]),
        BadCase(label: "unknown constraint metric", arguments: ["--vary", "\(national)=0:1", "--minimize", "fiscal.cost.mean",
                                                                "--subject-to", "parties.nobody.loss.mean <= 1"],
                expected: ["--subject-to", "parties.nobody.loss.mean", "not in report.json"]),
        BadCase(label: "a constraint that does not parse", arguments: ["--vary", "\(national)=0:1", "--minimize", "fiscal.cost.mean",
                                                                       "--subject-to", "fiscal.cost.mean is small"],
                expected: ["--subject-to", "METRIC <= VALUE"]),
        BadCase(label: "a strict constraint", arguments: ["--vary", "\(national)=0:1", "--minimize", "fiscal.cost.mean", "--subject-to", "fiscal.cost.mean < 1"],
                expected: ["--subject-to", "<= or >="]),
        BadCase(label: "no objective", arguments: ["--vary", "\(national)=0:1"], expected: ["--minimize METRIC or --maximize METRIC"]),
        BadCase(label: "two objectives", arguments: ["--vary", "\(national)=0:1", "--minimize", "fiscal.cost.mean", "--maximize", "fiscal.cost.mean"],
                expected: ["--maximize", "together"]),
        BadCase(label: "no --vary", arguments: ["--minimize", "fiscal.cost.mean"], expected: ["--vary PATH=LO:HI"]),
        BadCase(label: "a winning scenario of an unknown format", arguments: ["--vary", "\(national)=0:1", "--minimize", "fiscal.cost.mean",
                                                                              "--out-scenario", "w.txt"], expected: ["--out-scenario", ".yaml"]),
        BadCase(label: "frontier options without --frontier", arguments: ["--vary", "\(national)=0:1", "--minimize", "fiscal.cost.mean", "--html", "f.html"],
                expected: ["--html", "cannot be used without --frontier"]),
        BadCase(label: "--vary with --frontier", arguments: ["--frontier", "fiscal.cost.mean,gross_loss.mean", "--vary", "\(national)=0:1"],
                expected: ["--vary", "cannot be used with --frontier"]),
        BadCase(label: "--frontier without two metrics", arguments: ["--frontier", "fiscal.cost.mean", "--families", "f.yaml"],
                expected: ["--frontier", "METRIC_X,METRIC_Y"]),
        BadCase(label: "an unknown frontier metric", arguments: ["--frontier", "fiscal.cost.mean,parties.bank.loss.es.0.99", "--families",
                                                                 CommandRunner.repositoryRoot + "/Scenarios/frontiers/design-families.yaml"],
                expected: ["--frontier", "parties.bank.loss.es.0.99", "not in report.json"]),
        BadCase(label: "--frontier without families", arguments: ["--frontier", "fiscal.cost.mean,gross_loss.mean"], expected: ["--families FILE"]),
        BadCase(label: "a tolerance outside (0, 1)", arguments: ["--vary", "\(national)=0:1", "--minimize", "fiscal.cost.mean", "--tolerance", "2"],
                expected: ["--tolerance", "between 0 and 1"]),
        BadCase(label: "constraints no design meets", arguments: ["--vary", "\(national)=0:0.5", "--minimize", "parties.national.loss.mean",
                                                                  "--subject-to", "parties.bank.loss.mean <= 1e5"],
                expected: ["no design of the", "parties.bank.loss.mean <= 100000"]),
    ]

    @Test("bad input is refused with one line and exit status 2, and no winning scenario is written", arguments: badCases)
    func refusals(_ bad: BadCase) throws {
        let (directory, file) = try Self.scenario()
        let result = try CommandRunner.run(["optimize", file] + bad.arguments + ["--threads", "1", "--out-scenario", "never.yaml"]
                                           .filter { _ in !bad.arguments.contains("--out-scenario") && !bad.arguments.contains("--frontier") },
                                           in: directory)
        #expect(result.status == 2, "\(bad.label): \(result.stderr)")
        for fragment in bad.expected { #expect(result.stderr.contains(fragment), "expected '\(fragment)' in: \(result.stderr)") }
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory + "/never.yaml"))
    }

    @Test("--frontier writes the CSV and a self-contained HTML chart")
    func frontierFiles() throws {
        let directory = CommandRunner.temporaryDirectory()
        let book = """
        name: frontier-book
        simulation: {paths: 200, seed: 3, horizon_years: 1}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: book, count: 100, exposure: 1.0e6, pd: 0.05, lgd: 0.5, loadings: {economy: 0.4}}
        """
        try book.write(toFile: directory + "/book.yaml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["optimize", "book.yaml", "--families", CommandRunner.repositoryRoot + "/Scenarios/frontiers/design-families.yaml",
                                            "--frontier", "fiscal.cost.mean,parties.bank.loss.expected_shortfall.0.99", "--levels", "3",
                                            "--max-evaluations", "40", "--out", "f.csv", "--html", "f.html", "--threads", "2"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOfFile: directory + "/f.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 1 + 4 * 3)
        #expect(csv[0].hasPrefix("family,level,feasible,fiscal.cost.mean,"))
        #expect(Set(csv.dropFirst().map { String($0.split(separator: ",")[0]) }) == ["pari-passu", "capped", "first-loss", "second-loss"])
        let html = try String(contentsOfFile: directory + "/f.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.hasSuffix("</html>\n"))
        #expect(!html.contains("src=") && !html.contains("href="))
        #expect(result.stderr.contains("frontier points -> f.csv"))
    }
}
