import Foundation

/// The peak memory of a piece of work, estimated from the sizes of the arrays it will allocate,
/// before it allocates them, as named parts (so a refusal can say where the memory goes).
public struct MemoryEstimate: Sendable, CustomStringConvertible {
    /// One part of the peak: what holds the memory and how many bytes.
    public struct Part: Sendable, Equatable {
        public var name: String
        public var bytes: Double
    }

    public private(set) var parts: [Part] = []

    public init() {}

    /// Total bytes at the peak.
    public var total: Double { parts.reduce(0) { $0 + $1.bytes } }

    /// Adds `bytes` under `name` (merged with an existing part of that name).
    public mutating func add(_ name: String, _ bytes: Double) {
        guard bytes > 0 else { return }
        if let i = parts.firstIndex(where: { $0.name == name }) {
            parts[i].bytes += bytes
        } else {
            parts.append(Part(name: name, bytes: bytes))
        }
    }

    /// Adds every part of `other`, `times` times (e.g. one per concurrent sweep variant).
    public mutating func add(_ other: MemoryEstimate, times: Int = 1) {
        for part in other.parts { add(part.name, part.bytes * Double(times)) }
    }

    /// The estimate without the part called `name`.
    public func without(_ name: String) -> MemoryEstimate {
        var copy = self
        copy.parts.removeAll { $0.name == name }
        return copy
    }

    /// The bytes of the part called `name` (0 when absent).
    public subscript(name: String) -> Double { parts.first { $0.name == name }?.bytes ?? 0 }

    /// "1.2 GiB (loan book 800 MiB, per-path results 300 MiB, ...)", largest parts first.
    public var description: String {
        let shown = parts.sorted { $0.bytes > $1.bytes }.map { "\($0.name) \(MemoryBudget.format($0.bytes))" }
        return "\(MemoryBudget.format(total)) (\(shown.joined(separator: ", ")))"
    }
}

/// Memory is checked before it is spent: every command estimates the peak of the work it is
/// about to do with the functions below and refuses, with the estimate, work that does not fit
/// in the memory this process may use (`limit()`), instead of being killed or aborting halfway.
///
/// The estimate adds up the arrays the work allocates, from the element sizes of the actual
/// types (see `Sizes`): the loan tapes and the loan book (about 100 bytes per loan), the
/// simulation's per-loan tables, one working set per thread, the per-path results (8 bytes per
/// path and column, held once: blocks join the table as they finish), the statistics' working
/// copies, and the process's own baseline. Each phase (building the book, simulating,
/// reporting) is estimated and the largest is the peak. Measured against peak RSS it is within
/// ±25% (see the README's memory figures).
public enum MemoryBudget {
    /// Element sizes of the arrays the estimate counts. `MemoryLayout` keeps them equal to
    /// what the arrays take, on every platform.
    public enum Sizes {
        static let double = Double(MemoryLayout<Double>.stride)
        static let int = Double(MemoryLayout<Int>.stride)
        static let bool = Double(MemoryLayout<Bool>.stride)
        static let string = Double(MemoryLayout<String>.stride)
        /// exposure, pd, interestRate, lgd, term, segment, firstLoan, product, stage.
        public static let bookPerLoan = 3 * double + Double(MemoryLayout<LGDModel>.stride) + 2 * int + bool + 2 * string
        /// The LGD sampler's table index and fixed value per loan.
        public static let samplerPerLoan = Double(MemoryLayout<Int32>.stride) + double
        /// Default thresholds per loan, per distinct stress multiplier.
        public static let thresholdPerLoan = double
        /// Each worker's `defaulted` flag per loan.
        public static let workerPerLoan = bool
        /// Importance sampling's twist: the scaled losses kept by the plan, the loss weights while
        /// it is built, and each worker's conditional probabilities.
        public static let twistPerLoan = double
        /// Sorting a tape's loans into groups: the order, and the merge buffer of Swift's sort.
        public static let sortPerLoan = int * 1.5
        /// The process before any work: Swift runtime, Foundation, GSL, the program's code and the
        /// reports' text (measured: 23 MiB for `validate`, 31 MiB for `run` of a tiny scenario).
        public static let baseline = 30.0 * 1_048_576
        /// A worker's fixed working set: its thread's stack and malloc arena as touched, the
        /// risk-sharing state, the year's events and the block's rows (measured: about 4 MiB).
        public static let workerBaseline = 4.0 * 1_048_576
        /// One scheme's waterfall working set in a worker that replays defaults (risk-sharing
        /// state, the year's events, one path's record): an allowance far above what a few layers
        /// take, since these grow with the largest year's defaults.
        public static let waterfallPerVariant = 64.0 * 1024
        /// The report's portfolio section lists each segment's loans (and its first loans).
        public static let portfolioSummaryPerLoan = 2 * int
        /// A `--paths-out` cell as text: a shortest round-trip number and a comma.
        public static let pathsCSVCell = 14.0
    }

    // MARK: Estimates

    /// Bytes of a loaded loan tape's columns.
    public static func bytes(of tape: LoanTape) -> Double {
        var total = Double(tape.ids.byteCount)
        total += Double(tape.exposure.capacity + tape.pd.capacity) * Sizes.double
        total += Double((tape.lgdMean?.capacity ?? 0) + (tape.lgdSD?.capacity ?? 0) + (tape.interestRate?.capacity ?? 0)) * Sizes.double
        total += Double(tape.termYears?.capacity ?? 0) * Sizes.int + Double(tape.firstLoan?.capacity ?? 0) * Sizes.bool
        total += Double((tape.stage?.capacity ?? 0) + (tape.product?.capacity ?? 0)) * Sizes.string
        return total
    }

    /// Bytes a tape of at most `rows` rows with these `columns` will take, read from a file of
    /// `fileBytes` bytes (identifiers take at most the file's bytes, and one length byte each).
    public static func tapeBytes(rows: Int, columns: Set<String>, fileBytes: Int) -> Double {
        let r = Double(rows)
        var perRow = 2 * Sizes.double + 1
        for column in ["lgd", "lgd_sd", "interest_rate"] where columns.contains(column) { perRow += Sizes.double }
        if columns.contains("term_years") { perRow += Sizes.int }
        if columns.contains("first_loan") { perRow += Sizes.bool }
        for column in ["stage", "product"] where columns.contains(column) { perRow += Sizes.string }
        // Identifiers: as long as the file allows, but no longer than 16 bytes a row on average
        // (a file of long identifiers has correspondingly fewer rows).
        return r * perRow + min(Double(fileBytes), r * 16)
    }

    /// What the estimated work does with the per-path results.
    public enum Work: Sendable {
        /// Simulate, then build the report (`run`, each `sweep` variant).
        case run
        /// Simulate, then encode the results into a partial result (`run --shard`).
        case shard
        /// Build the report from per-path results read from shards (`merge`; the caller adds
        /// the shards' data, held meanwhile).
        case merge
    }

    /// The peak of `work` on `paths` paths of `scenario` (all of them by default) on `threads`
    /// workers; `pathsOut` adds the `--paths-out` text.
    public static func estimate(
        _ scenario: Scenario, threads: Int, paths: Int? = nil,
        pathsOut: Bool = false, work: Work = .run
    ) -> MemoryEstimate {
        let loans = Double(scenario.portfolio.loanCount)
        let horizon = Double(scenario.simulation.horizonYears)
        let pathCount = Double(paths ?? scenario.simulation.paths)
        let workers = Double(max(1, min(threads, scenario.simulation.blockCount)))
        var isWeighted = false, twist = false
        if case .importanceSampling(let settings) = scenario.simulation.method {
            isWeighted = true
            twist = settings.twist && scenario.simulation.horizonYears == 1
        }
        let distinctMultipliers = Double(Set(scenario.economy.pdMultiplier).count)

        // Always held once the book exists.
        var held = MemoryEstimate()
        held.add("runtime", Sizes.baseline)
        held.add("loan tapes", scenario.portfolio.segments.reduce(0) { $0 + ($1.tape.map(bytes(of:)) ?? 0) })
        held.add("loan book", loans * Sizes.bookPerLoan)
        held.add(
            "simulation tables",
            loans * (Sizes.samplerPerLoan + distinctMultipliers * Sizes.thresholdPerLoan + (twist ? Sizes.twistPerLoan : 0)))

        // The cell of every loan, kept when a tape gives per-loan stages or products.
        if cellColumnCount(scenario) > 0, scenario.portfolio.segments.contains(where: { $0.tape?.stage != nil || $0.tape?.product != nil })
        {
            held.add("allocation cells", loans * Double(MemoryLayout<Int32>.stride))
        }

        // Building the book: the tape's sort order, or a generated segment's exposures.
        var build = held
        let largestTape = scenario.portfolio.segments.map { Double($0.tape?.count ?? 0) }.max() ?? 0
        let largestGenerated = scenario.portfolio.segments.map { $0.tape == nil ? Double($0.count) : 0 }.max() ?? 0
        build.add(
            "building the book", max(largestTape * Sizes.sortPerLoan, largestGenerated * Sizes.double) + (twist ? loans * Sizes.double : 0))

        var running = held
        running.add("workers", workers * (loans * (Sizes.workerPerLoan + (twist ? Sizes.twistPerLoan : 0)) + Sizes.workerBaseline))
        let width = Double(columnCount(scenario))
        let table = pathCount * width * Sizes.double
        // Blocks join the table in order as they finish: the table, plus per worker the block it
        // is simulating and one finished early that waits for an earlier one. A shard then
        // encodes the columns into its file's bytes, a second copy.
        let blockBytes = min(pathCount, Double(scenario.simulation.blockPaths)) * width * Sizes.double
        var simulating = running
        simulating.add("per-path results", work == .shard ? table * 2 : table + 2 * workers * blockBytes)

        var reporting = running
        reporting.add("per-path results", table)
        do {
            // A column's statistics sort a copy of it (with weights: an order, the sorted values,
            // the estimated CDF and the weighted values); a tolerance keeps every year's sorted
            // copy plus the worst year's.
            let copies = max(isWeighted ? 4 : 2, scenario.riskSharing.tolerance != nil ? horizon + 3 : 0)
            reporting.add("statistics", pathCount * Sizes.double * copies)
            // Risk contributions: per loss-bearing party, its cells' columns summed by stage,
            // product and cluster (at most one column per cell) and the tail weights of each level.
            let cellColumns = Double(cellColumnCount(scenario))
            if cellColumns > 0 {
                reporting.add(
                    "risk contributions", pathCount * Sizes.double * (cellColumns + 2 * Double(scenario.report.quantiles.count) + 4))
            }
            let largestSegment = scenario.portfolio.segments.map { Double($0.tape?.count ?? $0.count) }.max() ?? 0
            reporting.add("statistics", largestSegment * Sizes.portfolioSummaryPerLoan)
            if pathsOut {
                let segments = scenario.portfolio.segments.count
                let cells =
                    pathCount
                    * (4 + horizon + Double(scenario.riskSharing.parties.count)
                        + Double(segments <= Simulation.segmentColumnLimit ? segments : 0))
                // The text, written from its own UTF-8 storage.
                reporting.add("--paths-out text", cells * Sizes.pathsCSVCell)
            }
        }
        let phases: [MemoryEstimate]
        switch work {
        case .run: phases = [build, simulating, reporting]
        case .shard: phases = [build, simulating]
        case .merge: phases = [build, reporting]
        }
        return phases.max { $0.total < $1.total }!
    }

    /// The peak of running `scenarios`, scheme variants of one another, through `SchemeReplay`
    /// on `threads` workers, then building their reports `threads` at a time: one run's estimate
    /// of the first (book, tables, workers, its per-path results and statistics), plus each
    /// other variant's per-path results (with two blocks per worker), each worker's default
    /// events of one block (`defaultEventsPerBlock`) and one waterfall per variant, and the
    /// statistics of the reports built side by side. Phases are added rather than maximised, so
    /// it errs on the high side.
    public static func estimateReplay(_ scenarios: [Scenario], threads: Int) -> MemoryEstimate {
        precondition(!scenarios.isEmpty)
        let first = scenarios[0]
        var peak = estimate(first, threads: threads)
        let pathCount = Double(first.simulation.paths)
        let workers = Double(max(1, min(threads, first.simulation.blockCount)))
        let blockPaths = min(pathCount, Double(first.simulation.blockPaths))
        for scenario in scenarios.dropFirst() {
            let width = Double(columnCount(scenario))
            peak.add("per-path results", pathCount * width * Sizes.double + 2 * workers * blockPaths * width * Sizes.double)
        }
        peak.add("default events", workers * defaultEventsPerBlock(first))
        peak.add("workers", workers * Double(scenarios.count) * Sizes.waterfallPerVariant)
        let builders = Double(max(0, min(threads, scenarios.count) - 1))
        peak.add("statistics", builders * pathCount * Sizes.double * max(2, Double(first.simulation.horizonYears) + 3))
        return peak
    }

    /// Bytes of one block's `DefaultRecord`, as a worker of `SchemeReplay` reuses it block after
    /// block: its buffers grow by doubling, so they reserve up to twice what they hold (which
    /// also covers a block above its expected count).
    public static func defaultEventsPerBlock(_ scenario: Scenario) -> Double {
        Double(min(scenario.simulation.paths, scenario.simulation.blockPaths)) * defaultRecordBytesPerPath(scenario, times: 2)
    }

    /// Bytes of the `RecordedDefaults` of a whole run (every block's record, trimmed to what it
    /// holds once recorded): 1.25 times the expected defaults, for a run above its expected count.
    public static func recordedDefaultsBytes(_ scenario: Scenario) -> Double {
        Double(scenario.simulation.paths) * defaultRecordBytesPerPath(scenario, times: 1.25)
    }

    /// A path's share of a `DefaultRecord`: the expected number of defaults (the sum of the loans'
    /// stressed PDs over the years, every loan counted in every year, so above the mean when loans
    /// default or mature before the horizon) `times` over at `DefaultEvent`'s size, and per year
    /// its end index and the segments' principal. (On the baseline: 1,001 defaults a path against
    /// 1,089 expected. The estimate had them four times over before, which put a 16-variant sweep
    /// of 20,000 paths at +76% of its measured peak: README, "Replayed defaults: memory".)
    static func defaultRecordBytesPerPath(_ scenario: Scenario, times: Double) -> Double {
        var pdSum = 0.0
        for segment in scenario.portfolio.segments {
            pdSum += segment.tape.map { $0.pd.reduce(0, +) } ?? Double(segment.count) * segment.pd
        }
        let stress = scenario.economy.pdMultiplier.reduce(0) { $0 + max($1, 0) }
        let eventsPerPath = min(pdSum * stress, Double(scenario.portfolio.loanCount) * Double(scenario.simulation.horizonYears))
        let horizon = Double(scenario.simulation.horizonYears)
        return times * eventsPerPath * Double(MemoryLayout<DefaultEvent>.stride)
            + horizon * (Sizes.int + Double(scenario.portfolio.segments.count) * Sizes.double) + Sizes.double
    }

    /// Per-path values of one path: the engine's and the risk-sharing plan's columns, each
    /// segment's gross loss (up to `Simulation.segmentColumnLimit` segments), plus the likelihood
    /// ratio.
    public static func columnCount(_ scenario: Scenario) -> Int {
        let empty = LoanBook(
            exposure: [], pd: [], lgd: [], term: [], firstLoan: [], segment: [], product: [], stage: [],
            interestRate: [], segmentNames: scenario.portfolio.segments.map(\.name), groups: [])
        let plan = RiskSharingPlan(
            spec: scenario.riskSharing, book: empty, horizonYears: scenario.simulation.horizonYears,
            renewal: scenario.portfolio.renewal)
        let segments = scenario.portfolio.segments.count
        return 2 + 3 * scenario.simulation.horizonYears + plan.columns.count + (segments <= Simulation.segmentColumnLimit ? segments : 0)
            + cellColumnCount(scenario) + 1
    }

    /// Per-path columns of each loss-bearing party's loss by allocation cell
    /// (`RiskSharingPlan.cells`): parties × cells when that is at most
    /// `Simulation.segmentColumnLimit`, else none; none with `report.contributions: false`. (The plan `columnCount` builds has an empty
    /// book, hence no cells: they are counted here from the scenario.)
    static func cellColumnCount(_ scenario: Scenario) -> Int {
        guard scenario.report.contributions else { return 0 }
        let columns = AllocationCells.count(scenario) * scenario.riskSharing.lossBearingParties.count
        return columns <= Simulation.segmentColumnLimit ? columns : 0
    }

    // MARK: Limit

    /// What this process may still allocate, and what sets that limit.
    public struct Limit: Sendable {
        public var bytes: Double
        /// e.g. "available on this machine", "left under the cgroup memory limit".
        public var source: String
        /// Virtual memory that reserving `threads` more threads costs under an address-space
        /// limit (stack and malloc arena): only counted when `source` is that limit.
        public var perThreadReservation: Double = 0
    }

    /// The smallest of: the memory the kernel says is available (MemAvailable, else physical
    /// memory), what the process's address-space limit (`ulimit -v`, RLIMIT_AS) leaves above its
    /// current size, and what the cgroup memory limit (v2 `memory.max`, v1
    /// `memory.limit_in_bytes`) leaves above the cgroup's current use.
    public static func limit() -> Limit {
        limit(available: availableMemory(), addressSpace: addressSpaceLimit(), virtualSize: currentVirtualSize(), cgroup: cgroupMemory())
    }

    /// The soft RLIMIT_AS, nil when unlimited.
    static func addressSpaceLimit() -> Double? {
        var rlim = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &rlim) == 0, rlim.rlim_cur != rlim_t.max else { return nil }
        return Double(rlim.rlim_cur)
    }

    /// `limit()` from its inputs (for tests).
    static func limit(available: Double, addressSpace: Double?, virtualSize: Double, cgroup: (limit: Double, used: Double)?) -> Limit {
        var best = Limit(bytes: available, source: "available on this machine")
        if let addressSpace {
            // Each new thread reserves a stack (8 MiB) and may get its own malloc arena (64 MiB).
            let candidate = Limit(
                bytes: max(addressSpace - virtualSize, 0), source: "left under the address-space limit (ulimit -v)",
                perThreadReservation: 72 * 1_048_576)
            if candidate.bytes < best.bytes { best = candidate }
        }
        if let (limit, used) = cgroup {
            let candidate = Limit(bytes: max(limit - used, 0), source: "left under the cgroup memory limit")
            if candidate.bytes < best.bytes { best = candidate }
        }
        return best
    }

    /// Refuses `estimate` when it exceeds `limit()`: `file` and `path` name what to change.
    /// `threads` new worker threads are charged under an address-space limit.
    public static func check(
        _ estimate: MemoryEstimate, threads: Int, file: String, path: String, value: String?,
        what: String, advice: String, limit: Limit = limit()
    ) throws {
        let reservation = limit.perThreadReservation * Double(threads)
        guard estimate.total + reservation > limit.bytes else { return }
        let threadsNote = reservation > 0 ? " plus \(format(reservation)) of address space for \(threads) threads" : ""
        throw ScenarioError(
            file: file, path: path, line: nil, value: value,
            message:
                "needs an estimated \(estimate) of memory for \(what)\(threadsNote); \(format(limit.bytes)) is \(limit.source). \(advice)")
    }

    /// Refuses a run (or a shard of one: `paths` of its paths) that does not fit.
    public static func check(
        _ scenario: Scenario, threads: Int, paths: Int? = nil, pathsOut: Bool = false,
        work: Work = .run, what: String? = nil
    ) throws {
        let peak = estimate(scenario, threads: threads, paths: paths, pathsOut: pathsOut, work: work)
        let bookBytes = peak["loan book"] + peak["loan tapes"] + peak["simulation tables"]
        let perPath = peak["per-path results"] + peak["statistics"] + peak["--paths-out text"]
        let pathsDominate = perPath >= bookBytes
        try check(
            peak, threads: threads, file: scenario.source.file, path: pathsDominate ? "simulation.paths" : "portfolio",
            value: pathsDominate ? String(paths ?? scenario.simulation.paths) : nil,
            what: what
                ?? "\(scenario.portfolio.loanCount) loans, \(paths ?? scenario.simulation.paths) paths and \(scenario.simulation.horizonYears) years on \(threads) threads",
            advice: pathsDominate
                ? "Use fewer paths, or shard the run (--shard K/N) and merge" : "Use fewer loans, or a machine with more memory")
    }

    /// Bytes in binary units, e.g. "512 MiB", "1.2 GiB".
    public static func format(_ bytes: Double) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = bytes
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(Int(value)) bytes" }
        return value >= 100 ? String(format: "%.0f %@", value, units[unit]) : String(format: "%.1f %@", value, units[unit])
    }

    // MARK: What the system says

    /// MemAvailable from /proc/meminfo, else physical memory.
    static func availableMemory() -> Double {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let fields = line.split(separator: " ")
                if fields.count >= 2, let kb = Double(fields[1]) { return kb * 1024 }
            }
        }
        return Double(ProcessInfo.processInfo.physicalMemory)
    }

    /// The process's virtual size (VmSize), 0 when unknown.
    static func currentVirtualSize() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmSize:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kb = Double(fields[1]) { return kb * 1024 }
        }
        return 0
    }

    /// The cgroup's memory limit and current use, when the process is in a limited cgroup.
    static func cgroupMemory() -> (limit: Double, used: Double)? {
        cgroupMemory(membership: try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)) {
            try? String(contentsOfFile: $0, encoding: .utf8)
        }
    }

    /// `cgroupMemory()` from the text of /proc/self/cgroup and a file reader (for tests).
    static func cgroupMemory(membership: String?, read: (String) -> String?) -> (limit: Double, used: Double)? {
        guard let membership else { return nil }
        func number(_ path: String) -> Double? {
            read(path).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        var candidates: [(limit: String, used: String)] = []
        for line in membership.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = fields[2] == "/" ? "" : String(fields[2])
            if fields[0] == "0" && fields[1].isEmpty {
                // cgroup v2: the process's group, or the namespace root it sees.
                candidates += [
                    ("/sys/fs/cgroup\(path)/memory.max", "/sys/fs/cgroup\(path)/memory.current"),
                    ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                ]
            } else if fields[1].split(separator: ",").contains("memory") {
                candidates += [
                    ("/sys/fs/cgroup/memory\(path)/memory.limit_in_bytes", "/sys/fs/cgroup/memory\(path)/memory.usage_in_bytes"),
                    ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
                ]
            }
        }
        for candidate in candidates {
            // "max" (v2) and a near-2^63 value (v1) both mean no limit.
            guard let limit = number(candidate.limit), limit < 1e18, let used = number(candidate.used) else { continue }
            return (limit, used)
        }
        return nil
    }
}
