import Foundation

/// Simulates blocks of paths for one worker. Given the factors of a year, defaults are
/// independent, so each group is handled by the cheapest exact method:
/// - homogeneous groups draw the number of defaults from a binomial;
/// - other groups jump from one candidate to the next with geometric gaps at the group's highest
///   conditional PD and accept each candidate with its own PD over that maximum (thinning).
/// Work is therefore proportional to the number of defaults, not of loans.
struct PathSimulator {
    let simulation: Simulation
    let book: LoanBook
    let horizon: Int
    let factorCount: Int
    let persistence: Double
    let innovationWeight: Double
    let dof: Double?
    let renewal: Bool
    let idiosyncraticWeights: [Double]
    let lgdSampler: LGDSampler
    let segmentCount: Int
    /// Principal of the loans active in each year per segment, before any default.
    let scheduledOutstanding: [[Double]]

    // Per-path working memory, reused across paths.
    var factorSampler: FactorSampler
    /// Loan-level operations done so far (candidates examined, loans drawn one by one, binomial
    /// draws): a deterministic measure of simulation effort, used to compare methods in tests.
    var work = 0
    /// Path and year being simulated, for the default-time hash.
    var currentPath: UInt64 = 0
    var currentYear: UInt64 = 0
    let timeSeed: UInt64
    /// Conditional PDs of all loans, for the exponential twist.
    var twistProbabilities: [Double]
    var factors: [Double]
    var defaulted: [Bool]
    var defaultedLoans: [Int] = []
    var aliveInGroup: [Int]
    /// Principal defaulted so far on this path, per group.
    var groupDefaultedPrincipal: [Double]
    var events: [DefaultEvent] = []
    var riskState: RiskSharingState
    var outstanding: [Double]
    var defaultedPrincipal: [Double]
    /// Gross loss of each segment on the path (horizon total), when the simulation records it.
    var segmentLoss: [Double]
    var record: [Double] = []

    init(simulation: Simulation) {
        self.simulation = simulation
        book = simulation.book
        let scenario = simulation.scenario
        horizon = scenario.simulation.horizonYears
        factorCount = scenario.economy.factors.count
        persistence = scenario.economy.persistence
        innovationWeight = (1 - persistence * persistence).squareRoot()
        if case .studentT(let d) = scenario.economy.copula { dof = d } else { dof = nil }
        renewal = scenario.portfolio.renewal
        idiosyncraticWeights = book.groups.map(\.idiosyncraticWeight)
        lgdSampler = simulation.lgdSampler
        segmentCount = book.segmentNames.count
        let loans = simulation.book
        let renews = renewal
        var schedule = [[Double]](repeating: [Double](repeating: 0, count: loans.segmentNames.count), count: horizon)
        for group in loans.groups {
            let principal = group.range.reduce(0.0) { $0 + loans.exposure[$1] }
            for year in 1...horizon where renews || year <= group.term {
                schedule[year - 1][group.segment] += principal
            }
        }
        scheduledOutstanding = schedule
        factors = Array(repeating: 0, count: factorCount)
        factorSampler = FactorSampler(simulation: simulation, block: 0)
        timeSeed = SplitMix64.mix(simulation.scenario.simulation.seed ^ 0x7469_6D65)
        twistProbabilities = simulation.twist == nil ? [] : Array(repeating: 0, count: simulation.book.count)
        defaulted = Array(repeating: false, count: book.count)
        aliveInGroup = book.groups.map(\.range.count)
        groupDefaultedPrincipal = Array(repeating: 0, count: book.groups.count)
        riskState = simulation.plan.makeState()
        outstanding = Array(repeating: 0, count: segmentCount)
        defaultedPrincipal = Array(repeating: 0, count: segmentCount)
        segmentLoss = Array(repeating: 0, count: simulation.recordsSegmentLosses ? segmentCount : 0)
    }

    /// Simulates every path of block `b` and returns their records, row after row.
    mutating func runBlock(_ b: Int) -> [Double] {
        factorSampler = FactorSampler(simulation: simulation, block: b)
        let stream = RandomStream(seed: simulation.scenario.simulation.seed, stream: UInt64(b))
        let paths = simulation.pathRange(ofBlock: b)
        var rows: [Double] = []
        rows.reserveCapacity(paths.count * (simulation.columns.count + 1))
        for path in paths {
            currentPath = UInt64(path)
            simulatePath(stream)
            rows.append(contentsOf: record)
        }
        return rows
    }

    mutating func simulatePath(_ stream: RandomStream) {
        for loan in defaultedLoans { defaulted[loan] = false }
        defaultedLoans.removeAll(keepingCapacity: true)
        for g in book.groups.indices { aliveInGroup[g] = book.groups[g].range.count; groupDefaultedPrincipal[g] = 0 }
        simulation.plan.beginPath(&riskState)
        var yearLoss = [Double](repeating: 0, count: horizon)
        var yearDefaults = [Double](repeating: 0, count: horizon)
        var yearNPL = [Double](repeating: 0, count: horizon)
        for s in segmentLoss.indices { segmentLoss[s] = 0 }

        factorSampler.beginPath()
        var twistLogWeight = 0.0
        for year in 1...horizon {
            currentYear = UInt64(year)
            for f in 0..<factorCount {
                let shock = factorSampler.innovation(year: year, factor: f, stream: stream)
                factors[f] = year == 1 ? shock : persistence * factors[f] + innovationWeight * shock
            }
            // The t copula divides the whole latent variable by sqrt(W/dof): equivalently the
            // threshold is scaled by sqrt(W/dof) in the conditional PD.
            let thresholdScale = factorSampler.thresholdScale(year: year, stream: stream)
            let set = simulation.thresholds.setForYear[year - 1]
            let loanThresholds = simulation.thresholds.perLoan[set]
            let groupThresholds = simulation.thresholds.groupMaximum[set]

            // Outstanding at the start of the year: scheduled principal less earlier defaults still due.
            for s in 0..<segmentCount { outstanding[s] = scheduledOutstanding[year - 1][s]; defaultedPrincipal[s] = 0 }
            for g in book.groups.indices where renewal || year <= book.groups[g].term {
                outstanding[book.groups[g].segment] -= groupDefaultedPrincipal[g]
            }
            events.removeAll(keepingCapacity: true)

            if let twist = simulation.twist, year == 1 {
                twistLogWeight = drawTwistedDefaults(twist, thresholds: loanThresholds, scale: thresholdScale, stream: stream)
            } else {
                for g in book.groups.indices {
                    let group = book.groups[g]
                    if !renewal && year > group.term { continue }
                    var systematic = 0.0
                    for f in 0..<factorCount { systematic += group.loadings[f] * factors[f] }
                    let weight = idiosyncraticWeights[g]
                    let pMax = conditionalPD(groupThresholds[g], systematic: systematic, weight: weight, scale: thresholdScale)
                    if pMax <= 0 && simulation.algorithm == .conditional { continue }
                    if simulation.algorithm == .loanByLoan {
                        // Reference algorithm: one latent variable per loan, straight from the model's
                        // definition. Used to check the fast algorithms and to benchmark them.
                        let scale = 1 / thresholdScale
                        work += group.range.count
                        for j in group.range where !defaulted[j] {
                            let latent = (systematic + weight * stream.gaussian()) * scale
                            if latent < loanThresholds[j] {
                                defaulted[j] = true
                                defaultedLoans.append(j)
                                recordDefault(loan: j, stream: stream)
                                groupDefaultedPrincipal[g] += book.exposure[j]
                            }
                        }
                    } else if group.isHomogeneous {
                        let n = stream.binomial(n: aliveInGroup[g], p: pMax)
                        work += 1 + n
                        aliveInGroup[g] -= n
                        let loan = group.range.lowerBound
                        for _ in 0..<n { recordDefault(loan: loan, stream: stream) }
                        groupDefaultedPrincipal[g] += Double(n) * book.exposure[loan]
                    } else {
                        let logStay = pMax < 1 ? log1p(-pMax) : 0
                        // The band's lowest conditional PD accepts most candidates without evaluating
                        // Φ for them (a squeeze): in bad years the band's conditional PDs draw together.
                        let minimumThreshold = simulation.thresholds.groupMinimum[set][g]
                        let pMin =
                            minimumThreshold < groupThresholds[g]
                            ? conditionalPD(minimumThreshold, systematic: systematic, weight: weight, scale: thresholdScale) : pMax
                        var j = group.range.lowerBound - 1
                        while true {
                            j += pMax >= 1 ? 1 : stream.geometricGap(logOneMinusP: logStay)
                            if j >= group.range.upperBound { break }
                            work += 1
                            if defaulted[j] { continue }
                            if loanThresholds[j] < groupThresholds[g] {
                                let u = stream.uniform() * pMax
                                if u >= pMin {
                                    let p = conditionalPD(loanThresholds[j], systematic: systematic, weight: weight, scale: thresholdScale)
                                    if u >= p { continue }
                                }
                            }
                            defaulted[j] = true
                            defaultedLoans.append(j)
                            recordDefault(loan: j, stream: stream)
                            groupDefaultedPrincipal[g] += book.exposure[j]
                        }
                    }
                }
            }
            if simulation.plan.needsChronologicalOrder { orderEvents() }
            var loss = 0.0
            for event in events { loss += event.loss }
            if !segmentLoss.isEmpty { for event in events { segmentLoss[book.segment[event.loan]] += event.loss } }
            let start = outstanding.reduce(0, +)
            let principal = defaultedPrincipal.reduce(0, +)
            yearLoss[year - 1] = loss
            yearDefaults[year - 1] = Double(events.count)
            yearNPL[year - 1] = start > 0 ? principal / start : 0
            let context = YearContext(
                year: year, outstandingStart: outstanding, defaultedPrincipal: defaultedPrincipal,
                grossLoss: loss, nplRatio: yearNPL[year - 1])
            simulation.plan.allocate(events: events, context: context, state: &riskState)
        }
        record.removeAll(keepingCapacity: true)
        record.append(yearLoss.reduce(0, +))
        record.append(yearDefaults.reduce(0, +))
        record.append(contentsOf: yearLoss)
        record.append(contentsOf: yearDefaults)
        record.append(contentsOf: yearNPL)
        simulation.plan.endPath(riskState, into: &record)
        record.append(contentsOf: segmentLoss)
        record.append(exp(factorSampler.logWeight + twistLogWeight))
    }

    /// Puts the year's defaults in a uniformly random order and gives them increasing times: given
    /// the factors, defaults are exchangeable within the year, so a random permutation is exactly
    /// "the order in which they happened". The permutation (Fisher-Yates) draws from a hash of
    /// (seed, path, year, position) rather than from the random stream: it costs O(n) with no
    /// sort, and the streams stay identical whether or not a scenario's layers need the order.
    mutating func orderEvents() {
        let n = events.count
        guard n > 1 else { if n == 1 { events[0].time = 0.5 }; return }
        let base = timeSeed ^ (currentPath &* 0x9E37_79B9_7F4A_7C15) ^ (currentYear << 56)
        events.withUnsafeMutableBufferPointer { e in
            for i in stride(from: n - 1, to: 0, by: -1) {
                let r = SplitMix64.mix(base ^ UInt64(i))
                let j = Int(r.multipliedFullWidth(by: UInt64(i + 1)).high)
                e.swapAt(i, j)
            }
            let step = 1 / Double(n)
            for i in 0..<n { e[i].time = (Double(i) + 0.5) * step }
        }
    }

    /// P(default | factors) for threshold c: Φ((c·s - a·Z) / sqrt(1 - |a|²)), s the t-copula scale.
    func conditionalPD(_ c: Double, systematic: Double, weight: Double, scale: Double) -> Double {
        if c == -.infinity { return 0 }
        if c == .infinity { return 1 }
        let x = c * scale - systematic
        if weight <= 0 { return x > 0 ? 1 : 0 }
        return GSL.normalCDF(x / weight)
    }

    mutating func recordDefault(loan: Int, stream: RandomStream) {
        let exposure = book.exposure[loan]
        let lgd =
            lgdSampler.isRandom(loan: loan) ? lgdSampler.lgd(loan: loan, uniform: stream.uniform()) : lgdSampler.lgd(loan: loan, uniform: 0)
        let time = 0.0  // set by orderEvents() once the year's defaults are known
        events.append(DefaultEvent(loan: loan, time: time, exposure: exposure, loss: exposure * lgd))
        defaultedPrincipal[book.segment[loan]] += exposure
    }
}
