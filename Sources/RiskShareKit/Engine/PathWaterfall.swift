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
    let segmentCount: Int
    /// Segment of each loan group of the book.
    let groupSegment: [Int]
    let timeSeed: UInt64
    /// Number of values recorded per path (the simulation's columns and the weight).
    let width: Int

    var riskState: RiskSharingState
    /// Principal defaulting in the year, per segment.
    let defaultedPrincipal: WorkingBuffer<Double>
    /// The segments' principal, as the arrays of the year context handed to the waterfall.
    var contextOutstanding: [Double]
    var contextDefaulted: [Double]
    /// Gross loss of each segment on the path (horizon total), when the simulation records it
    /// (`Simulation.recordsSegmentLosses`); empty otherwise.
    let segmentLoss: WorkingBuffer<Double>
    /// Gross loss, defaults and NPL ratio of each year of the path.
    let yearLoss: WorkingBuffer<Double>
    let yearDefaults: WorkingBuffer<Double>
    let yearNPL: WorkingBuffer<Double>
    /// The path's record (`width` values).
    let record: WorkingBuffer<Double>

    init(simulation: Simulation) {
        let book = simulation.book
        plan = simulation.plan
        needsOrder = plan.needsChronologicalOrder
        horizon = simulation.scenario.simulation.horizonYears
        segmentCount = book.segmentNames.count
        groupSegment = book.groups.map(\.segment)
        timeSeed = SplitMix64.mix(simulation.scenario.simulation.seed ^ 0x7469_6D65)
        width = simulation.columns.count + 1
        riskState = plan.makeState()
        defaultedPrincipal = WorkingBuffer(repeating: 0, count: segmentCount)
        contextOutstanding = Array(repeating: 0, count: segmentCount)
        contextDefaulted = Array(repeating: 0, count: segmentCount)
        segmentLoss = WorkingBuffer(repeating: 0, count: simulation.recordsSegmentLosses ? segmentCount : 0)
        yearLoss = WorkingBuffer(repeating: 0, count: horizon)
        yearDefaults = WorkingBuffer(repeating: 0, count: horizon)
        yearNPL = WorkingBuffer(repeating: 0, count: horizon)
        record = WorkingBuffer(repeating: 0, count: width)
        precondition(
            width == 2 + 3 * horizon + plan.columns.count + segmentLoss.count + 1,
            "the engine's columns, the plan's and the segments' make up the record")
    }

    /// Every account at zero.
    mutating func beginPath() {
        for s in 0..<segmentLoss.count { segmentLoss[s] = 0 }
        plan.beginPath(&riskState)
    }

    /// The year's totals, and its defaults through the waterfall in the order they happened.
    /// - Parameters:
    ///   - year: 1-based year of the path.
    ///   - path: the path's number in the run (keys the order of the year's defaults).
    ///   - events: the year's defaults in the order drawn; put in time order here when the plan
    ///     needs it.
    ///   - outstanding: principal on the book at the start of the year, per segment.
    mutating func endYear(_ year: Int, path: UInt64, events: GrowableBuffer<DefaultEvent>, outstanding: UnsafePointer<Double>) {
        let drawn = UnsafeBufferPointer(events.elements)
        for s in 0..<segmentCount { defaultedPrincipal[s] = 0 }
        for event in drawn { defaultedPrincipal[groupSegment[event.group]] += event.exposure }
        if needsOrder { Self.orderEvents(events.elements, seed: timeSeed, path: path, year: UInt64(year)) }
        let list = UnsafeBufferPointer(events.elements)
        var loss = 0.0
        for event in list { loss += event.loss }
        if segmentLoss.count > 0 { for event in list { segmentLoss[groupSegment[event.group]] += event.loss } }
        var start = 0.0, principal = 0.0
        for s in 0..<segmentCount { start += outstanding[s]; principal += defaultedPrincipal[s] }
        let npl = start > 0 ? principal / start : 0
        yearLoss[year - 1] = loss
        yearDefaults[year - 1] = Double(list.count)
        yearNPL[year - 1] = npl
        guard plan.hasMechanisms else {
            plan.bankBears(grossLoss: loss, year: year, state: &riskState)
            return
        }
        // The mechanisms read the segments' principal from the year context (arrays reused).
        contextOutstanding.withUnsafeMutableBufferPointer { for s in $0.indices { $0[s] = outstanding[s] } }
        contextDefaulted.withUnsafeMutableBufferPointer { for s in $0.indices { $0[s] = defaultedPrincipal[s] } }
        let context = YearContext(
            year: year, outstandingStart: contextOutstanding, defaultedPrincipal: contextDefaulted,
            grossLoss: loss, nplRatio: npl)
        plan.allocate(events: list, context: context, state: &riskState)
    }

    /// The path's record: gross loss and defaults (total, by year), NPL ratios, the waterfall's
    /// columns, and the likelihood ratio.
    mutating func endPath(logWeight: Double) {
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
        plan.endPath(riskState, into: &rest)
        for s in 0..<segmentLoss.count { rest.append(segmentLoss[s]) }
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
