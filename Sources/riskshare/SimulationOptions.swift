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
    // `.unconditional`: a negative number is read as the value (and refused by `validate`) rather
    // than as an unknown option, which would report the value as missing.
    @Option(parsing: .unconditional, help: "Number of paths (overrides simulation.paths); at least 1.") var paths: Int?
    @Option(
        parsing: .unconditional, help: "Master seed (overrides simulation.seed): a whole number from 0 to 2^64 - 1.",
        transform: SimulationOptions.seed)
    var seed: UInt64?
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores); at least 1. Results do not depend on it.") var threads:
        Int?

    var overrides: [String] { scenarioValues.overrides }

    /// The thread count to use: `--threads` or every active core.
    var resolvedThreads: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    static func seed(_ text: String) throws -> UInt64 {
        guard let seed = UInt64(text) else {
            throw ValidationError("must be a whole number from 0 to \(UInt64.max)")
        }
        return seed
    }

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

/// `--lang en|zh`: the language of report.md, report.html and the printed summary.
extension ReportLanguage: ExpressibleByArgument {}
