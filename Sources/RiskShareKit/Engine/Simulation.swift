import Dispatch
import Synchronization

/// A scenario prepared for simulation: the loan book, the compiled risk-sharing plan and the
/// default thresholds. Running it produces one row of results per path.
///
/// Paths are cut into fixed blocks (`simulation.block_paths`), the unit of parallel work; each
/// path draws from random streams keyed by (seed, path, year, purpose, segment) and each block
/// writes only its own rows, so the results are bit-identical for any number of threads, any
/// split of the blocks into shards and any block size (quasi-Monte Carlo aside: its blocks are
/// the replicates).
public struct Simulation: Sendable {
    /// How defaults are drawn given the factors.
    public enum Algorithm: Sendable {
        /// Binomial counts for homogeneous groups, geometric skips with thinning otherwise:
        /// work proportional to defaults.
        case conditional
        /// One latent variable per loan and year, as in the model's definition: the reference
        /// the fast algorithms are tested and benchmarked against.
        case loanByLoan
    }

    public let scenario: Scenario
    public let algorithm: Algorithm
    public let book: LoanBook
    public let plan: RiskSharingPlan
    /// Names of the per-path columns: engine columns, the risk-sharing plan's, then the gross
    /// loss of each segment (`gross_loss.seg.<name>`, horizon total) for books of at most
    /// `segmentColumnLimit` segments.
    public let columns: [String]
    /// Most segments whose per-path gross loss is recorded (memory grows with segments × paths).
    public static let segmentColumnLimit = 256
    /// Whether the per-segment gross-loss columns are recorded.
    public var recordsSegmentLosses: Bool { book.segmentNames.count <= Self.segmentColumnLimit }
    let thresholds: DefaultThresholds
    let lgdSampler: LGDSampler
    /// Shift of the factors' innovations under importance sampling; nil otherwise.
    let importanceShift: [Double]?
    /// Exponential twist of one-year default probabilities under importance sampling.
    let twist: TwistPlan?

    public init(scenario: Scenario, algorithm: Algorithm = .conditional) {
        self.scenario = scenario
        self.algorithm = algorithm
        book = PortfolioBuilder.build(scenario)
        plan = RiskSharingPlan(
            spec: scenario.riskSharing, book: book, horizonYears: scenario.simulation.horizonYears,
            renewal: scenario.portfolio.renewal, recordsCells: scenario.report.contributions)
        thresholds = DefaultThresholds(book: book, economy: scenario.economy)
        lgdSampler = LGDSampler(book: book)
        if case .importanceSampling(let settings) = scenario.simulation.method {
            let plan = ImportancePlan(
                settings: settings, book: book, economy: scenario.economy,
                horizon: scenario.simulation.horizonYears, thresholds: thresholds)
            importanceShift = plan.shift
            twist = plan.twist
        } else {
            importanceShift = nil
            twist = nil
        }
        columns = Self.columns(scenario: scenario, book: book, plan: plan)
    }

    /// The simulation of `scenario`, a scheme variant of `base`'s scenario (the two differ at
    /// most in `risk_sharing`, `report` and `capital`), sharing `base`'s loan book, default
    /// thresholds and samplers: only the risk-sharing plan is compiled anew.
    init(scenario: Scenario, sharingDefaultsOf base: Simulation) {
        self.scenario = scenario
        algorithm = base.algorithm
        book = base.book
        plan = RiskSharingPlan(
            spec: scenario.riskSharing, book: book, horizonYears: scenario.simulation.horizonYears,
            renewal: scenario.portfolio.renewal, recordsCells: scenario.report.contributions)
        thresholds = base.thresholds
        lgdSampler = base.lgdSampler
        importanceShift = base.importanceShift
        twist = base.twist
        columns = Self.columns(scenario: scenario, book: book, plan: plan)
    }

    private static func columns(scenario: Scenario, book: LoanBook, plan: RiskSharingPlan) -> [String] {
        let years = 1...scenario.simulation.horizonYears
        return ["gross_loss", "defaults"]
            + years.map { "gross_loss.y\($0)" } + years.map { "defaults.y\($0)" } + years.map { "npl_ratio.y\($0)" }
            + plan.columns
            + (book.segmentNames.count <= Self.segmentColumnLimit ? book.segmentNames.map { "gross_loss.seg.\($0)" } : [])
    }

    /// Runs `blocks` (all blocks by default) on `threads` workers. `progress` is called with the
    /// number of finished blocks and the total, from worker threads. Stops early, returning nil,
    /// when `isCancelled` turns true.
    public func run(
        threads: Int, blocks: Range<Int>? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) -> PathTable? {
        let blockRange = blocks ?? 0..<scenario.simulation.blockCount
        let blockList = Array(blockRange)
        // Each block's paths arrive column by column; the last column is the path's likelihood
        // ratio (1 unless importance sampling). Finished blocks are appended to the table in
        // block order as soon as every earlier block is in, so only blocks that finished early
        // wait in memory, and a block's memory is reused by the next.
        let width = columns.count + 1
        let total = blockList.reduce(0) { $0 + pathRange(ofBlock: $1).count }
        let assembly = Mutex(Assembly(blocks: blockList.count, width: width, paths: total))
        let finished = Atomic<Int>(0)
        let work = Atomic<Int>(0)
        let workers = max(1, min(threads, blockList.count))
        // GSL failures on the workers are recorded where the caller records them.
        let record = GSL.currentRecord
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            GSL.recording(into: record) {
                var simulator = PathSimulator(simulation: self)
                var position = worker
                while position < blockList.count {
                    if isCancelled?() == true { return }
                    let block = simulator.runBlock(blockList[position])
                    work.add(simulator.work, ordering: .relaxed)
                    simulator.work = 0
                    assembly.withLock { $0.add(block, at: position, width: width) }
                    let done = finished.add(1, ordering: .relaxed).newValue
                    progress?(done, blockList.count)
                    position += workers
                }
            }
        }
        if isCancelled?() == true { return nil }
        guard let table = assembly.withLock({ state -> [[Double]]? in state.next == blockList.count ? state.table : nil }) else {
            return nil
        }
        return pathTable(table, work: Double(work.load(ordering: .relaxed)))
    }

    /// The path table of assembled columns (the last one the likelihood ratios).
    func pathTable(_ assembled: [[Double]], work: Double) -> PathTable {
        var table = assembled
        let weights = table.removeLast()
        let isWeighted: Bool
        if case .importanceSampling = scenario.simulation.method { isWeighted = true } else { isWeighted = false }
        var result = PathTable(names: columns, columns: table, weights: isWeighted ? weights : nil)
        result.work = work
        result.reportSettings = scenario.report
        if scenario.simulation.method == .quasiMonteCarlo { result.replicateSize = scenario.simulation.blockPaths }
        return result
    }

    /// Paths in block `b`.
    func pathRange(ofBlock b: Int) -> Range<Int> {
        let size = scenario.simulation.blockPaths
        return (b * size)..<min((b + 1) * size, scenario.simulation.paths)
    }
}

/// The path table being put together from blocks that finish in any order.
struct Assembly {
    /// Blocks finished before an earlier one, by position.
    var waiting: [[Double]?]
    /// The columns so far (blocks 0..<next, in order).
    var table: [[Double]]
    var next = 0

    /// An empty table of `width` columns for `blocks` blocks, each column reserved for `paths`
    /// values so that appending blocks never reallocates.
    init(blocks: Int, width: Int, paths: Int) {
        waiting = Array(repeating: nil, count: blocks)
        table = Array(repeating: [], count: width)
        for c in 0..<width { table[c].reserveCapacity(paths) }
    }

    /// Files the block at `position` (its values column by column) and appends every block
    /// that is now next in order.
    mutating func add(_ block: [Double], at position: Int, width: Int) {
        waiting[position] = block
        while next < waiting.count, let ready = waiting[next] {
            let paths = ready.count / width
            for c in 0..<width { table[c].append(contentsOf: ready[(c * paths)..<((c + 1) * paths)]) }
            waiting[next] = nil
            next += 1
        }
    }
}

/// Default thresholds c = F⁻¹(PD × multiplier) per loan, for each distinct stress multiplier:
/// a loan defaults in a year when its latent variable falls below c. F is Φ for the Gaussian
/// copula and Student's t for the t copula, so every loan keeps its PD.
struct DefaultThresholds: Sendable {
    /// Index into `perLoan` for each year (0-based).
    let setForYear: [Int]
    /// Thresholds per loan, one array per distinct multiplier.
    let perLoan: [[Double]]
    /// Threshold of each group's highest PD, one array per distinct multiplier.
    let groupMaximum: [[Double]]
    /// Threshold of each group's lowest PD, one array per distinct multiplier.
    let groupMinimum: [[Double]]

    init(book: LoanBook, economy: Economy) {
        var distinct: [Double] = []
        var sets: [Int] = []
        for m in economy.pdMultiplier {
            if let i = distinct.firstIndex(of: m) { sets.append(i) } else { distinct.append(m); sets.append(distinct.count - 1) }
        }
        setForYear = sets
        let quantile: (Double) -> Double
        switch economy.copula {
        case .gaussian: quantile = { GSL.normalQuantile($0) }
        case .studentT(let dof): quantile = { GSL.studentTQuantile($0, dof: dof) }
        }
        // Loans of a group are sorted by PD, so runs of equal PDs are consecutive: remembering
        // the last one saves almost every quantile without a table that could grow with the book.
        var last: (p: Double, c: Double)?
        func threshold(_ p: Double) -> Double {
            if let last, last.p == p { return last.c }
            let c = quantile(min(1, p))
            last = (p, c)
            return c
        }
        perLoan = distinct.map { m in book.pd.map { threshold($0 * m) } }
        groupMaximum = distinct.map { m in book.groups.map { threshold($0.maximumPD * m) } }
        groupMinimum = distinct.map { m in book.groups.map { g in threshold((book.pd[g.range].min() ?? 0) * m) } }
    }
}
