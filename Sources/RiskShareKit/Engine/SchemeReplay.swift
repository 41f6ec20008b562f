import Dispatch
import Synchronization

/// Several risk-sharing schemes run on one simulation of the defaults.
///
/// Scheme variants, scenarios that differ only in `risk_sharing`, `report` and `capital`, draw
/// exactly the same defaults: the draws depend on the book, the economy and the simulation
/// settings alone. So each block's default events are simulated once, kept in a `DefaultRecord`,
/// and replayed through every variant's `PathWaterfall`, the code a run of the variant uses. Each
/// variant's path table is therefore bit-identical to `Simulation.run` of that variant, while the
/// defaults cost one simulation instead of one per variant.
///
/// Each path-year is then closed for all variants at once: the work that does not depend on the
/// scheme (the year's time order and totals, `YearFrame`) is done once, and so are the mechanisms
/// the variants have in common (`SharedMechanisms`: e.g. a guarantee layer and a subsidy that
/// every variant of a pool sweep keeps), each variant running only its own mechanisms from there.
///
/// Memory: a worker holds the events of the block it is on (one `DefaultRecord`, reused) and one
/// working set per variant; the variants' path tables are assembled side by side
/// (`MemoryBudget.estimateReplay` counts both).
public struct SchemeReplay: Sendable {
    /// One simulation per variant, in the order given; all share the first one's loan book,
    /// thresholds and samplers.
    public let simulations: [Simulation]

    /// - Parameters:
    ///   - scenarios: the variants, at least one. They must agree everywhere outside
    ///     `risk_sharing`, `report` and `capital` (the caller compares their documents); the
    ///     simulation settings and the size of the book are checked here.
    ///   - algorithm: how defaults are drawn (`Simulation.Algorithm`).
    public init(scenarios: [Scenario], algorithm: Simulation.Algorithm = .conditional) {
        precondition(!scenarios.isEmpty, "a replay needs at least one scheme")
        let base = Simulation(scenario: scenarios[0], algorithm: algorithm)
        let settings = scenarios[0].simulation
        simulations = scenarios.enumerated().map { i, scenario in
            precondition(
                scenario.simulation.drawsSamePaths(as: settings) && scenario.portfolio.loanCount == scenarios[0].portfolio.loanCount,
                "scheme variants share the simulation settings and the book")
            return i == 0 ? base : Simulation(scenario: scenario, sharingDefaultsOf: base)
        }
    }

    /// Runs every block once for the defaults and once per variant for the waterfall, on
    /// `threads` workers; returns each variant's path table, in variant order. `progress` is
    /// called with the number of finished blocks and the total, from worker threads. Stops early,
    /// returning nil, when `isCancelled` turns true.
    public func run(
        threads: Int, progress: (@Sendable (Int, Int) -> Void)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) -> [PathTable]? {
        let first = simulations[0]
        let blockCount = first.scenario.simulation.blockCount
        let total = first.scenario.simulation.paths
        let widths = simulations.map { $0.columns.count + 1 }
        let assemblies = Mutex(widths.map { Assembly(blocks: blockCount, width: $0, paths: total) })
        let finished = Atomic<Int>(0)
        let work = Atomic<Int>(0)
        let workers = max(1, min(threads, blockCount))
        let record = GSL.currentRecord
        let simulations = simulations
        let sharing = SharedMechanisms.groups(of: simulations.map(\.plan))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            GSL.recording(into: record) {
                var drawer = PathSimulator(simulation: first)
                let workspace = ReplayWorkspace(simulations: simulations, sharing: sharing)
                let events = DefaultRecord(horizon: first.scenario.simulation.horizonYears, segmentCount: first.book.segmentNames.count)
                var block = worker
                while block < blockCount {
                    if isCancelled?() == true { return }
                    drawer.recordBlock(block, into: events)
                    work.add(drawer.work, ordering: .relaxed)
                    drawer.work = 0
                    let columns = events.replay(into: workspace)
                    assemblies.withLock { state in
                        for v in state.indices { state[v].add(columns[v], at: block, width: widths[v]) }
                    }
                    progress?(finished.add(1, ordering: .relaxed).newValue, blockCount)
                    block += workers
                }
            }
        }
        if isCancelled?() == true { return nil }
        guard
            let tables = assemblies.withLock({ state -> [[[Double]]]? in
                state.allSatisfy { $0.next == blockCount } ? state.map(\.table) : nil
            })
        else { return nil }
        let done = Double(work.load(ordering: .relaxed))
        var pathTables = zip(simulations, tables).map { $0.pathTable($1, work: done) }
        // The variants' columns in common (gross loss, parties no varied mechanism reaches) are
        // summarised once for all their reports.
        for v in pathTables.indices.dropFirst() { pathTables[v].shareSummaries(with: pathTables[0]) }
        return pathTables
    }
}
