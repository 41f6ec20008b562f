/// Per-path working state of the waterfall: the per-party losses by year and each mechanism's
/// state. Created once per worker by `makeState` and reset by `beginPath`, so a path allocates
/// nothing once the working arrays have grown to the largest year seen.
public struct RiskSharingState: Sendable {
    /// loss[p * horizon + t]: loss borne by party p for defaults of year t + 1.
    var loss: [Double]
    /// Guarantee fees received per party on the path.
    var fees: [Double]
    /// Subsidies paid per party on the path.
    var subsidies: [Double]
    var holdings: EventHoldings
    var guarantees: [GuaranteeChain.State]
    var portfolios: [PortfolioGuarantee.State]
    var tranches: [Tranche.State]
    var pools: [CompensationPool.State]
    var subsidyStates: [InterestSubsidy.State]
    /// Gross NPL ratio of the tolerance's segments per year.
    var npl: [Double]
    /// capBound[c * horizon + t]: whether the limit of cap layer c bound in year t + 1.
    var capBound: [Bool]
}

/// The risk-sharing scheme compiled for one run: the spec's mechanisms with the quantities that
/// depend on the book (covered volumes, guaranteed balances by group), the party list and the
/// per-path columns it records.
///
/// Per path the engine calls `beginPath`, then `allocate` once per year in order with that
/// year's defaults sorted by time, then `endPath`. Within a year the layers act in order, each
/// over all the year's defaults (so a pool can ration pro rata over the year's claims before
/// the next layer sees what the beneficiary retains).
public struct RiskSharingPlan: Sendable {
    /// Party names, `bank` first.
    public let parties: [String]
    /// Per-path values recorded by `endPath`, in order.
    public let columns: [String]
    package let horizon: Int
    package let spec: RiskSharingSpec
    let book: LoanBook
    let groups: LoanGroupIndex
    let needsGroups: Bool

    enum Slot: Sendable { case guarantee(Int), portfolio(Int), tranche(Int), pool(Int) }
    let slots: [Slot]
    let guarantees: [GuaranteeChain]
    let portfolios: [PortfolioGuarantee]
    let tranches: [Tranche]
    package let pools: [CompensationPool]
    let subsidies: [InterestSubsidy]
    /// Parties that receive fees, and that pay subsidies (they get `fees` / `subsidies` columns).
    package let feeParties: [Int]
    package let subsidyParties: [Int]
    /// Layers reported under `caps`: (report key, slot index).
    package let capLayers: [(key: String, slot: Int)]
    /// Principal of the loans in segments covered by any layer or subsidy (initial book).
    public let coveredVolume: Double

    /// Whether `allocate` needs the year's events in time order: layers with caps, capital or
    /// first-come-first-served claims pay losses in the order they occur.
    public var needsChronologicalOrder: Bool { !spec.layers.isEmpty }

    public init(spec: RiskSharingSpec, book: LoanBook, horizonYears: Int, renewal: Bool) {
        self.spec = spec
        self.book = book
        horizon = horizonYears
        parties = spec.parties
        let partyCount = spec.parties.count
        groups = LoanGroupIndex(book: book, renewal: renewal)

        var slots: [Slot] = [], guarantees: [GuaranteeChain] = [], portfolios: [PortfolioGuarantee] = []
        var tranches: [Tranche] = [], pools: [CompensationPool] = []
        var capLayers: [(key: String, slot: Int)] = []
        var covered = Array(repeating: false, count: book.segmentNames.count)
        func cover(_ mask: [Bool]) { for s in mask.indices where mask[s] { covered[s] = true } }
        for (i, layer) in spec.layers.enumerated() {
            let key = spec.layerKeys[i]
            switch layer {
            case .guarantee(var g):
                g.prepare(book: book, partyCount: partyCount)
                if g.hasCap { capLayers.append((key, i)) }
                cover(g.segments)
                slots.append(.guarantee(guarantees.count)); guarantees.append(g)
            case .portfolioGuarantee(var g):
                g.prepare(book: book)
                if g.hasCap { capLayers.append((key, i)) }
                cover(g.segments)
                slots.append(.portfolio(portfolios.count)); portfolios.append(g)
            case .tranche(var t):
                t.prepare(book: book)
                capLayers.append((key, i))
                cover(t.segments)
                slots.append(.tranche(tranches.count)); tranches.append(t)
            case .compensationPool(var p):
                p.prepare(book: book, horizonYears: horizonYears)
                if p.hasCap { capLayers.append((key, i)) }
                cover(p.segments)
                slots.append(.pool(pools.count)); pools.append(p)
            }
        }
        var subsidies: [InterestSubsidy] = []
        for var s in spec.subsidies { s.prepare(book: book); cover(s.segments); subsidies.append(s) }
        self.slots = slots
        self.guarantees = guarantees
        self.portfolios = portfolios
        self.tranches = tranches
        self.pools = pools
        self.subsidies = subsidies
        self.capLayers = capLayers
        needsGroups = guarantees.contains { $0.needsGroups } || pools.contains { $0.needsGroups } || !subsidies.isEmpty
        var volume = 0.0
        for loan in 0..<book.count where covered[book.segment[loan]] { volume += book.exposure[loan] }
        coveredVolume = volume
        var feeParties: [Int] = []
        for g in guarantees where g.feeRate > 0 { if let p = g.feeParty, !feeParties.contains(p) { feeParties.append(p) } }
        self.feeParties = feeParties.sorted()
        self.subsidyParties = Array(Set(subsidies.map(\.payer))).sorted()

        // Column names; `endPath` writes values in exactly this order.
        let years = 1...horizonYears
        var names: [String] = []
        for name in spec.parties {
            names.append("party.\(name).loss")
            names += years.map { "party.\(name).loss.y\($0)" }
        }
        if spec.isPresent {
            names += self.feeParties.map { "party.\(spec.parties[$0]).fees" }
            names += self.subsidyParties.map { "party.\(spec.parties[$0]).subsidies" }
            for pool in pools {
                let base = "pool.\(spec.parties[pool.payer])"
                names += ["\(base).paid", "\(base).topups", "\(base).unpaid"]
                names += years.map { "\(base).balance.y\($0)" }
                names += years.map { "\(base).exhausted.y\($0)" }
                names += years.map { "\(base).suspended.y\($0)" }
            }
            names += capLayers.map { "cap.\($0.key).bound" }
            for cap in capLayers { names += years.map { "cap.\(cap.key).bound.y\($0)" } }
            if spec.tolerance != nil { names += years.map { "tolerance.npl_ratio.y\($0)" } }
            names += ["fiscal.cost", "fiscal.topups"]
        }
        columns = names
    }

    public func makeState() -> RiskSharingState {
        let partyCount = parties.count
        return RiskSharingState(
            loss: Array(repeating: 0, count: partyCount * horizon),
            fees: Array(repeating: 0, count: partyCount),
            subsidies: Array(repeating: 0, count: partyCount),
            holdings: EventHoldings(partyCount: partyCount, tracksOutflow: pools.contains { $0.partyCapShare < 1 }),
            guarantees: guarantees.map { $0.makeState(partyCount: partyCount, groupCount: groups.count) },
            portfolios: portfolios.map { _ in PortfolioGuarantee.State() },
            tranches: tranches.map { _ in Tranche.State() },
            pools: pools.map { $0.makeState() },
            subsidyStates: subsidies.map { $0.makeState(groupCount: groups.count) },
            npl: Array(repeating: 0, count: horizon),
            capBound: Array(repeating: false, count: capLayers.count * horizon))
    }

    public func beginPath(_ state: inout RiskSharingState) {
        for i in state.loss.indices { state.loss[i] = 0 }
        for p in state.fees.indices { state.fees[p] = 0; state.subsidies[p] = 0 }
        for k in guarantees.indices { guarantees[k].beginPath(&state.guarantees[k]) }
        for k in portfolios.indices { portfolios[k].beginPath(&state.portfolios[k]) }
        for k in tranches.indices { tranches[k].beginPath(&state.tranches[k]) }
        for k in pools.indices { pools[k].beginPath(&state.pools[k]) }
        for k in subsidies.indices { subsidies[k].beginPath(&state.subsidyStates[k]) }
        for y in state.npl.indices { state.npl[y] = 0 }
        for i in state.capBound.indices { state.capBound[i] = false }
    }

    /// Allocates the defaults of one year (sorted by time) to the parties.
    public func allocate(events: [DefaultEvent], context: YearContext, state: inout RiskSharingState) {
        let y = context.year - 1
        state.holdings.reset(events: events, book: book, groups: needsGroups ? groups : nil)
        for k in guarantees.indices {
            if let fee = guarantees[k].beginYear(year: context.year, groups: groups, state: &state.guarantees[k]) {
                state.fees[fee.party] += fee.fee
            }
        }
        for k in subsidies.indices {
            state.subsidies[subsidies[k].payer] += subsidies[k].pay(year: context.year, groups: groups, state: &state.subsidyStates[k])
        }
        for slot in slots {
            switch slot {
            case .guarantee(let k): guarantees[k].apply(events: events, holdings: &state.holdings, state: &state.guarantees[k])
            case .portfolio(let k): portfolios[k].apply(holdings: &state.holdings, state: &state.portfolios[k])
            case .tranche(let k): tranches[k].apply(holdings: &state.holdings, state: &state.tranches[k])
            case .pool(let k):
                pools[k].apply(events: events, context: context, holdings: &state.holdings, loss: &state.loss, state: &state.pools[k])
            }
        }
        // Each limit's flag says whether it bound during this year's `apply`; it is read and
        // cleared here, so the path's flag is the OR over its years.
        for (c, cap) in capLayers.enumerated() {
            let bound: Bool
            switch slots[cap.slot] {
            case .guarantee(let k): bound = state.guarantees[k].bound; state.guarantees[k].bound = false
            case .portfolio(let k): bound = state.portfolios[k].bound; state.portfolios[k].bound = false
            case .tranche(let k): bound = state.tranches[k].bound; state.tranches[k].bound = false
            case .pool(let k): bound = state.pools[k].bound; state.pools[k].bound = false
            }
            state.capBound[c * horizon + y] = bound
        }
        state.holdings.addTotals(into: &state.loss, horizon: horizon, yearIndex: y)
        for k in guarantees.indices { guarantees[k].endYear(events: events, holdings: state.holdings, state: &state.guarantees[k]) }
        for k in subsidies.indices {
            subsidies[k].endYear(events: events, holdings: state.holdings, book: book, state: &state.subsidyStates[k])
        }
        if let tolerance = spec.tolerance { state.npl[y] = tolerance.ratio(context) }
    }

    /// Writes the path's values in `columns` order.
    public func endPath(_ state: RiskSharingState, into record: inout [Double]) {
        var publicLoss = 0.0
        for p in parties.indices {
            var total = 0.0
            for y in 0..<horizon { total += state.loss[p * horizon + y] }
            record.append(total)
            for y in 0..<horizon { record.append(state.loss[p * horizon + y]) }
            if p != 0 { publicLoss += total - state.fees[p] + state.subsidies[p] }
        }
        guard spec.isPresent else { return }
        for p in feeParties { record.append(state.fees[p]) }
        for p in subsidyParties { record.append(state.subsidies[p]) }
        var topups = 0.0
        for k in pools.indices {
            let s = state.pools[k]
            topups += s.topups
            record.append(s.paid)
            record.append(s.topups)
            record.append(s.unpaid + pools[k].pendingAtHorizon(s))
            record.append(contentsOf: s.balanceEnd)
            for y in 0..<horizon { record.append(s.exhausted[y] ? 1 : 0) }
            for y in 0..<horizon { record.append(s.suspended[y] ? 1 : 0) }
        }
        for c in capLayers.indices {
            record.append(state.capBound[(c * horizon)..<((c + 1) * horizon)].contains(true) ? 1 : 0)
        }
        for c in capLayers.indices {
            for y in 0..<horizon { record.append(state.capBound[c * horizon + y] ? 1 : 0) }
        }
        if spec.tolerance != nil { record.append(contentsOf: state.npl) }
        record.append(publicLoss)
        record.append(topups)
    }
}
