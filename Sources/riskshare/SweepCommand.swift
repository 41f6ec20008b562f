import ArgumentParser
import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import RiskShareSupport

/// `riskshare sweep`: many variants of one scenario on common random numbers, one row each.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a grid of scenario variants and tabulate report metrics.",
        discussion: """
            Every variant uses the same seed and random streams, so differences between rows are the \
            effect of the parameters, not noise. Each metric is reported with its standard error and \
            with its difference from the baseline variant (--baseline, default 1) and the standard error \
            of that paired difference, which is usually far smaller. Example:
              riskshare sweep s.yaml --vary 'risk_sharing.layers[0].shares.bank=0.5:0.3:-0.05' \\
                --vary 'risk_sharing.layers[type=compensation_pool].initial_balance=2e8,5e8' \\
                --metric parties.bank.loss.quantiles.0.99 --metric pools.pool.p_exhausted --out sweep.csv
            With --shard K/N, only the K-th of N slices of the variant list runs (plus the baseline, for \
            the differences) and a partial result is written to the --out folder; `riskshare merge` \
            joins the slices.
            """)

    @Argument(help: "Scenario file (YAML or JSON); its sweep: section supplies defaults.") var scenario: String
    @Option(name: .customLong("vary"), help: "PATH=v1,v2,... or PATH=start:stop:step (repeatable; replaces the file's sweep.vary).")
    var vary: [String] = []
    @Flag(help: "Read the --vary lists side by side instead of forming the full grid.") var zip = false
    @Option(name: .customLong("metric"), help: "JSON path into report.json, e.g. parties.bank.loss.quantiles.0.99 (repeatable).")
    var metrics: [String] = []
    @Option(
        help:
            "Output file (CSV, or JSON lines with --jsonl); the readable table then goes to standard output. Without it, standard output gets the CSV, or the readable table when it is a terminal. With --shard: a folder."
    )
    var out: String?
    @Flag(help: "Write JSON lines instead of CSV.") var jsonl = false
    @Option(help: "Also write a self-contained HTML page charting each metric against the varied parameters.") var html: String?
    @OptionGroup var simulation: SimulationOptions
    @Option(help: "Run only the K-th of N slices of the variants: K/N with 1 <= K <= N.") var shard: ShardSpec?
    @Option(
        parsing: .unconditional,
        help:
            "The variant (1-based, in grid order) the others are compared with: differences and their paired standard errors (default: 1).")
    var baseline: Int = 1

    func validate() throws {
        if shard != nil && out == nil { throw ValidationError("--shard needs --out FOLDER for the partial result") }
    }

    /// Writes a line of the sweep's log (how its defaults are simulated) to standard error.
    @Sendable static func log(_ line: String) { logLine(command: "sweep")(line) }

    /// A writer of `command`'s log lines (how its defaults are simulated) to standard error.
    static func logLine(command: String) -> @Sendable (String) -> Void {
        { line in FileHandle.standardError.write(Data("\(command): \(line)\n".utf8)) }
    }

    func run() throws {
        let interruption = Interruption.install()
        defer { withExtendedLifetime(interruption) {} }
        if let out, let html, shard == nil { try FileOutput.checkDistinct([("--out", out), ("--html", html)]) }
        var request = SweepRequest(scenarioFile: scenario)
        request.vary = vary
        request.zipped = zip
        request.metrics = metrics
        request.overrides = simulation.overrides
        request.paths = simulation.paths
        request.seed = simulation.seed
        request.threads = simulation.resolvedThreads
        request.baseline = baseline
        let setup = try SweepSetup(request)
        let progress = ProgressBar.forStandardError(unit: "variants")
        if let shard {
            guard
                let partial = try SweepPartial.run(
                    setup, shard: shard, threads: request.threads, progress: progress?.update,
                    isCancelled: interruption.isSet, log: Self.log)
            else { interruption.exitInterrupted() }
            progress?.finish()
            try interruption.writing { try partial.write(to: out!, isCancelled: $0) }
            FileHandle.standardError.write(
                Data(
                    "sweep shard \(shard): \(partial.rows.count) of \(partial.totalVariants) variants -> \(out!)/\(SweepPartial.fileName)\n"
                        .utf8))
            return
        }
        guard
            let rows = try SweepRunner.run(
                setup, threads: request.threads, progress: progress?.update, isCancelled: interruption.isSet, log: Self.log)
        else {
            interruption.exitInterrupted()
        }
        progress?.finish()
        let baseline = try setup.scenario(for: setup.baseline)
        let summary = SweepSummary(
            scenario: scenario, currency: baseline.currency, paths: baseline.simulation.paths,
            blockPaths: baseline.simulation.blockPaths,
            axes: setup.grid.axes.map(\.path.description), metrics: setup.metrics.map(\.description),
            baseline: setup.baseline.number, rows: rows)
        var extra: [(path: String, text: String)] = []
        if let html { extra.append((html, SweepHTML.render(summary))) }
        try SweepFiles.emit(
            rows: rows, axes: summary.axes, metrics: summary.metrics, out: out, jsonl: jsonl, readable: summary,
            alongside: extra, interruption: interruption)
        if let html { FileHandle.standardError.write(Data("charts -> \(html)\n".utf8)) }
    }
}

/// Where sweep tables go: the CSV or JSON lines to a file (written atomically) or to standard
/// output; the readable table (`readable`) to standard output when the data went to a file, or
/// instead of the CSV when standard output is a terminal (a pipe or a file still gets the CSV).
enum SweepFiles {
    /// `alongside` files (the HTML charts) are written in the same all-or-nothing set as `out`.
    static func emit(
        rows: [SweepRow], axes: [String], metrics: [String], out: String?, jsonl: Bool,
        readable: SweepSummary? = nil, alongside: [(path: String, text: String)] = [],
        interruption: Interruption
    ) throws {
        let asLines = jsonl || (out?.hasSuffix(".jsonl") ?? false)
        let text = asLines ? SweepOutput.jsonLines(rows, axes: axes, metrics: metrics) : SweepOutput.csv(rows, axes: axes, metrics: metrics)
        let files = (out.map { [($0, text)] } ?? []) + alongside
        if !files.isEmpty { try interruption.writing { try FileOutput.writeAll(files, isCancelled: $0) } }
        if let out {
            if let readable { print(SweepTable.render(readable), terminator: "") }
            FileHandle.standardError.write(Data("\(rows.count) variants -> \(out)\n".utf8))
        } else if let readable, isatty(STDOUT_FILENO) == 1 {
            print(SweepTable.render(readable), terminator: "")
            print("(for the \(asLines ? "JSON lines" : "CSV"), write to a file with --out FILE or pipe the output)")
        } else {
            print(text, terminator: "")
        }
    }
}
