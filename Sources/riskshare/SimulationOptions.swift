import ArgumentParser
import Foundation
import RiskSharePipeline
import RiskShareReports

/// `--set PATH=VALUE`, shared by every command that reads a scenario.
struct OverrideOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: "Override a scenario value: PATH=VALUE (repeatable, applied in order).")
    var overrides: [String] = []
}

/// The options of every command that simulates: overrides, path count, seed and threads.
/// Declared once so that `run`, `sweep`, `solve` and later commands validate them the same way.
struct SimulationOptions: ParsableArguments {
    @OptionGroup var scenarioValues: OverrideOptions
    @Option(help: "Number of paths (overrides simulation.paths); at least 1.") var paths: Int?
    @Option(help: "Master seed (overrides simulation.seed).") var seed: UInt64?
    @Option(help: "Worker threads (default: all cores); at least 1. Results do not depend on it.") var threads: Int?

    var overrides: [String] { scenarioValues.overrides }

    /// The thread count to use: `--threads` or every active core.
    var resolvedThreads: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let paths, paths < 1 { throw ValidationError("--paths must be at least 1, got \(paths)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }
}

extension ShardSpec: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
    public static var defaultCompletionKind: CompletionKind { .default }
}

/// `--format json,csv,md,html`: a comma-separated selection of report files.
struct ReportFormatSelection: ExpressibleByArgument {
    var formats: [ReportFormat]

    init(formats: [ReportFormat]) { self.formats = formats }
    init?(argument: String) {
        guard let formats = try? ReportFormat.parseList(argument) else { return nil }
        self.formats = formats
    }
    static var all: ReportFormatSelection { ReportFormatSelection(formats: ReportFormat.allCases) }
    var defaultValueDescription: String { formats.map(\.rawValue).joined(separator: ",") }
}
