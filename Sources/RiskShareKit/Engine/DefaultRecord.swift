/// The default events of one block of paths, kept so that several schemes can be run on them:
/// for each path and year, the defaults in the order they were drawn (what `PathWaterfall`
/// consumes) and the principal on the book per segment at the start of the year; for each path,
/// the log likelihood ratio of its draws (0 without importance sampling).
///
/// Everything the waterfall reads from the drawing is here and nothing else, so replaying the
/// record through a scheme's waterfall gives that scheme's per-path values bit for bit. One record
/// per worker is reused block after block (its buffers only grow), so a worker holds the events
/// of one block at a time. (`RecordedDefaults` keeps one per block instead; a record is written
/// by one worker and only read once complete, hence `@unchecked Sendable`.)
final class DefaultRecord: @unchecked Sendable {
    let horizon: Int
    let segmentCount: Int
    /// Every path's events, path after path, year after year.
    let events = GrowableBuffer<DefaultEvent>()
    /// For path-year k (path × horizon + year - 1): the end of its events in `events` (the start
    /// is the previous path-year's end, or 0).
    let yearEnds = GrowableBuffer<Int>()
    /// For path-year k: principal at the start of the year of each segment, at k × segmentCount.
    let outstanding = GrowableBuffer<Double>()
    /// Per path: log of the likelihood ratio.
    let logWeights = GrowableBuffer<Double>()
    /// The global path numbers of the recorded paths (consecutive).
    private(set) var paths: Range<Int> = 0..<0

    init(horizon: Int, segmentCount: Int) {
        self.horizon = horizon
        self.segmentCount = segmentCount
    }

    /// Empties the record for the paths of a new block.
    func begin(paths: Range<Int>) {
        events.removeAll()
        yearEnds.removeAll()
        outstanding.removeAll()
        logWeights.removeAll()
        self.paths = paths
    }

    /// Keeps one year of a path: its events in the order drawn and the segments' principal.
    func appendYear(events drawn: GrowableBuffer<DefaultEvent>, outstanding principal: UnsafePointer<Double>) {
        for event in UnsafeBufferPointer(drawn.elements) { events.append(event) }
        yearEnds.append(events.count)
        for s in 0..<segmentCount { outstanding.append(principal[s]) }
    }

    /// Closes a path with its log likelihood ratio.
    func endPath(logWeight: Double) { logWeights.append(logWeight) }

    /// Gives back the buffers' room beyond the block's events, for a record kept until the end
    /// of the run (`RecordedDefaults`): doubling would otherwise reserve up to twice what it holds.
    func trim() {
        events.shrinkToFit()
        yearEnds.shrinkToFit()
        outstanding.shrinkToFit()
        logWeights.shrinkToFit()
    }

    /// Runs every recorded path through every scheme of `workspace` and returns each scheme's
    /// records column by column (value c of the block's path i at c × paths + i), as
    /// `PathSimulator.runBlock` would for that scheme. Path by path and year by year, the year's
    /// frames (`YearFrame`, one per order the schemes read) and the shared mechanisms
    /// (`SharedWaterfall`) are made once, then every scheme closes the year from them.
    /// - Parameter workspace: the schemes' waterfalls and the worker's shared working memory.
    /// - Returns: per scheme, the block's `width` columns of `paths.count` values each, end to end.
    func replay(into workspace: ReplayWorkspace) -> [[Double]] {
        let n = paths.count
        precondition(logWeights.count == n && yearEnds.count == n * horizon, "a complete block is replayed")
        let ends = yearEnds.elements, all = events.elements
        let principal = UnsafePointer(outstanding.elements.baseAddress!)
        // Each scheme's columns are written straight into the arrays returned (one block each).
        var outputs = workspace.waterfalls.map { [Double](repeating: 0, count: n * $0.width) }
        var start = 0
        for i in 0..<n {
            let path = UInt64(paths.lowerBound + i)
            workspace.beginPath()
            for year in 1...horizon {
                let k = i * horizon + year - 1
                let drawn = UnsafeMutableBufferPointer(rebasing: all[start..<ends[k]])
                start = ends[k]
                workspace.endYear(year, path: path, drawn: drawn, outstanding: principal + k * segmentCount)
            }
            workspace.endPath(logWeight: logWeights.elements[i])
            for v in outputs.indices {
                let record = workspace.waterfalls[v].record, width = workspace.waterfalls[v].width
                outputs[v].withUnsafeMutableBufferPointer { columns in
                    for c in 0..<width { columns[c * n + i] = record[c] }
                }
            }
        }
        return outputs
    }
}

/// One worker's working memory for replaying records through several schemes: each scheme's
/// `PathWaterfall`, the year's frames (in drawn order and in time order, as the schemes need),
/// and the `SharedWaterfall` of each group of schemes that share mechanisms.
final class ReplayWorkspace {
    var waterfalls: [PathWaterfall]
    private let drawnFrame: YearFrame?
    private let timedFrame: YearFrame?
    /// The year's events copied for putting them in time order (the record keeps them as drawn).
    private let timed = GrowableBuffer<DefaultEvent>()
    private let shared: [SharedWaterfall]
    /// Per scheme: the index in `shared` of its group's waterfall, or nil.
    private let sharedOf: [Int?]

    /// - Parameters:
    ///   - simulations: the schemes, sharing one book and its defaults.
    ///   - sharing: groups of schemes (indices into `simulations`) and what each shares
    ///     (`SharedMechanisms.groups`); none to run every mechanism of every scheme.
    init(simulations: [Simulation], sharing: [(members: [Int], sharing: SharedMechanisms)] = []) {
        let waterfalls = simulations.map { PathWaterfall(simulation: $0) }
        self.waterfalls = waterfalls
        let first = simulations[0]
        // One frame per order the schemes read, listing the events' groups when one of its
        // readers has mechanisms.
        func makeFrame(inTimeOrder: Bool) -> YearFrame? {
            let readers = waterfalls.filter { $0.needsOrder == inTimeOrder }
            if readers.isEmpty { return nil }
            return YearFrame(simulation: first, inTimeOrder: inTimeOrder, listsGroups: readers.contains { $0.plan.hasMechanisms })
        }
        drawnFrame = makeFrame(inTimeOrder: false)
        timedFrame = makeFrame(inTimeOrder: true)
        shared = sharing.map { SharedWaterfall($0.sharing) }
        var of = [Int?](repeating: nil, count: simulations.count)
        for (g, group) in sharing.enumerated() { for v in group.members { of[v] = g } }
        sharedOf = of
    }

    private func frame(_ v: Int) -> YearFrame { (waterfalls[v].needsOrder ? timedFrame : drawnFrame)! }
    private func sharedWaterfall(_ v: Int) -> SharedWaterfall? { sharedOf[v].map { shared[$0] } }

    func beginPath() {
        drawnFrame?.beginPath()
        timedFrame?.beginPath()
        for s in shared { s.beginPath() }
        for v in waterfalls.indices { waterfalls[v].beginPath(shared: sharedWaterfall(v)) }
    }

    /// One year of the path for every scheme: its events as drawn (left as they are).
    func endYear(_ year: Int, path: UInt64, drawn: UnsafeMutableBufferPointer<DefaultEvent>, outstanding: UnsafePointer<Double>) {
        drawnFrame?.fill(year: year, path: path, drawn: drawn, outstanding: outstanding)
        if let timedFrame {
            timed.removeAll()
            for event in drawn { timed.append(event) }
            timedFrame.fill(year: year, path: path, drawn: timed.elements, outstanding: outstanding)
        }
        for s in shared { s.allocate(year: year, frame: s.sharing.leader.needsChronologicalOrder ? timedFrame! : drawnFrame!) }
        for v in waterfalls.indices { waterfalls[v].endYear(year, frame: frame(v), shared: sharedWaterfall(v)) }
    }

    func endPath(logWeight: Double) {
        for v in waterfalls.indices { waterfalls[v].endPath(logWeight: logWeight, frame: frame(v), shared: sharedWaterfall(v)) }
    }
}
