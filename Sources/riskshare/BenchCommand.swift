import ArgumentParser
import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the reference scenarios in Scenarios/bench/ (simulation and waterfall, no I/O).",
        discussion:
            "Prints loans, years, paths, wall time, nanoseconds per loan-year-path, loan-years per second, threads and peak memory, then the time to build the report from the run's per-path results (statistics and every section, no file output) and its share of simulation plus report. With --baseline, each scenario is also run loan by loan (one latent variable per loan and year) and the speed-up is shown."
    )

    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Option(help: "Override the scenarios' path counts (for a quick look).") var paths: Int?
    @Option(help: "Folder of benchmark scenarios.") var scenarios: String = "Scenarios/bench"
    @Flag(help: "Also time the loan-by-loan reference algorithm and print the speed-up.") var baseline = false
    @Argument(help: "Scenario files to time instead of the folder's.") var files: [String] = []

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if let paths, paths < 1 { throw ValidationError("--paths must be at least 1, got \(paths)") }
    }

    func run() throws {
        var list = files
        if list.isEmpty {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios)) ?? []
            list = names.filter { $0.hasSuffix(".yaml") }.sorted().map { scenarios + "/" + $0 }
            if list.isEmpty { throw ValidationError("no .yaml scenarios in \(scenarios)") }
        }
        let workers = threads ?? ProcessInfo.processInfo.activeProcessorCount
        var rows = [
            [
                "scenario", "algorithm", "loans", "years", "paths", "threads", "seconds", "ns/loan-year", "loan-years/s", "peak MiB",
                "report s", "report %", "speed-up",
            ]
        ]
        for file in list {
            let fast = try Benchmark.run(file: file, threads: workers, paths: paths)
            var speedUp = ""
            if baseline {
                let slow = try Benchmark.run(file: file, threads: workers, paths: paths, algorithm: .loanByLoan, report: false)
                speedUp = String(format: "%.1fx", slow.seconds / fast.seconds)
                rows.append(row(slow, ""))
            }
            rows.append(row(fast, speedUp))
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max()! }
        for r in rows {
            print(
                r.enumerated().map { c, cell in
                    let pad = String(repeating: " ", count: widths[c] - cell.count)
                    return c < 2 ? cell + pad : pad + cell
                }.joined(separator: "  "))
        }
    }

    private func row(_ r: BenchmarkResult, _ speedUp: String) -> [String] {
        [
            r.name, r.algorithm, String(r.loans), String(r.years), String(r.paths), String(r.threads),
            String(format: "%.2f", r.seconds), String(format: "%.2f", r.nanosecondsPerLoanYear),
            String(format: "%.3g", r.loanYearsPerSecond), String(r.peakMemoryBytes >> 20),
            r.reportSeconds.map { String(format: "%.3f", $0) } ?? "-", r.reportShare.map { String(format: "%.1f", $0 * 100) } ?? "-",
            speedUp,
        ]
    }
}
