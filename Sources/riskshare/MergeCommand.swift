import ArgumentParser
import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import RiskShareSupport

/// `riskshare merge`: joins the partial results of a sharded run or sweep.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the partial results of `run --shard` or `sweep --shard`.",
        discussion: """
            Give every shard's folder, in any order. For a run, the merged report.json is identical to \
            the unsharded run's apart from run.threads and run.elapsed_seconds (here: the largest thread \
            count and the total seconds over shards). The scenario's loan tapes, if any, must be readable \
            at the path recorded by the shards. Example with GNU parallel:
              parallel riskshare run s.yaml --shard {}/8 --out parts/{} ::: $(seq 8)
              riskshare merge parts/* --out Reports/s
            """)

    @Argument(help: "Folders written by `run --shard K/N` or `sweep --shard K/N`.") var directories: [String]
    @Option(help: "Run: output folder (default Reports/<scenario name>). Sweep: output file (default standard output).") var out: String?
    @Option(name: .customLong("paths-out"), help: "Run only: also write one CSV row per path to this file.") var pathsOut: String?
    @Flag(help: "Sweep only: write JSON lines instead of CSV.") var jsonl = false

    func validate() throws {
        if directories.isEmpty { throw ValidationError("give the folders of the shards to merge") }
    }

    func run() throws {
        let interruption = Interruption.install()
        defer { withExtendedLifetime(interruption) {} }
        let isSweep = directories.allSatisfy { FileManager.default.fileExists(atPath: $0 + "/" + SweepPartial.fileName) }
        if isSweep {
            let merged = try SweepPartial.merge(try directories.map(SweepPartial.read(from:)))
            try SweepFiles.emit(
                rows: merged.rows, axes: merged.axes, metrics: merged.metrics, out: out, jsonl: jsonl, interruption: interruption)
            return
        }
        let outcome = try ShardRunner.merge(directories: directories, outDirectory: out, pathsOut: pathsOut != nil)
        var request = RunRequest(scenarioFile: outcome.simulation.scenario.source.file)
        request.outDirectory = outcome.outDirectory
        request.pathsOut = pathsOut
        try FileOutput.checkDistinct(Runner.outputs(of: request, scenarioName: outcome.simulation.scenario.name))
        try interruption.writing { try Runner.write(outcome, request: request, isCancelled: $0) }
        print(TextSummary.render(report: outcome.report), terminator: "")
        print("\nreport: \(outcome.outDirectory)/report.json (merged from \(directories.count) shards)")
    }
}
