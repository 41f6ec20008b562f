import Foundation

/// Simulates blocks of paths for one worker: the hot loop of the engine.
///
/// A path runs year by year: draw the factors, draw the year's defaults group by group, put
/// them in a random order, hand them to the risk-sharing waterfall. Given the factors of a
/// year, defaults are independent, so each group's defaults are drawn by one of four exact
/// algorithms, each a function below:
/// - `drawBinomial`: a homogeneous group draws the *number* of defaults from a binomial;
/// - `drawSkipping`: other groups jump from one candidate to the next with geometric gaps at
///   the group's highest conditional PD and accept each candidate with its own PD over that
///   maximum (thinning), so work is proportional to defaults, not to loans;
/// - `drawLoanByLoan`: the model's definition, one latent variable per loan (the reference the
///   others are tested and benchmarked against);
/// - `drawTwisted`: importance sampling's exponentially twisted PDs in year 1, loan by loan.
/// Every default goes through `recordDefault` (its loss event, with the LGD draw, and the
/// principal it takes off the book); the per-loan algorithms also go through `markDefaulted`,
/// which keeps the loan from defaulting again. The year's events then go to the scheme's
/// `PathWaterfall`, or, when the simulator records (`recordBlock`), into a `DefaultRecord` that
/// several schemes replay.
///
/// Random numbers come from keyed streams (``StreamIdentity``): each year of a path resets the
/// stream to that (path, year)'s factor stream, and each segment to its own default and LGD
/// streams for that (path, year), so no draw depends on how many numbers another year, path or
/// segment used. (A segment's groups are contiguous in the book and drawn in book order.)
struct PathSimulator {
    let simulation: Simulation
    let book: LoanBook
    let horizon: Int
    let factorCount: Int
    let persistence: Double
    let innovationWeight: Double
    let lgdSampler: LGDSampler
    let segmentCount: Int
    /// Principal of the loans active in each year per segment, before any default: year y's
    /// segment s at (y - 1) × segmentCount + s.
    private let scheduledOutstanding: WorkingBuffer<Double>
    /// The LGD shared by every loan of a group when all of them have the same fixed LGD (NaN
    /// otherwise): such a group's defaults need no call to the LGD sampler.
    private let groupFixedLGD: WorkingBuffer<Double>

    // The book's groups, field by field: the loops below read these without copying a group.
    let groupStart: [Int]
    let groupEnd: [Int]
    let groupSegment: [Int]
    let groupHomogeneous: [Bool]
    /// loadings[g * factorCount + f]
    let groupLoadings: [Double]
    let idiosyncraticWeights: [Double]
    /// Groups on the book in each year: those of year y at `activeGroups[activeStart[y - 1]..<activeStart[y]]`,
    /// built by each worker.
    let activeGroups: [Int]
    let activeStart: [Int]
    /// Whether a loan's default must be remembered for later years of the path.
    let marksDefaults: Bool
    /// The default thresholds (`DefaultThresholds`), copied for this worker: arrays fetched every
    /// year are reference counted, and workers sharing one copy would contend for its count.
    /// Each set is one stretch of the flat storage (loans, or groups, per set); the hot loop reads
    /// it through a plain pointer, so that no reference count changes per path, year or group.
    let thresholdSetForYear: [Int]
    private let thresholdStorage: WorkingBuffer<Double>
    private let loanThresholds: UnsafeMutablePointer<Double>
    private let groupMaximumThresholds: UnsafeMutablePointer<Double>
    private let groupMinimumThresholds: UnsafeMutablePointer<Double>
    /// Whether year 1 is drawn under the exponential twist.
    private let twisted: Bool
    private let loanCount: Int
    /// Bounds on Φ that settle most thinning decisions without evaluating it, and on log(u) that
    /// settle most geometric gaps without evaluating log.
    private let cdfBounds = NormalCDFBounds()
    private let logBounds = LogUniformBounds()

    // Working memory, allocated once per worker and reset path by path.
    var factorSampler: FactorSampler
    /// The factor and default draws, and the LGD draws, reset to a keyed stream before each use.
    let stream: RandomStream
    let lgdStream: RandomStream
    /// Loan-level operations done so far (candidates examined, loans drawn one by one, binomial
    /// draws): a deterministic measure of simulation effort, used to compare methods in tests.
    var work = 0
    /// Path and year being simulated, for the default-time hash.
    var currentPath: UInt64 = 0
    var currentYear: UInt64 = 0
    /// Conditional PDs of all loans, for the exponential twist.
    var twistProbabilities: [Double]
    let factors: WorkingBuffer<Double>
    /// Whether each loan defaulted on this path (loans drawn one by one), and which did.
    let defaulted: WorkingBuffer<Bool>
    let defaultedLoans = GrowableBuffer<Int>()
    /// Loans not yet defaulted per group (groups drawn by count).
    let aliveInGroup: WorkingBuffer<Int>
    /// Principal defaulted so far on this path, per group.
    let groupDefaultedPrincipal: WorkingBuffer<Double>
    let events = GrowableBuffer<DefaultEvent>()
    /// Principal at the start of the year, per segment.
    let outstanding: WorkingBuffer<Double>
    /// The scheme's end of year and of path.
    var waterfall: PathWaterfall
    /// Where the year's events go instead of the waterfall while `recordBlock` runs.
    var recording: DefaultRecord?

    init(simulation: Simulation) {
        self.simulation = simulation
        let loans = simulation.book
        book = loans
        let scenario = simulation.scenario
        let horizon = scenario.simulation.horizonYears
        self.horizon = horizon
        factorCount = scenario.economy.factors.count
        persistence = scenario.economy.persistence
        innovationWeight = (1 - persistence * persistence).squareRoot()
        let renewal = scenario.portfolio.renewal
        lgdSampler = simulation.lgdSampler
        segmentCount = loans.segmentNames.count
        var schedule = [[Double]](repeating: [Double](repeating: 0, count: segmentCount), count: horizon)
        for group in loans.groups {
            let principal = group.range.reduce(0.0) { $0 + loans.exposure[$1] }
            for year in 1...horizon where group.isActive(year: year, renewal: renewal) {
                schedule[year - 1][group.segment] += principal
            }
        }
        scheduledOutstanding = WorkingBuffer(schedule.flatMap { $0 })
        groupFixedLGD = WorkingBuffer(
            loans.groups.map { group -> Double in
                var shared: Double?
                for loan in group.range {
                    guard case .fixed(let x) = loans.lgd[loan], shared == nil || shared!.bitPattern == x.bitPattern else { return .nan }
                    shared = x
                }
                return shared ?? .nan
            })
        groupStart = loans.groups.map(\.range.lowerBound)
        groupEnd = loans.groups.map(\.range.upperBound)
        groupSegment = loans.groups.map(\.segment)
        // A segment's streams are reset once per path and year, when its first group comes up:
        // its groups must follow one another.
        precondition(zip(groupSegment, groupSegment.dropFirst()).allSatisfy { $0 <= $1 }, "a segment's loan groups are contiguous")
        precondition(segmentCount - 1 <= StreamIdentity.maximumSegment, "segments fit the streams' segment field")
        groupHomogeneous = loans.groups.map(\.isHomogeneous)
        groupLoadings = loans.groups.flatMap(\.loadings)
        idiosyncraticWeights = loans.groups.map(\.idiosyncraticWeight)
        let active = (1...horizon).map { year in loans.groups.indices.filter { loans.groups[$0].isActive(year: year, renewal: renewal) } }
        activeGroups = active.flatMap { $0 }
        activeStart = [0] + active.reduce(into: [Int]()) { starts, year in starts.append((starts.last ?? 0) + year.count) }
        marksDefaults = horizon > 1
        let thresholds = simulation.thresholds
        thresholdSetForYear = thresholds.setForYear
        let setCount = thresholds.perLoan.count, groupCount = loans.groups.count
        precondition(thresholds.perLoan.allSatisfy { $0.count == loans.count }, "one threshold per loan in each set")
        precondition(
            thresholds.groupMaximum.count == setCount && thresholds.groupMinimum.count == setCount
                && (thresholds.groupMaximum + thresholds.groupMinimum).allSatisfy { $0.count == groupCount },
            "one maximum and one minimum per group in each set")
        thresholdStorage = WorkingBuffer(
            thresholds.perLoan.flatMap { $0 } + thresholds.groupMaximum.flatMap { $0 } + thresholds.groupMinimum.flatMap { $0 })
        loanThresholds = thresholdStorage.base
        groupMaximumThresholds = thresholdStorage.base + setCount * loans.count
        groupMinimumThresholds = groupMaximumThresholds + setCount * groupCount
        twisted = simulation.twist != nil
        loanCount = loans.count
        factorSampler = FactorSampler(simulation: simulation, block: 0)
        stream = RandomStream(seed: scenario.simulation.seed, identity: .factors(path: 0, year: 1))
        lgdStream = RandomStream(seed: scenario.simulation.seed, identity: .factors(path: 0, year: 1))
        twistProbabilities = Array(repeating: 0, count: simulation.twist == nil ? 0 : loans.count)
        factors = WorkingBuffer(repeating: 0, count: factorCount)
        defaulted = WorkingBuffer(repeating: false, count: loans.count)
        aliveInGroup = WorkingBuffer(loans.groups.map(\.range.count))
        groupDefaultedPrincipal = WorkingBuffer(repeating: 0, count: loans.groups.count)
        outstanding = WorkingBuffer(repeating: 0, count: segmentCount)
        waterfall = PathWaterfall(simulation: simulation)
    }

    /// Simulates every path of block `b` and returns their records column by column: value c of
    /// the block's path i is at c × paths + i.
    mutating func runBlock(_ b: Int) -> [Double] {
        factorSampler = FactorSampler(simulation: simulation, block: b)
        let paths = simulation.pathRange(ofBlock: b)
        let n = paths.count
        let width = waterfall.width
        let record = waterfall.record
        return [Double](unsafeUninitializedCapacity: n * width) { columns, initialized in
            for (i, path) in paths.enumerated() {
                currentPath = UInt64(path)
                simulatePath(stream)
                for c in 0..<width { columns[c * n + i] = record[c] }
            }
            initialized = n * width
        }
    }

    /// Simulates every path of block `b` with the same draws as `runBlock`, keeping the default
    /// events in `record` instead of running them through the waterfall.
    mutating func recordBlock(_ b: Int, into record: DefaultRecord) {
        factorSampler = FactorSampler(simulation: simulation, block: b)
        let paths = simulation.pathRange(ofBlock: b)
        record.begin(paths: paths)
        recording = record
        defer { recording = nil }
        for path in paths {
            currentPath = UInt64(path)
            simulatePath(stream)
        }
    }

    /// One path: year by year, the factors, the defaults of each group, their order, the waterfall.
    mutating func simulatePath(_ stream: RandomStream) {
        beginPath()
        var twistLogWeight = 0.0
        for year in 1...horizon {
            currentYear = UInt64(year)
            stream.reset(to: .factors(path: Int(currentPath), year: year))
            drawFactors(year: year, stream: stream)
            // The t copula divides the whole latent variable by sqrt(W/dof): equivalently the
            // threshold is scaled by sqrt(W/dof) in the conditional PD.
            let scale = factorSampler.thresholdScale(year: year, stream: stream)
            let set = thresholdSetForYear[year - 1]
            let thresholds = UnsafePointer(loanThresholds + set * loanCount)
            beginYear(year)
            if twisted && year == 1, let twist = simulation.twist {
                twistLogWeight = drawTwisted(twist, thresholds: thresholds, scale: scale, stream: stream)
            } else {
                let groupMaximum = groupMaximumThresholds + set * groupStart.count
                let groupMinimum = groupMinimumThresholds + set * groupStart.count
                var streamSegment = -1
                for k in activeStart[year - 1]..<activeStart[year] {
                    let g = activeGroups[k]
                    if groupSegment[g] != streamSegment {
                        streamSegment = groupSegment[g]
                        resetStreams(segment: streamSegment, year: year)
                    }
                    var systematic = 0.0
                    for f in 0..<factorCount { systematic += groupLoadings[g * factorCount + f] * factors[f] }
                    if simulation.algorithm == .loanByLoan {
                        drawLoanByLoan(g, systematic: systematic, scale: scale, thresholds: thresholds, stream: stream)
                        continue
                    }
                    if groupHomogeneous[g] {
                        let p = conditionalPD(groupMaximum[g], systematic: systematic, weight: idiosyncraticWeights[g], scale: scale)
                        if p > 0 { drawBinomial(g, probability: p, stream: stream) }
                    } else {
                        drawSkipping(
                            g, systematic: systematic, scale: scale, maximumThreshold: groupMaximum[g],
                            minimumThreshold: groupMinimum[g], thresholds: thresholds, stream: stream)
                    }
                }
            }
            if let recording {
                recording.appendYear(events: events, outstanding: outstanding.base)
            } else {
                waterfall.endYear(year, path: currentPath, events: events, outstanding: outstanding.base)
            }
        }
        let logWeight = factorSampler.logWeight + twistLogWeight
        if let recording { recording.endPath(logWeight: logWeight) } else { waterfall.endPath(logWeight: logWeight) }
    }

    /// Every loan back on the book, every account at zero.
    private mutating func beginPath() {
        for loan in defaultedLoans.elements { defaulted[loan] = false }
        defaultedLoans.removeAll()
        for g in groupStart.indices { aliveInGroup[g] = groupEnd[g] - groupStart[g]; groupDefaultedPrincipal[g] = 0 }
        if recording == nil { waterfall.beginPath() }
        factorSampler.beginPath()
    }

    /// Points the default and LGD streams at `segment`'s streams for the current path and `year`.
    @inline(__always) private func resetStreams(segment: Int, year: Int) {
        let path = Int(currentPath)
        stream.reset(to: .defaults(path: path, year: year, segment: segment))
        lgdStream.reset(to: .lossGivenDefault(path: path, year: year, segment: segment))
    }

    /// The year's factors: Z_t = φ Z_{t-1} + sqrt(1-φ²) ε_t (Z_1 = ε_1).
    private mutating func drawFactors(year: Int, stream: RandomStream) {
        for f in 0..<factorCount {
            let shock = factorSampler.innovation(year: year, factor: f, stream: stream)
            factors[f] = year == 1 ? shock : persistence * factors[f] + innovationWeight * shock
        }
    }

    /// Outstanding at the start of the year: scheduled principal less earlier defaults still due.
    private mutating func beginYear(_ year: Int) {
        outstanding.base.update(from: scheduledOutstanding.base + (year - 1) * segmentCount, count: segmentCount)
        for k in activeStart[year - 1]..<activeStart[year] {
            outstanding[groupSegment[activeGroups[k]]] -= groupDefaultedPrincipal[activeGroups[k]]
        }
        events.removeAll()
    }

    // MARK: Drawing the defaults of one group in one year

    /// A homogeneous group: the number of defaults among the loans still alive is
    /// Binomial(alive, p); only that many LGDs are drawn.
    private mutating func drawBinomial(_ g: Int, probability p: Double, stream: RandomStream) {
        let n = stream.binomial(n: aliveInGroup[g], p: p)
        work += 1 + n
        aliveInGroup[g] -= n
        let loan = groupStart[g]
        for _ in 0..<n { recordDefault(loan: loan, group: g) }
        groupDefaultedPrincipal[g] += Double(n) * book.exposure[loan]
    }

    /// Geometric skipping with thinning: candidates arrive with gaps Geometric(pMax), pMax the
    /// group's highest conditional PD (none is drawn when pMax is 0; every loan is a candidate
    /// when it is 1), and each is accepted with probability p_j / pMax, that is when u × pMax <
    /// p_j for its uniform u. A candidate is also accepted when u × pMax is below the group's
    /// lowest conditional PD pMin (a squeeze that the definition keeps: it accepts no candidate
    /// that p_j would reject, save for rounding).
    ///
    /// Φ is evaluated only where the bounds of `NormalCDFBounds` leave a decision open, so the
    /// draws and decisions are those of the exact computation: pMax only once the first gap is
    /// known to fall inside the group (its uniform is drawn either way when 0 < pMax < 1/2), pMin
    /// only for a candidate that needs it, and p_j only for the few candidates whose u × pMax
    /// falls between the bounds of p_j. Likewise most gaps come from bounds on log(u)
    /// (`LogUniformBounds`), and log is evaluated only when they leave the gap open.
    private mutating func drawSkipping(
        _ g: Int, systematic: Double, scale: Double, maximumThreshold: Double, minimumThreshold: Double,
        thresholds: UnsafePointer<Double>, stream: RandomStream
    ) {
        let start = groupStart[g], end = groupEnd[g]
        let weight = idiosyncraticWeights[g]
        // NaN when the idiosyncratic weight is 0: no threshold then has a cell.
        let cellFactor = weight > 0 ? NormalCDFBounds.cellsPerUnit / weight : .nan
        let pMax: Double, logStay: Double
        var j = start - 1
        let maximumPosition = NormalCDFBounds.position(numerator: maximumThreshold * scale - systematic, factor: cellFactor)
        if let lowestLogStay = cdfBounds.logSurvivalLowerBound(atPosition: maximumPosition) {
            // 0 < pMax < 1/2: the first gap's uniform is drawn whatever pMax is exactly, and when
            // log(u) ≤ n × the lowest log(1 - pMax) of the cell, the gap passes the group's n loans.
            let word = stream.positiveWord()
            if logBounds.bounds(word: word).upper <= Double(end - start) * lowestLogStay { return }
            pMax = conditionalPD(maximumThreshold, systematic: systematic, weight: weight, scale: scale)
            logStay = log1p(-pMax)
            j &+= gap(word: word, logOneMinusP: logStay)
        } else {
            pMax = conditionalPD(maximumThreshold, systematic: systematic, weight: weight, scale: scale)
            if pMax <= 0 { return }
            logStay = pMax < 1 ? log1p(-pMax) : 0
            j &+= pMax >= 1 ? 1 : gap(word: stream.positiveWord(), logOneMinusP: logStay)
        }
        var pMin = Double.nan
        var examined = 0
        while j < end {
            examined &+= 1
            candidate: do {
                if marksDefaults && defaulted.base[j] { break candidate }
                let c = thresholds[j]
                if c < maximumThreshold {
                    let u = stream.uniform() * pMax
                    let position = NormalCDFBounds.position(numerator: c * scale - systematic, factor: cellFactor)
                    if let accepted = cdfBounds.isBelow(u, atPosition: position) {
                        // Settled: u < p_j, or u ≥ p_j and then also u ≥ pMin (pMin is at most the
                        // cell's upper bound: its threshold is the group's lowest, so its x is too).
                        if !accepted { break candidate }
                    } else {
                        if pMin.isNaN {
                            pMin =
                                minimumThreshold < maximumThreshold
                                ? conditionalPD(minimumThreshold, systematic: systematic, weight: weight, scale: scale) : pMax
                        }
                        if u >= pMin && u >= conditionalPD(c, systematic: systematic, weight: weight, scale: scale) { break candidate }
                    }
                }
                markDefaulted(loan: j, group: g)
            }
            j &+= pMax >= 1 ? 1 : gap(word: stream.positiveWord(), logOneMinusP: logStay)
        }
        work &+= examined
    }

    /// The geometric gap 1 + ⌊log(u) / log(1 - p)⌋ for the uniform u = `word` × 2⁻³² (a nonzero word):
    /// from `LogUniformBounds` when they settle it, else with log.
    @inline(__always) private func gap(word: UInt32, logOneMinusP: Double) -> Int {
        if let gap = logBounds.gap(word: word, logOneMinusP: logOneMinusP) { return gap }
        return RandomStream.geometricGap(logUniform: log(Double(word) * 0x1p-32), logOneMinusP: logOneMinusP)
    }

    /// The model's definition: one latent variable per loan still on the book.
    private mutating func drawLoanByLoan(
        _ g: Int, systematic: Double, scale thresholdScale: Double, thresholds: UnsafePointer<Double>,
        stream: RandomStream
    ) {
        let weight = idiosyncraticWeights[g]
        let scale = 1 / thresholdScale
        work += groupEnd[g] - groupStart[g]
        for j in groupStart[g]..<groupEnd[g] where !defaulted[j] {
            let latent = (systematic + weight * stream.gaussian()) * scale
            if latent < thresholds[j] { markDefaulted(loan: j, group: g) }
        }
    }

    /// Year-1 defaults loan by loan under the Glasserman-Li twisted probabilities; returns the
    /// log likelihood ratio of the twist.
    private mutating func drawTwisted(_ twist: TwistPlan, thresholds: UnsafePointer<Double>, scale: Double, stream: RandomStream) -> Double
    {
        for g in groupStart.indices {
            var systematic = 0.0
            for f in 0..<factorCount { systematic += groupLoadings[g * factorCount + f] * factors[f] }
            let weight = idiosyncraticWeights[g]
            for i in groupStart[g]..<groupEnd[g] {
                twistProbabilities[i] = conditionalPD(thresholds[i], systematic: systematic, weight: weight, scale: scale)
            }
        }
        let probabilities = twistProbabilities
        let theta = twist.theta(probabilities: probabilities)
        work += 2 * book.count
        let c = twist.scaledLoss
        var psi = 0.0, drawnLoss = 0.0
        var streamSegment = -1
        for g in groupStart.indices {
            if groupSegment[g] != streamSegment {
                streamSegment = groupSegment[g]
                resetStreams(segment: streamSegment, year: 1)
            }
            for i in groupStart[g]..<groupEnd[g] {
                let p = probabilities[i]
                if p <= 0 { continue }
                let e = exp(min(theta * c[i], 700))
                let denominator = 1 - p + p * e
                psi += log(denominator)
                let q = p * e / denominator
                if stream.uniform() < q {
                    drawnLoss += c[i]
                    if groupHomogeneous[g] {
                        aliveInGroup[g] -= 1
                        recordDefault(loan: i, group: g)
                        groupDefaultedPrincipal[g] += book.exposure[i]
                    } else {
                        markDefaulted(loan: i, group: g)
                    }
                }
            }
        }
        return -theta * drawnLoss + psi
    }

    // MARK: The shared default step

    /// A loan drawn individually defaulted: book it, and keep it from defaulting again later on
    /// the path.
    @inline(__always) private mutating func markDefaulted(loan: Int, group g: Int) {
        if marksDefaults {
            defaulted[loan] = true
            defaultedLoans.append(loan)
        }
        recordDefault(loan: loan, group: g)
        groupDefaultedPrincipal[g] += book.exposure[loan]
    }

    /// The year's loss event of a default, its LGD drawn now from the segment's LGD stream. (The principal it takes off its
    /// segment is summed at the end of the year, in the order the defaults were drawn.)
    @inline(__always) private func recordDefault(loan: Int, group g: Int) {
        let exposure = book.exposure[loan]
        // A group whose loans share one fixed LGD skips the sampler, which would return that
        // LGD without a draw.
        let shared = groupFixedLGD.base[g]
        let lgd =
            shared.isNaN ? lgdSampler.lgd(loan: loan, uniform: lgdSampler.isRandom(loan: loan) ? lgdStream.uniform() : 0) : shared
        // The time is set by orderEvents() once the year's defaults are known.
        events.append(DefaultEvent(loan: loan, time: 0, exposure: exposure, loss: exposure * lgd, group: g))
    }

    /// P(default | factors) for threshold c: Φ((c·s - a·Z) / sqrt(1 - |a|²)), s the t-copula scale.
    func conditionalPD(_ c: Double, systematic: Double, weight: Double, scale: Double) -> Double {
        if c == -.infinity { return 0 }
        if c == .infinity { return 1 }
        let x = c * scale - systematic
        if weight <= 0 { return x > 0 ? 1 : 0 }
        return GSL.normalCDF(x / weight)
    }
}
