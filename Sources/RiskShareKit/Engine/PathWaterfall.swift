import Foundation

/// Closes the years and the path of one scheme: the year's totals (gross loss, defaults, NPL
/// ratio, losses by segment), its defaults through the risk-sharing plan in the order they
/// happened, and the path's record.
///
/// The default events it consumes come either straight from `PathSimulator` (a run) or from a
/// `DefaultRecord` of the same draws (scheme variants replayed on shared defaults,
/// `SchemeReplay`); both go through exactly this code, so a replayed variant's record is
/// bit-identical to the variant's own run.
struct PathWaterfall {
    let plan: RiskSharingPlan
    let needsOrder: Bool
    let horizon: Int
    /// Number of values recorded per path (the simulation's columns and the weight).
    let width: Int

    var riskState: RiskSharingState
    /// The year's defaults and totals when the waterfall is fed events one year at a time (a
    /// run); a replay hands a frame shared by its schemes instead.
    let frame: YearFrame
    /// Gross loss, defaults and NPL ratio of each year of the path.
    let yearLoss: WorkingBuffer<Double>
    let yearDefaults: WorkingBuffer<Double>
    let yearNPL: WorkingBuffer<Double>
    /// The path's record (`width` values).
    let record: WorkingBuffer<Double>

    init(simulation: Simulation) {
        plan = simulation.plan
        needsOrder = plan.needsChronologicalOrder
        horizon = simulation.scenario.simulation.horizonYears
        width = simulation.columns.count + 1
        riskState = plan.makeState()
        frame = YearFrame(simulation: simulation, inTimeOrder: needsOrder, listsGroups: plan.hasMechanisms)
        yearLoss = WorkingBuffer(repeating: 0, count: horizon)
        yearDefaults = WorkingBuffer(repeating: 0, count: horizon)
        yearNPL = WorkingBuffer(repeating: 0, count: horizon)
        record = WorkingBuffer(repeating: 0, count: width)
        precondition(
            width == 2 + 3 * horizon + plan.columns.count + frame.segmentLoss.count + 1,
            "the engine's columns, the plan's and the segments' make up the record")
    }

    /// Every account at zero.
    mutating func beginPath() {
        frame.beginPath()
        plan.beginPath(&riskState)
    }

    /// Every account at zero, for a path replayed on shared frames and, when given, mechanisms
    /// run once for several schemes (`SharedWaterfall`, which the replay resets itself).
    mutating func beginPath(shared: SharedWaterfall?) { plan.beginPath(&riskState, shared: shared) }

    /// The year's totals, and its defaults through the waterfall in the order they happened.
    /// - Parameters:
    ///   - year: 1-based year of the path.
    ///   - path: the path's number in the run (keys the order of the year's defaults).
    ///   - events: the year's defaults in the order drawn; put in time order here when the plan
    ///     needs it.
    ///   - outstanding: principal on the book at the start of the year, per segment.
    mutating func endYear(_ year: Int, path: UInt64, events: GrowableBuffer<DefaultEvent>, outstanding: UnsafePointer<Double>) {
        frame.fill(year: year, path: path, drawn: events.elements, outstanding: outstanding)
        endYear(year, frame: frame, shared: nil)
    }

    /// The year's totals from `frame` (filled for this year in the order this scheme reads:
    /// `needsOrder`), and its defaults through the waterfall; `shared` has run the mechanisms
    /// this scheme shares with others for the same year.
    mutating func endYear(_ year: Int, frame: YearFrame, shared: SharedWaterfall?) {
        precondition(frame.inTimeOrder == needsOrder, "the frame is in the order the scheme reads")
        let list = frame.events
        yearLoss[year - 1] = frame.grossLoss
        yearDefaults[year - 1] = Double(list.count)
        yearNPL[year - 1] = frame.nplRatio
        guard plan.hasMechanisms else {
            plan.bankBears(events: list, grossLoss: frame.grossLoss, year: year, state: &riskState)
            return
        }
        precondition(frame.listsGroups, "a scheme with mechanisms reads the events' groups")
        plan.allocate(
            events: list, groups: UnsafeBufferPointer(frame.groups.elements), context: frame.context(year: year), state: &riskState,
            shared: shared)
    }

    /// The path's record: gross loss and defaults (total, by year), NPL ratios, the waterfall's
    /// columns, and the likelihood ratio.
    mutating func endPath(logWeight: Double) { endPath(logWeight: logWeight, frame: frame, shared: nil) }

    /// The path's record, the segments' losses read from `frame` (the one its years were closed
    /// with) and the shared mechanisms' values from `shared`.
    mutating func endPath(logWeight: Double, frame: YearFrame, shared: SharedWaterfall?) {
        // The engine's 2 + 3 × horizon values first (the layout of `Simulation.columns`), then
        // the plan's, the segments' and the weight; `init` checked that they fill the record.
        let values = record.base, h = horizon
        var totalLoss = 0.0, totalDefaults = 0.0
        for y in 0..<h {
            totalLoss += yearLoss[y]
            totalDefaults += yearDefaults[y]
            values[2 + y] = yearLoss[y]
            values[2 + h + y] = yearDefaults[y]
            values[2 + 2 * h + y] = yearNPL[y]
        }
        values[0] = totalLoss
        values[1] = totalDefaults
        var rest = PathRecord(values + (2 + 3 * h), capacity: width - 2 - 3 * h)
        plan.endPath(riskState, into: &rest, shared: shared)
        // The segments' gross losses, when the simulation records them (the frame keeps them then only).
        for s in 0..<frame.segmentLoss.count { rest.append(frame.segmentLoss[s]) }
        rest.append(logWeight == 0 ? 1 : exp(logWeight))
        precondition(rest.count == rest.capacity)
    }

    /// Puts the year's defaults in a uniformly random order and gives them increasing times: given
    /// the factors, defaults are exchangeable within the year, so a random permutation is exactly
    /// "the order in which they happened". The permutation (Fisher-Yates) draws from a hash of
    /// (seed, path, year, position) rather than from the random stream: it costs O(n) with no
    /// sort, and the streams stay identical whether or not a scenario's layers need the order.
    static func orderEvents(_ e: UnsafeMutableBufferPointer<DefaultEvent>, seed: UInt64, path: UInt64, year: UInt64) {
        let n = e.count
        guard n > 1 else { if n == 1 { e[0].time = 0.5 }; return }
        let base = seed ^ (path &* 0x9E37_79B9_7F4A_7C15) ^ (year << 56)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let r = SplitMix64.mix(base ^ UInt64(i))
            let j = Int(r.multipliedFullWidth(by: UInt64(i + 1)).high)
            e.swapAt(i, j)
        }
        let step = 1 / Double(n)
        for i in 0..<n { e[i].time = (Double(i) + 0.5) * step }
    }
}
