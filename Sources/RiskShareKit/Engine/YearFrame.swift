/// One year of a path's defaults in the order a scheme reads them, with everything the engine
/// derives from them before the risk-sharing plan acts: principal defaulting by segment, gross
/// loss, number of defaults, NPL ratio, each event's loan group, and the path's running gross
/// loss by segment.
///
/// None of it depends on the scheme beyond the order (`inTimeOrder`: schemes with layers read
/// the year's defaults in time order, the others as drawn), so a replay of several schemes on the
/// same defaults (`DefaultRecord.replay`) fills one frame per order and path-year and hands it to
/// every scheme's `PathWaterfall`; a run fills its waterfall's own frame. Both go through `fill`,
/// so the sums are made in the same order, bit for bit. Working memory of one worker, reused
/// year after year (a class: the waterfalls of a replay read the same frame).
final class YearFrame {
    /// Whether the events are put in time order (`PathWaterfall.orderEvents`).
    let inTimeOrder: Bool
    /// Whether `groups` is filled: only schemes with mechanisms read it, and a run without any
    /// should not pay for it per event.
    let listsGroups: Bool
    let segmentCount: Int
    private let timeSeed: UInt64
    /// Segment of each loan group of the book.
    private let groupSegment: [Int]

    /// The year's events, in the frame's order (valid until the next `fill`).
    private(set) var events = UnsafeBufferPointer<DefaultEvent>(start: nil, count: 0)
    /// Loan group of each event (when `listsGroups`).
    let groups = GrowableBuffer<Int>()
    /// Gross loss of the year: the events' losses summed in the frame's order.
    private(set) var grossLoss = 0.0
    /// Principal defaulting in the year over principal on the book at its start (0 when nothing is).
    private(set) var nplRatio = 0.0
    /// Principal on the book at the start of the year, and defaulting in it (summed in the order
    /// drawn), per segment: the arrays of the plan's `YearContext`.
    private(set) var outstanding: [Double]
    private(set) var defaulted: [Double]
    /// Gross loss of each segment on the path so far (summed in the frame's order), when the
    /// simulation records it (`Simulation.recordsSegmentLosses`); empty otherwise.
    let segmentLoss: WorkingBuffer<Double>

    init(simulation: Simulation, inTimeOrder: Bool, listsGroups: Bool) {
        let book = simulation.book
        self.inTimeOrder = inTimeOrder
        self.listsGroups = listsGroups
        segmentCount = book.segmentNames.count
        timeSeed = SplitMix64.mix(simulation.scenario.simulation.seed ^ 0x7469_6D65)
        groupSegment = book.groups.map(\.segment)
        outstanding = Array(repeating: 0, count: segmentCount)
        defaulted = Array(repeating: 0, count: segmentCount)
        segmentLoss = WorkingBuffer(repeating: 0, count: simulation.recordsSegmentLosses ? segmentCount : 0)
    }

    /// A new path: the running segment losses at zero.
    func beginPath() { segmentLoss.fill(0) }

    /// Takes one year of a path.
    /// - Parameters:
    ///   - year: 1-based year of the path.
    ///   - path: the path's number in the run (keys the time order).
    ///   - drawn: the year's events in the order drawn; put in time order in place when
    ///     `inTimeOrder`, and read through `events` until the next call.
    ///   - startPrincipal: principal on the book at the start of the year, per segment.
    func fill(year: Int, path: UInt64, drawn: UnsafeMutableBufferPointer<DefaultEvent>, outstanding startPrincipal: UnsafePointer<Double>) {
        let n = drawn.count
        groupSegment.withUnsafeBufferPointer { segmentOf in
            defaulted.withUnsafeMutableBufferPointer { defaulted in
                for s in 0..<segmentCount { defaulted[s] = 0 }
                for event in drawn { defaulted[segmentOf[event.group]] += event.exposure }
            }
            if inTimeOrder { PathWaterfall.orderEvents(drawn, seed: timeSeed, path: path, year: UInt64(year)) }
            var loss = 0.0
            for event in drawn { loss += event.loss }
            grossLoss = loss
            if segmentLoss.count > 0 {
                let running = segmentLoss.base
                for event in drawn { running[segmentOf[event.group]] += event.loss }
            }
        }
        var start = 0.0, principal = 0.0
        outstanding.withUnsafeMutableBufferPointer { outstanding in
            for s in 0..<segmentCount {
                outstanding[s] = startPrincipal[s]
                start += startPrincipal[s]
                principal += defaulted[s]
            }
        }
        nplRatio = start > 0 ? principal / start : 0
        events = UnsafeBufferPointer(drawn)
        guard listsGroups else { return }
        groups.removeAll()
        // The engine's events always carry their group (the segment lookup above relies on it).
        for event in drawn { groups.append(event.group) }
        precondition(groups.count == n)
    }

    /// The year's context for the plan's mechanisms.
    func context(year: Int) -> YearContext {
        YearContext(year: year, outstandingStart: outstanding, defaultedPrincipal: defaulted, grossLoss: grossLoss, nplRatio: nplRatio)
    }
}
