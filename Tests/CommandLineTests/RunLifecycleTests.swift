import Foundation
import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import Testing

/// Runs that stop, runs that cannot fit in memory, and reruns that verify a published report.
@Suite struct RunLifecycleTests {
    static let scenario = """
    name: lifecycle
    simulation: {paths: 4000, seed: 12, horizon_years: 2, block_paths: 100}
    economy: {factors: [economy]}
    portfolio:
      segments:
        - {name: a, count: 400, exposure: {distribution: lognormal, median: 1.0e6, sigma: 0.5}, pd: 0.05, lgd: {mean: 0.5, sd: 0.2}, loadings: {economy: 0.4}}
    """

    @Test("SIGTERM stops a run promptly: one line, status 143, earlier report untouched, no temporary files")
    func terminationLeavesEarlierReports() throws {
        let directory = CommandRunner.temporaryDirectory()
        try Self.scenario.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
        let earlier = "{\"earlier\": true}\n"
        try earlier.write(toFile: directory + "/out/report.json", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["run", directory + "/s.yaml", "--paths", "10000000", "--threads", "1", "--out", directory + "/out"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        let sent = Date()
        process.terminate()
        process.waitUntilExit()
        let stopped = Date().timeIntervalSince(sent)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 143)
        #expect(stopped < 10, "took \(stopped) s to stop")
        #expect(message.contains("interrupted by SIGTERM"))
        #expect(message.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: directory + "/out/report.json", encoding: .utf8) == earlier)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory + "/out").filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
    }

    @Test("a run whose memory estimate exceeds the process's limit is refused before it starts, with the estimate")
    func memoryRefusal() throws {
        let directory = CommandRunner.temporaryDirectory()
        try Self.scenario.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        // 10^8 paths of 12 columns need about 20 GiB; the address space is limited to 4 GiB.
        let result = try CommandRunner.run(["run", directory + "/s.yaml", "--paths", "100000000", "--out", directory + "/out"],
                                           ulimit: "-v 4000000")
        #expect(result.status == 2)
        #expect(result.stderr.contains("needs an estimated") && result.stderr.contains("GiB"))
        #expect(result.stderr.contains("simulation.paths"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
    }

    @Test("--check reproduces every number of a published report, and flags a changed one")
    func checkReproduces() throws {
        let directory = CommandRunner.temporaryDirectory()
        try Self.scenario.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        let first = try CommandRunner.run(["run", directory + "/s.yaml", "--out", directory + "/out", "--threads", "1"])
        #expect(first.status == 0)
        let check = try CommandRunner.run(["run", directory + "/s.yaml", "--check", directory + "/out/report.json", "--threads", "2"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("check passed"))
        var text = try String(contentsOfFile: directory + "/out/report.json", encoding: .utf8)
        let report = try JSONValue.parse(text)
        let mean = report["gross_loss"]!["mean"]!.rendered().trimmingCharacters(in: .whitespacesAndNewlines)
        text = text.replacingOccurrences(of: "\"mean\": \(mean),", with: "\"mean\": 1,")
        try text.write(toFile: directory + "/tampered.json", atomically: true, encoding: .utf8)
        let tampered = try CommandRunner.run(["run", directory + "/s.yaml", "--check", directory + "/tampered.json"])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("gross_loss.mean"))
    }

    @Test("--check re-applies the --set overrides recorded in run.overrides, and refuses different ones")
    func checkReappliesOverrides() throws {
        let directory = CommandRunner.temporaryDirectory()
        try Self.scenario.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        let overrides = ["portfolio.segments[a].pd=0.08", "simulation.paths=1000"]
        let first = try CommandRunner.run(["run", directory + "/s.yaml", "--out", directory + "/out", "--threads", "1"]
                                          + overrides.flatMap { ["--set", $0] })
        #expect(first.status == 0, "\(first.stderr)")
        let report = try JSONValue.parse(String(contentsOfFile: directory + "/out/report.json", encoding: .utf8))
        #expect(report["run"]?["overrides"] == .array(overrides.map(JSONValue.string)))
        #expect(report["run"]?["paths"]?.doubleValue == 1000)
        // Without --set, --check applies the recorded overrides and reproduces every number.
        let check = try CommandRunner.run(["run", directory + "/s.yaml", "--check", directory + "/out/report.json", "--threads", "2"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("check passed"))
        // A different --set is refused in one line, naming the recorded overrides.
        let other = try CommandRunner.run(["run", directory + "/s.yaml", "--check", directory + "/out/report.json", "--set", "portfolio.segments[a].pd=0.09"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("--set portfolio.segments[a].pd=0.08 --set simulation.paths=1000"))
        #expect(other.stderr.split(separator: "\n").count == 1)
    }

    @Test("--lang zh writes report.md and the summary in Chinese; json and csv are the same as in English")
    func chinese() throws {
        let directory = CommandRunner.temporaryDirectory()
        try Self.scenario.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        let zh = try CommandRunner.run(["run", directory + "/s.yaml", "--out", directory + "/zh", "--lang", "zh", "--threads", "1"])
        let en = try CommandRunner.run(["run", directory + "/s.yaml", "--out", directory + "/en", "--threads", "1"])
        #expect(zh.status == 0 && en.status == 0, "\(zh.stderr)\(en.stderr)")
        #expect(zh.stdout.contains("情景 lifecycle") && zh.stdout.contains("总损失"))
        let markdown = try String(contentsOfFile: directory + "/zh/report.md", encoding: .utf8)
        #expect(markdown.contains("## 主要结论") && markdown.contains("## 方案条款与模型假设"))
        #expect(try String(contentsOfFile: directory + "/zh/report.html", encoding: .utf8).contains("lang=\"zh-CN\""))
        #expect(try String(contentsOfFile: directory + "/zh/report.csv", encoding: .utf8)
                == String(contentsOfFile: directory + "/en/report.csv", encoding: .utf8))
        let bad = try CommandRunner.run(["run", directory + "/s.yaml", "--lang", "fr"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--lang"))
    }
}
