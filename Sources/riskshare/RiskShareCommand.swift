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
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ScenarioError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(2)
        } catch let error as GSLFailure {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data("error: \(fullMessage(for: error))\n".utf8))
            Foundation.exit(code == .failure ? 1 : 2)
        }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Simulate a scenario and write its report.")

    @Argument(help: "Scenario file (YAML or JSON).") var scenario: String
    @OptionGroup var simulation: SimulationOptions
    @Option(help: "Output folder (default: Reports/<scenario name>).") var out: String?
    @Option(name: .customLong("paths-out"), help: "Also write one CSV row per path to this file.") var pathsOut: String?
    @Option(help: "Report files to write, comma-separated: json, csv, md, html.") var format: ReportFormatSelection = .all
    @Option(help: "Re-run and compare every number with this report.json (apart from run.threads and run.elapsed_seconds); writes nothing, exits 1 on any difference.") var check: String?
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
        let scenario = try Runner.loadScenario(request)
        if scenario.simulation.method == .semiAnalytic {
            let (report, directory) = try SemiAnalyticRun.report(request, scenario: scenario)
            try FileOutput.writeAll([(directory + "/report.json", report.rendered())])
            print(TextSummary.render(report: report), terminator: "")
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
        print(TextSummary.render(report: outcome.report), terminator: "")
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
