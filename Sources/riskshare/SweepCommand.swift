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
        effect of the parameters, not noise. Example:
          riskshare sweep s.yaml --vary 'risk_sharing.layers[0].shares.bank=0.5:0.3:-0.05' \\
            --vary 'risk_sharing.layers[type=compensation_pool].initial_balance=2e8,5e8' \\
            --metric parties.bank.loss.quantiles.0.99 --metric pools.pool.p_exhausted --out sweep.csv
        With --shard K/N, only the K-th of N slices of the variant list runs and a partial result \
        is written to the --out folder; `riskshare merge` joins the slices.
        """)

    @Argument(help: "Scenario file (YAML or JSON); its sweep: section supplies defaults.") var scenario: String
    @Option(name: .customLong("vary"), help: "PATH=v1,v2,... or PATH=start:stop:step (repeatable; replaces the file's sweep.vary).")
    var vary: [String] = []
    @Flag(help: "Read the --vary lists side by side instead of forming the full grid.") var zip = false
    @Option(name: .customLong("metric"), help: "JSON path into report.json, e.g. parties.bank.loss.quantiles.0.99 (repeatable).")
    var metrics: [String] = []
    @Option(help: "Output file (CSV, or JSON lines with --jsonl); default standard output. With --shard: a folder.") var out: String?
    @Flag(help: "Write JSON lines instead of CSV.") var jsonl = false
    @Option(help: "Also write a self-contained HTML page charting each metric against the varied parameters.") var html: String?
    @OptionGroup var simulation: SimulationOptions
    @Option(help: "Run only the K-th of N slices of the variants: K/N with 1 <= K <= N.") var shard: ShardSpec?

    func validate() throws {
        if shard != nil && out == nil { throw ValidationError("--shard needs --out FOLDER for the partial result") }
    }

    func run() throws {
        var request = SweepRequest(scenarioFile: scenario)
        request.vary = vary
        request.zipped = zip
        request.metrics = metrics
        request.overrides = simulation.overrides
        request.paths = simulation.paths
        request.seed = simulation.seed
        request.threads = simulation.resolvedThreads
        let setup = try SweepSetup(request)
        let progress = ProgressBar.forStandardError(unit: "variants")
        if let shard {
            guard let partial = try SweepPartial.run(setup, shard: shard, threads: request.threads, progress: progress?.update) else {
                throw ExitCode(130)
            }
            progress?.finish()
            try partial.write(to: out!)
            FileHandle.standardError.write(Data("sweep shard \(shard): \(partial.rows.count) of \(partial.totalVariants) variants -> \(out!)/\(SweepPartial.fileName)\n".utf8))
            return
        }
        guard let rows = try SweepRunner.run(setup, threads: request.threads, progress: progress?.update) else { throw ExitCode(130) }
        progress?.finish()
        try SweepFiles.emit(rows: rows, axes: setup.grid.axes.map(\.path.description), metrics: setup.metrics.map(\.description),
                            out: out, jsonl: jsonl)
        if let html {
            try FileOutput.write(SweepHTML.render(rows: rows, axes: setup.grid.axes.map(\.path.description),
                                                  metrics: setup.metrics.map(\.description), scenario: scenario), to: html)
            FileHandle.standardError.write(Data("charts -> \(html)\n".utf8))
        }
    }
}

/// Where sweep tables go: a file (written atomically) or standard output.
enum SweepFiles {
    static func emit(rows: [SweepRow], axes: [String], metrics: [String], out: String?, jsonl: Bool) throws {
        let asLines = jsonl || (out?.hasSuffix(".jsonl") ?? false)
        let text = asLines ? SweepOutput.jsonLines(rows, axes: axes, metrics: metrics) : SweepOutput.csv(rows, axes: axes, metrics: metrics)
        if let out {
            try FileOutput.write(text, to: out)
            FileHandle.standardError.write(Data("\(rows.count) variants -> \(out)\n".utf8))
        } else {
            print(text, terminator: "")
        }
    }
}
