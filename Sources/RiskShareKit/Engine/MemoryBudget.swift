import Foundation

/// Refuses, before it starts, a run whose memory would exceed what the machine has.
///
/// The estimate counts the loan book and its simulation tables, the per-path results (one row of
/// doubles per path for every reported quantity, held twice while blocks are assembled into
/// columns, plus the sorted copy statistics make of each column in turn) and one working set per
/// thread. It errs on the high side by a small factor; the limit is the memory the kernel says is
/// available (MemAvailable), or physical memory when that is unknown.
public enum MemoryBudget {
    /// Estimated peak bytes of simulating and reporting `scenario`.
    public static func estimate(_ scenario: Scenario, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> Double {
        let loans = Double(scenario.portfolio.segments.reduce(0) { $0 + ($1.tape?.count ?? $1.count) })
        let years = Double(scenario.simulation.horizonYears)
        let paths = Double(scenario.simulation.paths)
        // Columns: gross, defaults, 3 per year; per party a total and one per year (losses, fees,
        // subsidies); per layer its cap, pool balance and flags; tolerance and fiscal columns; the
        // gross loss of each segment.
        let parties = Double(scenario.riskSharing.parties.count)
        let layers = Double(scenario.riskSharing.layers.count)
        let segments = Double(scenario.portfolio.segments.count)
        let segmentColumns = segments <= Double(Simulation.segmentColumnLimit) ? segments : 0
        let columns = 3 + 3 * years + parties * (1 + years) * 3 + layers * (2 + 3 * years) + 8 * years + segmentColumns
        let perPath = columns * 8 * 2.5
        let book = loans * 160
        let perThread = loans * 24 + 4_000_000
        return paths * perPath + book + Double(max(threads, 1)) * perThread + 64e6
    }

    /// Bytes the system can give this process.
    public static func available() -> Double {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let fields = line.split(separator: " ")
                if fields.count >= 2, let kb = Double(fields[1]) { return kb * 1024 }
            }
        }
        return Double(ProcessInfo.processInfo.physicalMemory)
    }

    /// Throws when the estimate exceeds the available memory.
    public static func check(_ scenario: Scenario) throws {
        let needed = estimate(scenario)
        let have = available()
        if needed > have {
            throw ScenarioError(file: scenario.source.file, path: "simulation.paths", line: nil, value: String(scenario.simulation.paths),
                                message: String(format: "needs an estimated %.1f GiB of memory (%d loans, %d paths, %d years); this machine has %.1f GiB available. Use fewer paths, or shard the run (--shard K/N) and merge", needed / 1_073_741_824, Int(scenario.portfolio.segments.reduce(0) { $0 + ($1.tape?.count ?? $1.count) }), scenario.simulation.paths, scenario.simulation.horizonYears, have / 1_073_741_824))
        }
    }
}
