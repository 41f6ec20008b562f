import ArgumentParser
import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import RiskShareSupport

@main
struct RiskShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riskshare",
        abstract: "Simulate sci-tech loan portfolios under government risk-sharing.",
        version: RiskShareVersion.current,
        subcommands: [Run.self, Validate.self, Sweep.self, Solve.self, Optimize.self, Merge.self, Bench.self, ReportAll.self]
    )

    /// Bad input of any kind exits with status 2 and one clear line on stderr.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = unknownCommandMessage(arguments) { fail(message) }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let error as ScenarioError {
            fail("\(error)")
        } catch let error as GSLFailure {
            fail("\(error)")
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // One line: what is wrong (without ArgumentParser's "Error: " and usage block) and where
            // to read more.
            var message = message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            message = message.split(separator: "\n").first.map(String.init) ?? message
            let command = subcommandNames.first { arguments.first == $0 }.map { "riskshare \($0)" } ?? "riskshare"
            fail("\(message) (see '\(command) --help')", status: code == .failure ? 1 : 2)
        }
    }

    /// Writes `error: message` to standard error and exits.
    static func fail(_ message: String, status: Int32 = 2) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(status)
    }

    /// The names `riskshare` accepts as its first argument.
    static var subcommandNames: [String] { configuration.subcommands.map { $0._commandName } + ["help"] }

    /// For a first argument that is neither an option nor a command: the message naming the
    /// nearest command, or listing them all when none is close.
    static func unknownCommandMessage(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !subcommandNames.contains(first) else { return nil }
        let commands = configuration.subcommands.map { $0._commandName }
        let ranked = commands.map { ($0, editDistance(Array(first.lowercased()), Array($0))) }.sorted { $0.1 < $1.1 }
        let list = commands.joined(separator: ", ")
        if let best = ranked.first, best.1 <= max(2, best.0.count / 3) {
            return "unknown command '\(first)'; did you mean '\(best.0)'? (commands: \(list))"
        }
        return "unknown command '\(first)' (commands: \(list); see 'riskshare --help')"
    }

    /// Levenshtein distance: insertions, deletions and substitutions each count 1.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Simulate a scenario and write its report.")

    @Argument(help: "Scenario file (YAML or JSON).") var scenario: String
    @OptionGroup var simulation: SimulationOptions
    @Option(help: "Output folder (default: Reports/<scenario name>).") var out: String?
    @Option(name: .customLong("paths-out"), help: "Also write one CSV row per path to this file.") var pathsOut: String?
    @Option(help: "Report files to write, comma-separated: json, csv, md, html.") var format: ReportFormatSelection = .all
    @Option(help: "Re-run and compare every number with this report.json (apart from run.threads and run.elapsed_seconds), re-applying its run.overrides; writes nothing, exits 1 on any difference.") var check: String?
    @Option(help: "Language of report.md, report.html and the summary: en or zh.") var lang: ReportLanguage = .en
    @Option(help: "Run only the K-th of N slices of the path blocks (K/N, 1 <= K <= N) and write a partial result to --out; join with `riskshare merge`.")
    var shard: ShardSpec?

    func run() throws {
        var request = RunRequest(scenarioFile: scenario)
        request.paths = simulation.paths
        request.seed = simulation.seed
        request.threads = simulation.resolvedThreads
        request.outDirectory = out
        request.pathsOut = pathsOut
        request.overrides = simulation.overrides
        request.formats = format.formats
        request.language = lang
        if let check { request.overrides = try ReportCheck.overrides(of: check, given: simulation.overrides) }
        let scenario = try Runner.loadScenario(request)
        if scenario.simulation.method == .semiAnalytic {
            let (report, directory) = try SemiAnalyticRun.report(request, scenario: scenario)
            try FileOutput.writeAll([(directory + "/report.json", report.json.rendered())])
            print(TextSummary.render(report: report, language: lang), terminator: "")
            print("\nreport: \(directory)/report.json (semi_analytic writes report.json only)")
            return
        }
        let interruption = Interruption.install()
        let progress = ProgressBar.forStandardError()
        if let shard {
            guard let summary = try ShardRunner.runAndWrite(request, shard: shard, progress: progress?.update) else { interruption.exitInterrupted() }
            progress?.finish()
            print(summary)
            return
        }
        guard let outcome = try Runner.simulate(request, scenario: scenario, progress: progress?.update, isCancelled: interruption.isSet) else {
            progress?.finish()
            interruption.exitInterrupted()
        }
        progress?.finish()
        if let check {
            try ReportCheck.run(outcome: outcome, against: check)
            return
        }
        guard try Runner.write(outcome, request: request, isCancelled: interruption.isSet) else { interruption.exitInterrupted() }
        print(TextSummary.render(report: outcome.report, language: lang), terminator: "")
        print("\nreport: " + request.formats.map { "\(outcome.outDirectory)/\($0.fileName)" }.joined(separator: ", "))
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a scenario without simulating it.")

    @Argument(help: "Scenario file (YAML or JSON).") var scenario: String
    @OptionGroup var scenarioValues: OverrideOptions

    func run() throws {
        let loaded = try ScenarioLoader.load(file: scenario, overrides: scenarioValues.overrides)
        let book = PortfolioBuilder.build(loaded)
        print("\(scenario): valid. \(book.count) loans in \(loaded.portfolio.segments.count) segments, \(loaded.simulation.paths) paths, \(loaded.simulation.horizonYears) years.")
    }
}
