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
        subcommands: [
            Run.self, Validate.self, Sweep.self, Solve.self, Optimize.self, Merge.self, Bench.self, ReportAll.self, Calibrate.self,
            CalibrationCoverageCommand.self,
        ]
    )

    /// Bad input of any kind exits with status 2 and one clear line on stderr.
    static func main() {
        // A file-size limit (ulimit -f) then makes a write fail with EFBIG, which is reported and
        // cleaned up, instead of killing the process with temporary files left behind.
        signal(SIGXFSZ, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = unknownCommandMessage(arguments) { fail(message) }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let error as ScenarioError {
            fail("\(error)")
        } catch let error as FileOutput.Failure {
            fail(ScenarioError.oneLine(error.description))
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
        // Hidden commands (the calibration coverage study) are accepted but not suggested.
        let commands = configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
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
    @Option(help: "Report files to write, comma-separated: json, csv, md, html (default: all).") var format: ReportFormatSelection?
    @Option(
        help:
            "Re-run and compare every number with this report.json (apart from run.threads and run.elapsed_seconds), re-applying its run.overrides; writes nothing, exits 1 on any difference."
    ) var check: String?
    @Option(help: "Language of report.md, report.html and the summary: en or zh.") var lang: ReportLanguage = .en
    @Option(
        help:
            "Run only the K-th of N slices of the path blocks (K/N, 1 <= K <= N) and write a partial result to --out; join with `riskshare merge`."
    )
    var shard: ShardSpec?

    func validate() throws {
        // --check re-runs and compares; it writes nothing, so options that say where or what to
        // write have no meaning with it.
        if check != nil {
            if shard != nil {
                throw ValidationError("--check cannot be combined with --shard: merge the shards, then check the merged report")
            }
            if out != nil { throw ValidationError("--check writes nothing, so --out has no meaning with it") }
            if pathsOut != nil { throw ValidationError("--check writes nothing, so --paths-out has no meaning with it") }
            if format != nil { throw ValidationError("--check writes nothing, so --format has no meaning with it") }
        }
        if shard != nil, format != nil {
            throw ValidationError("--shard writes a partial result, not reports: give --format to `riskshare merge`")
        }
    }

    func run() throws {
        let interruption = Interruption.install()
        defer { withExtendedLifetime(interruption) {} }
        var request = RunRequest(scenarioFile: scenario)
        request.paths = simulation.paths
        request.seed = simulation.seed
        request.threads = simulation.resolvedThreads
        request.outDirectory = out
        request.pathsOut = pathsOut
        request.overrides = simulation.overrides
        request.formats = (format ?? .all).formats
        request.language = lang
        if let check { request.overrides = try ReportCheck.overrides(of: check, given: simulation.overrides) }
        let scenario = try Runner.loadScenario(request)
        if scenario.simulation.method == .semiAnalytic {
            // The exact distribution has no paths and writes report.json only.
            for (given, option) in [
                (check != nil, "--check"), (shard != nil, "--shard"), (pathsOut != nil, "--paths-out"), (format != nil, "--format"),
            ] where given {
                throw ScenarioError(
                    file: scenario.source.file, path: "simulation.method", line: nil, value: "semi_analytic",
                    message: "computes the distribution exactly and writes report.json only; \(option) is not available with it")
            }
            let (report, directory) = try SemiAnalyticRun.report(request, scenario: scenario)
            try interruption.writing { try FileOutput.writeAll([(directory + "/report.json", report.json.rendered())], isCancelled: $0) }
            print(TextSummary.render(report: report, language: lang), terminator: "")
            print("\nreport: \(directory)/report.json (semi_analytic writes report.json only)")
            return
        }
        if check == nil, shard == nil { try FileOutput.checkDistinct(Runner.outputs(of: request, scenarioName: scenario.name)) }
        let progress = ProgressBar.forStandardError()
        if let shard {
            if pathsOut != nil {
                throw ScenarioError(
                    file: "--paths-out", path: "", line: nil, value: nil,
                    message: "is not available with --shard; give it to `riskshare merge`, which has every path")
            }
            guard
                let partial = try ShardRunner.simulate(
                    request, shard: shard, scenario: scenario, progress: progress?.update,
                    isCancelled: interruption.isSet)
            else { interruption.exitInterrupted() }
            progress?.finish()
            let directory = out ?? ShardRunner.defaultDirectory(scenarioName: partial.scenarioName, shard: shard)
            try interruption.writing { try partial.write(to: directory, isCancelled: $0) }
            print(ShardRunner.summary(of: partial, in: directory))
            return
        }
        guard let outcome = try Runner.simulate(request, scenario: scenario, progress: progress?.update, isCancelled: interruption.isSet)
        else {
            progress?.finish()
            interruption.exitInterrupted()
        }
        progress?.finish()
        if let check {
            try ReportCheck.run(outcome: outcome, against: check)
            return
        }
        try interruption.writing { try Runner.write(outcome, request: request, isCancelled: $0) }
        print(TextSummary.render(report: outcome.report, language: lang), terminator: "")
        print("\nreport: " + request.formats.map { "\(outcome.outDirectory)/\($0.fileName)" }.joined(separator: ", "))
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a scenario without simulating it.")

    @Argument(help: "Scenario file (YAML or JSON).") var scenario: String
    @OptionGroup var scenarioValues: OverrideOptions

    func run() throws {
        let interruption = Interruption.install()
        defer { withExtendedLifetime(interruption) {} }
        let loaded = try ScenarioLoader.load(file: scenario, overrides: scenarioValues.overrides)
        // A scenario that `run` would refuse for memory is not valid here either.
        let threads = ProcessInfo.processInfo.activeProcessorCount
        try MemoryBudget.check(loaded, threads: threads)
        let peak = MemoryBudget.estimate(loaded, threads: threads)
        print(
            "\(scenario): valid. \(loaded.portfolio.loanCount) loans in \(loaded.portfolio.segments.count) segments, \(loaded.simulation.paths) paths, \(loaded.simulation.horizonYears) years; a run on \(threads) threads needs an estimated \(peak) of memory."
        )
    }
}
