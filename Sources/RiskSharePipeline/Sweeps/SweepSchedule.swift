import RiskShareKit

/// How a sweep's variants are simulated: scheme variants on shared defaults, the rest alone.
///
/// Variants whose resolved documents agree once `risk_sharing`, `report` and `capital` are
/// removed (`SweepSetup.defaultsGroups`) draw the same default events; each such group of two or
/// more is run as `SchemeReplay` (the defaults of each block simulated once, replayed through
/// every variant's waterfall). A group too large for memory is cut into chunks that fit, each
/// simulating the defaults once. Every other variant (one that changes the book, the economy or
/// the simulation settings, alone in its group) is simulated on its own as before.
public struct SweepSchedule: Sendable, CustomStringConvertible {
    /// Chunks of scheme variants, each replayed on one simulation of its defaults.
    public var replayed: [[SweepVariant]]
    /// Variants simulated on their own.
    public var separate: [SweepVariant]

    /// - Parameters:
    ///   - setup: the prepared sweep.
    ///   - variants: the variants to run (a shard's slice and the baseline).
    ///   - threads: the workers of each replay (each holds one block's defaults).
    ///   - limit: the memory the chunks must fit in (`MemoryBudget.limit()`).
    /// - Throws: `ScenarioError` when a variant's scenario is invalid. (Scheme variants of which
    ///   not even two fit together are run alone, and checked as such by the caller.)
    public init(_ setup: SweepSetup, variants: [SweepVariant], threads: Int, limit: MemoryBudget.Limit = MemoryBudget.limit()) throws {
        replayed = []
        separate = []
        for group in try setup.defaultsGroups(variants) {
            guard group.count > 1 else {
                separate += group
                continue
            }
            let scenarios = try group.map { try setup.scenario(for: $0) }
            var size = scenarios.count
            func fits(_ count: Int) -> Bool {
                let estimate = MemoryBudget.estimateReplay(Array(scenarios.prefix(count)), threads: threads)
                return estimate.total + limit.perThreadReservation * Double(threads) <= limit.bytes
            }
            while size > 1 && !fits(size) { size = (size + 1) / 2 }
            if size == 1 {
                separate += group
                continue
            }
            for start in stride(from: 0, to: group.count, by: size) {
                let chunk = Array(group[start..<min(start + size, group.count)])
                if chunk.count == 1 { separate += chunk } else { replayed.append(chunk) }
            }
        }
        separate.sort { $0.number < $1.number }
    }

    /// Simulations of the defaults this schedule runs (one per chunk and per separate variant).
    public var defaultSimulations: Int { replayed.count + separate.count }

    /// One line for the sweep's log: which variants replay shared defaults and which run alone.
    public var description: String {
        let replayedCount = replayed.reduce(0) { $0 + $1.count }
        let total = replayedCount + separate.count
        if replayedCount == 0 {
            return
                "defaults: each of the \(total) variants simulated on its own (they differ outside risk_sharing, report and capital)"
        }
        var text =
            "defaults: \(replayedCount) variants differ only in risk_sharing, report or capital: their defaults are simulated "
            + (replayed.count == 1 ? "once" : "once per group of \(replayed.map { String($0.count) }.joined(separator: ", "))")
            + " and replayed through each scheme"
        if !separate.isEmpty { text += "; \(separate.count) other variants simulated on their own" }
        let simulations = defaultSimulations == 1 ? "1 simulation" : "\(defaultSimulations) simulations"
        return text + " (\(simulations) of the defaults for \(total) variants)"
    }
}
