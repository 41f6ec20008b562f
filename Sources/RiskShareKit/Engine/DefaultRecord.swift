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

    /// Runs every recorded path through `waterfall` and returns the records column by column
    /// (value c of the block's path i at c × paths + i), as `PathSimulator.runBlock` would.
    /// - Parameters:
    ///   - waterfall: the scheme's waterfall (its working memory is reused path after path).
    ///   - scratch: the year's events, copied because ordering them permutes in place.
    /// - Returns: the block's `waterfall.width` columns of `paths.count` values each, end to end.
    func replay(into waterfall: inout PathWaterfall, scratch: GrowableBuffer<DefaultEvent>) -> [Double] {
        let n = paths.count
        precondition(logWeights.count == n && yearEnds.count == n * horizon, "a complete block is replayed")
        let width = waterfall.width
        let ends = yearEnds.elements, all = events.elements
        let principal = UnsafePointer(outstanding.elements.baseAddress!)
        return [Double](unsafeUninitializedCapacity: n * width) { columns, initialized in
            var start = 0
            for i in 0..<n {
                waterfall.beginPath()
                for year in 1...horizon {
                    let k = i * horizon + year - 1
                    scratch.removeAll()
                    for e in start..<ends[k] { scratch.append(all[e]) }
                    start = ends[k]
                    waterfall.endYear(
                        year, path: UInt64(paths.lowerBound + i), events: scratch, outstanding: principal + k * segmentCount)
                }
                waterfall.endPath(logWeight: logWeights.elements[i])
                for c in 0..<width { columns[c * n + i] = waterfall.record[c] }
            }
            initialized = n * width
        }
    }
}
