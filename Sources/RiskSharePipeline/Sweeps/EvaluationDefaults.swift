import Foundation
import RiskShareKit
import RiskShareSupport
import Synchronization

/// The defaults shared by the evaluations of `solve` and `optimize`, which simulate designs one
/// after another.
///
/// An evaluation whose resolved document, without `risk_sharing`, `report` and `capital`, equals
/// its setup's base document (the scenario with its overrides, before the searched values are
/// set) is a scheme variant of it: the first such evaluation simulates the defaults of the whole
/// run once and keeps them (`RecordedDefaults`), and every later one with the same document
/// replays them through its own waterfall, bit-identical to simulating it. Evaluations that change
/// the book, the economy or the simulation settings are simulated in full. The record is kept
/// only when the run's estimate plus the record (`MemoryBudget.recordedDefaultsBytes`) fits in the
/// memory left; otherwise every evaluation is simulated in full, and the log says why. One
/// instance may serve several setups (the families of a frontier) whose base documents agree.
public final class EvaluationDefaults: Sendable {
    private struct Recording: @unchecked Sendable {
        /// `SweepSetup.defaultsKey` of the recorded scenario.
        var key: ScenarioNode
        var defaults: RecordedDefaults
    }

    private struct State: Sendable {
        var recording: Recording?
        /// Whether the record was refused for memory (then it is not tried again).
        var refused = false
        var logged = false
    }

    private let state = Mutex(State())
    private let log: (@Sendable (String) -> Void)?
    private let limit: @Sendable () -> MemoryBudget.Limit

    /// - Parameters:
    ///   - log: receives one line when the defaults are first recorded for replay, or refused for
    ///     memory (evaluations that change the book simulate their defaults as always, unsaid).
    ///   - limit: the memory the process may use (`MemoryBudget.limit()`; tests pass their own).
    public init(
        log: (@Sendable (String) -> Void)? = nil,
        limit: @escaping @Sendable () -> MemoryBudget.Limit = { MemoryBudget.limit() }
    ) {
        self.log = log
        self.limit = limit
    }

    /// Whether an evaluation has replayed recorded defaults (for tests and logs).
    public var isRecording: Bool { state.withLock { $0.recording != nil } }

    /// The simulation and path table of `variant` of `setup` (with the scenario already decoded):
    /// replayed from the record when its defaults are the recorded ones, recorded first when it is
    /// a scheme variant of its base document and nothing is recorded yet, simulated in full
    /// otherwise. Nil when cancelled.
    func simulate(
        _ setup: SweepSetup, variant: SweepVariant, scenario: Scenario, threads: Int,
        isCancelled: (@Sendable () -> Bool)?
    ) throws -> (Simulation, PathTable)? {
        let key = try setup.defaultsKey(for: variant)
        let current = state.withLock { $0 }
        if let recording = current.recording, recording.key == key {
            let simulation = recording.defaults.variant(scenario)
            return recording.defaults.replay(simulation, threads: threads, isCancelled: isCancelled).map { (simulation, $0) }
        }
        let isSchemeVariant = key == setup.baseDefaultsKey
        if isSchemeVariant && current.recording == nil && !current.refused {
            let available = limit()
            var needed = MemoryBudget.estimate(scenario, threads: threads)
            needed.add("recorded defaults", MemoryBudget.recordedDefaultsBytes(scenario))
            if needed.total + available.perThreadReservation * Double(threads) <= available.bytes {
                note(
                    "defaults: the searched values lie in risk_sharing, report or capital: the defaults are simulated once, kept ("
                        + MemoryBudget.format(MemoryBudget.recordedDefaultsBytes(scenario))
                        + " at most) and replayed through each evaluation's scheme")
                guard let defaults = RecordedDefaults.record(scenario, threads: threads, isCancelled: isCancelled) else { return nil }
                state.withLock { $0.recording = Recording(key: key, defaults: defaults) }
                let simulation = defaults.variant(scenario)
                return defaults.replay(simulation, threads: threads, isCancelled: isCancelled).map { (simulation, $0) }
            }
            state.withLock { $0.refused = true }
            note(
                "defaults: keeping them for replay would need an estimated \(needed); \(MemoryBudget.format(available.bytes)) is "
                    + "\(available.source): every evaluation simulates its own defaults")
        }
        let simulation = Simulation(scenario: scenario)
        return simulation.run(threads: threads, isCancelled: isCancelled).map { (simulation, $0) }
    }

    /// Logs `line` once (the first decision made).
    private func note(_ line: String) {
        let first = state.withLock { state -> Bool in
            defer { state.logged = true }
            return !state.logged
        }
        if first { log?(line) }
    }
}

extension SweepSetup {
    /// `defaultsKey` of the base document (no axis value set): an evaluation with the same key is a
    /// scheme variant of the base scenario.
    var baseDefaultsKey: ScenarioNode {
        var node = document
        if case .map(let entries) = node.value { node.value = .map(entries.filter { !Self.schemeSections.contains($0.key) }) }
        return node.withoutLines()
    }
}
