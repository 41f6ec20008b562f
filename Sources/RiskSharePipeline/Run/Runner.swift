import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// What the user asked `riskshare run` to do.
public struct RunRequest: Sendable {
    public var scenarioFile: String
    /// `PATH=VALUE` overrides, applied in order after `paths` and `seed`.
    public var overrides: [String] = []
    public var paths: Int?
    public var seed: UInt64?
    /// Worker threads; results do not depend on it.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    public var outDirectory: String?
    public var pathsOut: String?
    /// Report files to write (`--format`); all by default.
    public var formats: [ReportFormat] = ReportFormat.allCases
    /// Language of report.md, report.html and the summary (`--lang`).
    public var language: ReportLanguage = .en

    public init(scenarioFile: String) { self.scenarioFile = scenarioFile }
}

/// The result of a run.
public struct RunOutcome: Sendable {
    public var simulation: Simulation
    public var table: PathTable
    public var report: Report
    public var outDirectory: String
}

/// Loads, simulates and writes reports. Shared by the command line and the tests.
public enum Runner {
    /// Loads the scenario with the request's overrides (`--paths` and `--seed` become overrides,
    /// so they enter the scenario hash).
    public static func loadScenario(_ request: RunRequest) throws -> Scenario {
        try ScenarioLoader.load(file: request.scenarioFile, overrides: overrides(for: request))
    }

    /// Every override of the request in the order applied: `--paths`, `--seed`, then `--set`.
    public static func overrides(for request: RunRequest) -> [String] {
        var overrides: [String] = []
        if let paths = request.paths { overrides.append("simulation.paths=\(paths)") }
        if let seed = request.seed { overrides.append("simulation.seed=\(seed)") }
        return overrides + request.overrides
    }

    /// Simulates and builds the report without writing anything.
    /// `scenario` is the request's scenario when the caller has already loaded it (loading
    /// parses every loan tape, which is slow for large tapes).
    public static func simulate(
        _ request: RunRequest, scenario loaded: Scenario? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> RunOutcome? {
        GSL.installErrorHandler()
        let scenario = try loaded ?? loadScenario(request)
        try MemoryBudget.check(scenario, threads: request.threads, pathsOut: request.pathsOut != nil)
        let started = Date()
        let simulation = Simulation(scenario: scenario)
        guard let table = simulation.run(threads: request.threads, progress: progress, isCancelled: isCancelled) else { return nil }
        try GSL.checkFailures(context: "simulating \(request.scenarioFile)")
        let info = RunInfo(threads: request.threads, elapsedSeconds: Date().timeIntervalSince(started), overrides: request.overrides)
        let report = ReportBuilder.build(simulation: simulation, table: table, run: info)
        let out = request.outDirectory ?? "Reports/\(scenario.name)"
        return RunOutcome(simulation: simulation, table: table, report: report, outDirectory: out)
    }

    /// The files a run of `scenarioName` writes for `request`, named for messages; refused by
    /// `FileOutput.checkDistinct` before the run when two are the same file.
    public static func outputs(of request: RunRequest, scenarioName: String) -> [(what: String, path: String)] {
        let directory = request.outDirectory ?? "Reports/\(scenarioName)"
        var outputs = request.formats.map { ("the report's \($0.fileName)", directory + "/" + $0.fileName) }
        if let pathsOut = request.pathsOut { outputs.append(("--paths-out", pathsOut)) }
        return outputs
    }

    /// Writes the report files (and the per-path CSV when asked) for a finished run. All files
    /// are first written under temporary names and renamed into place only when every one is
    /// complete, so an interruption leaves the earlier reports untouched.
    /// Returns false, having written nothing, when `isCancelled` turns true.
    @discardableResult
    public static func write(_ outcome: RunOutcome, request: RunRequest, isCancelled: (@Sendable () -> Bool)? = nil) throws -> Bool {
        var files: [(path: String, text: String)] = []
        if let pathsOut = request.pathsOut {
            files.append(
                (
                    pathsOut,
                    PathsCSV.render(
                        table: outcome.table, horizon: outcome.simulation.scenario.simulation.horizonYears,
                        parties: outcome.simulation.plan.parties)
                ))
        }
        for (fileName, text) in ReportFormats.render(
            report: outcome.report, table: outcome.table, formats: request.formats, language: request.language)
        {
            files.append((outcome.outDirectory + "/" + fileName, text))
        }
        try FileOutput.makeDirectory(outcome.outDirectory)
        return try FileOutput.writeAll(files, isCancelled: isCancelled)
    }
}
