import Dispatch
import Synchronization

/// The default events of every block of a run, kept for schemes simulated one after another.
///
/// `solve` and `optimize` evaluate scheme variants one at a time, each chosen from the results of
/// the ones before, so the block-by-block `SchemeReplay` cannot serve them. When their searched
/// parameters lie in `risk_sharing`, `report` or `capital`, they record the defaults of the whole
/// run once (`record`) and replay the record through each evaluation's waterfall (`replay`): each
/// evaluation's table is bit-identical to `Simulation.run` of its scenario. The record holds every
/// path's events, so the caller checks `MemoryBudget.recordedDefaultsBytes` against the memory
/// left before recording.
public final class RecordedDefaults: Sendable {
    /// The simulation whose defaults were recorded; its book, thresholds and samplers are shared
    /// by the variants replayed.
    public let simulation: Simulation
    private let blocks: [DefaultRecord]
    /// Simulation effort of the recording (`PathTable.work`), the same for every variant.
    private let work: Double

    private init(simulation: Simulation, blocks: [DefaultRecord], work: Double) {
        self.simulation = simulation
        self.blocks = blocks
        self.work = work
    }

    /// Simulates every block of `scenario` on `threads` workers, keeping the default events.
    /// Returns nil when `isCancelled` turns true.
    public static func record(_ scenario: Scenario, threads: Int, isCancelled: (@Sendable () -> Bool)? = nil) -> RecordedDefaults? {
        let simulation = Simulation(scenario: scenario)
        let blockCount = scenario.simulation.blockCount
        let records = Mutex<[DefaultRecord?]>(Array(repeating: nil, count: blockCount))
        let work = Atomic<Int>(0)
        let workers = max(1, min(threads, blockCount))
        let gslRecord = GSL.currentRecord
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            GSL.recording(into: gslRecord) {
                var drawer = PathSimulator(simulation: simulation)
                for block in stride(from: worker, to: blockCount, by: workers) {
                    if isCancelled?() == true { return }
                    let record = DefaultRecord(horizon: scenario.simulation.horizonYears, segmentCount: simulation.book.segmentNames.count)
                    drawer.recordBlock(block, into: record)
                    record.trim()
                    records.withLock { $0[block] = record }
                }
                work.add(drawer.work, ordering: .relaxed)
            }
        }
        if isCancelled?() == true { return nil }
        let blocks = records.withLock { $0 }.compactMap { $0 }
        guard blocks.count == blockCount else { return nil }
        return RecordedDefaults(simulation: simulation, blocks: blocks, work: Double(work.load(ordering: .relaxed)))
    }

    /// The simulation of `scenario`, a scheme variant of the recorded one (they differ at most
    /// in `risk_sharing`, `report` and `capital`; the caller compares their documents).
    public func variant(_ scenario: Scenario) -> Simulation {
        precondition(
            scenario.simulation.drawsSamePaths(as: simulation.scenario.simulation),
            "a replayed scheme shares the recorded simulation settings")
        return Simulation(scenario: scenario, sharingDefaultsOf: simulation)
    }

    /// Runs the recorded defaults through `variant`'s waterfall on `threads` workers: the path
    /// table `variant.run(threads:)` would return. Returns nil when `isCancelled` turns true.
    public func replay(_ variant: Simulation, threads: Int, isCancelled: (@Sendable () -> Bool)? = nil) -> PathTable? {
        let blockCount = blocks.count
        let width = variant.columns.count + 1
        let assembly = Mutex(Assembly(blocks: blockCount, width: width, paths: variant.scenario.simulation.paths))
        let workers = max(1, min(threads, blockCount))
        let blocks = blocks
        let gslRecord = GSL.currentRecord
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            GSL.recording(into: gslRecord) {
                let workspace = ReplayWorkspace(simulations: [variant])
                for block in stride(from: worker, to: blockCount, by: workers) {
                    if isCancelled?() == true { return }
                    let columns = blocks[block].replay(into: workspace)[0]
                    assembly.withLock { $0.add(columns, at: block, width: width) }
                }
            }
        }
        if isCancelled?() == true { return nil }
        guard let table = assembly.withLock({ state -> [[Double]]? in state.next == blockCount ? state.table : nil }) else { return nil }
        return variant.pathTable(table, work: work)
    }
}
