import ArgumentParser
import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import RiskShareSupport

struct ReportAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report-all",
        abstract: "Regenerate Reports/: run every scenario in Scenarios/ at its stated path count.",
        discussion:
            "Include fragments (Scenarios/schemes/) are skipped, each is run by its demo in Scenarios/scheme-demos/; so are the benchmark inputs (Scenarios/bench/), which `riskshare bench` times. Reports are deterministic: regenerating changes no byte except run.threads and run.elapsed_seconds in report.json."
    )

    @Option(help: "Folder of scenarios.") var scenarios: String = "Scenarios"
    @Option(help: "Folder of reports; each scenario writes <out>/<name>/.") var out: String = "Reports"
    @Option(help: "Worker threads (default: all cores).") var threads: Int?

    func run() throws {
        let files = ScenarioCatalog.runnable(in: scenarios)
        let interruption = Interruption.install()
        defer { withExtendedLifetime(interruption) {} }
        if files.isEmpty { throw ValidationError("no scenarios in \(scenarios)") }
        for file in files {
            var request = RunRequest(scenarioFile: file)
            request.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
            let scenario = try Runner.loadScenario(request)
            request.outDirectory = out + "/" + scenario.name
            let started = Date()
            if scenario.simulation.method == .semiAnalytic {
                let (report, directory) = try SemiAnalyticRun.report(request, scenario: scenario)
                try interruption.writing {
                    try FileOutput.writeAll([(directory + "/report.json", report.json.rendered())], isCancelled: $0)
                }
            } else {
                guard let outcome = try Runner.simulate(request, scenario: scenario, isCancelled: interruption.isSet) else {
                    interruption.exitInterrupted()
                }
                try interruption.writing { try Runner.write(outcome, request: request, isCancelled: $0) }
            }
            print(
                String(
                    format: "%-60@ -> %@/  (%.1f s)", file as NSString, request.outDirectory! as NSString, Date().timeIntervalSince(started)
                ))
        }
    }
}
