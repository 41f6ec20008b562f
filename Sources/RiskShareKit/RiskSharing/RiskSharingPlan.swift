/// Per-path working state of the waterfall: each mechanism with its state, and the working
/// memory of the year being allocated (the holdings matrix and the path's accounts). Created
/// once per worker by `makeState` and reset by `beginPath`, so a path allocates nothing once the
/// working memory has grown to the largest year seen.
public struct RiskSharingState {
    var mechanisms: [any MechanismInstance]
    let memory: WaterfallMemory
}

/// The risk-sharing scheme compiled for one run: the spec's mechanisms with the quantities that
/// depend on the book (covered volumes, balances by loan group, layer membership by group), the
/// party list and the per-path columns it records.
///
/// Per path the engine calls `beginPath`, then `allocate` once per year in order with that
/// year's defaults sorted by time, then `endPath`. Within a year the layers act in order, each
/// over all the year's defaults (so a pool can ration pro rata over the year's claims before
/// the next layer sees what the beneficiary retains); see `RiskSharingMechanism` for the calls
/// each mechanism receives.
public struct RiskSharingPlan: Sendable {
    /// Party names, `bank` first.
    public let parties: [String]
    /// Per-path values recorded by `endPath`, in order: each party's loss and loss by year; then,
    /// with a `risk_sharing` section, fees and subsidies by party, the layers' own columns (pools),
    /// `cap.<key>.bound` for each layer with a limit, then each one's `cap.<key>.bound.y<t>`, the
    /// other mechanisms' columns (tolerance), `fiscal.cost` and `fiscal.topups`.
    public let columns: [String]
    package let horizon: Int
    package let spec: RiskSharingSpec
    let setup: WaterfallSetup
    /// The compiled mechanisms: layers in order, then subsidies, then the tolerance rule.
    let mechanisms: [any RiskSharingMechanism]
    let layerCount: Int
    /// Parties that receive fees, and that pay subsidies (they get `fees` / `subsidies` columns).
    package let feeParties: [Int]
    package let subsidyParties: [Int]
    /// Layers reported under `caps`: (report key, layer index).
    package let capLayers: [(key: String, slot: Int)]
    /// Principal of the loans in segments covered by any layer or subsidy (initial book).
    public let coveredVolume: Double
    let tracksOutflow: Bool
    let partyCount: Int
    /// The cells each loss-bearing party's loss is recorded by (columns
    /// `party.<name>.loss.cell.<k>`, horizon totals), for risk contributions; nil when not
    /// recorded: more than `Simulation.segmentColumnLimit` columns (loss-bearing parties × cells)
    /// would be needed, or the book is empty.
    public let cells: AllocationCells?
    /// Number of allocation cells of the book, recorded or not.
    public let cellCount: Int
    /// The parties whose loss is recorded by cell: the loss-bearing ones, in party order.
    package let cellParties: [Int]

    /// Whether `allocate` needs the year's events in time order: layers with caps, capital or
    /// first-come-first-served claims pay losses in the order they occur.
    public let needsChronologicalOrder: Bool

    /// Whether any mechanism acts on the years (otherwise the bank bears every loss and
    /// `allocate` needs no year context).
    var hasMechanisms: Bool { !mechanisms.isEmpty }

    /// The compensation pools, in layer order.
    package var pools: [CompensationPool] { mechanisms.compactMap { $0 as? CompensationPool } }

    /// Compiles `spec` for `book`.
    /// - Parameters:
    ///   - spec: the scenario's `risk_sharing` section.
    ///   - book: the loan book.
    ///   - horizonYears: years simulated per path, ≥ 1.
    ///   - renewal: whether matured loans are replaced.
    ///   - recordsCells: whether to record each loss-bearing party's loss by allocation cell
    ///     (`report.contributions`); even then, only within the column limit.
    public init(spec: RiskSharingSpec, book: LoanBook, horizonYears: Int, renewal: Bool, recordsCells: Bool = true) {
        self.spec = spec
        horizon = horizonYears
        parties = spec.parties
        partyCount = spec.parties.count
        needsChronologicalOrder = !spec.layers.isEmpty
        setup = WaterfallSetup(
            book: book, groups: LoanGroupIndex(book: book, renewal: renewal), horizon: horizonYears,
            parties: spec.parties)
        var compiled: [any RiskSharingMechanism] = []
        for var mechanism in spec.layers + spec.subsidies + (spec.tolerance.map { [$0] } ?? []) {
            mechanism.prepare(setup)
            compiled.append(mechanism)
        }
        mechanisms = compiled
        layerCount = spec.layers.count
        let layers = compiled[..<layerCount]
        let others = compiled[layerCount...]
        capLayers = layers.indices.filter { layers[$0].hasCap }.map { (spec.layerKeys[$0], $0) }
        tracksOutflow = compiled.contains { $0.readsOutflow }

        var covered = Array(repeating: false, count: book.segmentNames.count)
        for mechanism in compiled[..<(layerCount + spec.subsidies.count)] {
            for s in mechanism.segments.indices where mechanism.segments[s] { covered[s] = true }
        }
        var volume = 0.0
        for loan in 0..<book.count where covered[book.segment[loan]] { volume += book.exposure[loan] }
        coveredVolume = volume
        let bearers = Set(spec.lossBearingParties)
        cellParties = spec.parties.indices.filter { bearers.contains(spec.parties[$0]) }
        let bookCells = AllocationCells(book: book)
        cellCount = bookCells.count
        cells =
            recordsCells && bookCells.count > 0 && bookCells.count * cellParties.count <= Simulation.segmentColumnLimit
            ? bookCells : nil
        feeParties = Array(Set(compiled.flatMap(\.feeParties))).sorted()
        subsidyParties = Array(Set(compiled.flatMap(\.subsidyParties))).sorted()

        // Column names; `endPath` writes values in exactly this order.
        let years = 1...horizonYears
        var names: [String] = []
        for name in spec.parties {
            names.append("party.\(name).loss")
            names += years.map { "party.\(name).loss.y\($0)" }
        }
        if spec.isPresent {
            names += feeParties.map { "party.\(spec.parties[$0]).fees" }
            names += subsidyParties.map { "party.\(spec.parties[$0]).subsidies" }
            for layer in layers { names += layer.columnNames(parties: spec.parties, horizon: horizonYears) }
            names += capLayers.map { "cap.\($0.key).bound" }
            for cap in capLayers { names += years.map { "cap.\(cap.key).bound.y\($0)" } }
            for mechanism in others { names += mechanism.columnNames(parties: spec.parties, horizon: horizonYears) }
            names += ["fiscal.cost", "fiscal.topups"]
        }
        if let cells {
            for p in cellParties { names += cells.cells.indices.map { "party.\(spec.parties[p]).loss.cell.\($0)" } }
        }
        columns = names
    }

    public func makeState() -> RiskSharingState {
        RiskSharingState(
            mechanisms: mechanisms.map { $0.instance(setup) },
            memory: WaterfallMemory(
                partyCount: parties.count, horizon: horizon, tracksOutflow: tracksOutflow,
                capCount: capLayers.count, cellCount: cells?.count ?? 0))
    }

    public func beginPath(_ state: inout RiskSharingState) { beginPath(&state, shared: nil) }

    /// Every account at zero; the mechanisms `shared` runs for this plan are reset by it.
    func beginPath(_ state: inout RiskSharingState, shared: SharedWaterfall?) {
        state.memory.beginPath()
        guard !state.mechanisms.isEmpty else { return }
        for k in state.mechanisms.indices where !(shared?.runs(k) ?? false) { state.mechanisms[k].beginPath() }
    }

    /// Allocates the defaults of one year (sorted by time) to the parties.
    public func allocate(events: [DefaultEvent], context: YearContext, state: inout RiskSharingState) {
        events.withUnsafeBufferPointer { allocate(events: $0, context: context, state: &state) }
    }

    /// A year when no mechanism acts: the bank bears its gross loss (the sum of the events'
    /// losses in their order).
    func bankBears(grossLoss: Double, year: Int, state: inout RiskSharingState) {
        state.memory.loss[year - 1] += grossLoss
    }

    /// A year when no mechanism acts, with its events: the bank bears each of them, in its cell.
    func bankBears(events: UnsafeBufferPointer<DefaultEvent>, grossLoss: Double, year: Int, state: inout RiskSharingState) {
        bankBears(grossLoss: grossLoss, year: year, state: &state)
        guard let cells, cells.count > 1 else { return }
        let cellLoss = state.memory.cellLoss
        cells.withLookup { cell in
            for event in events {
                let g = event.group >= 0 ? event.group : setup.groups.group(ofLoan: event.loan)
                cellLoss[cell(event.loan, g)] += event.loss
            }
        }
    }

    /// Allocates the defaults of one year (sorted by time) to the parties.
    func allocate(events: UnsafeBufferPointer<DefaultEvent>, context: YearContext, state: inout RiskSharingState) {
        let groups = [Int](unsafeUninitializedCapacity: events.count) { groups, initialized in
            for e in 0..<events.count {
                let g = events[e].group
                groups[e] = g >= 0 ? g : setup.groups.group(ofLoan: events[e].loan)
            }
            initialized = events.count
        }
        groups.withUnsafeBufferPointer { allocate(events: events, groups: $0, context: context, state: &state, shared: nil) }
    }

    /// Allocates the defaults of one year (sorted by time, with their loan groups) to the parties.
    /// When `shared` is given, it has already run this year's part of the mechanisms it runs for
    /// this plan (`SharedWaterfall.allocate`): the holdings start from what its layers left, and
    /// only the plan's other mechanisms act here.
    func allocate(
        events: UnsafeBufferPointer<DefaultEvent>, groups: UnsafeBufferPointer<Int>, context: YearContext,
        state: inout RiskSharingState, shared: SharedWaterfall?
    ) {
        let memory = state.memory
        let y = context.year - 1
        guard !state.mechanisms.isEmpty else {
            var total = 0.0
            for event in events { total += event.loss }
            bankBears(events: events, grossLoss: total, year: context.year, state: &state)
            return
        }
        let holdings = shared.map { memory.holdings(copying: $0.holdings) } ?? memory.holdings(for: events)
        var waterfall = WaterfallYear(
            year: context.year, horizon: horizon, events: events, groups: groups, groupIndex: setup.groups,
            holdings: holdings,
            scratch: UnsafeMutableBufferPointer(start: memory.scratch, count: events.count),
            context: context, loss: memory.loss, fees: memory.fees, subsidies: memory.subsidies,
            cells: cells, cellLoss: memory.cellLoss)
        if let shared {
            for k in state.mechanisms.indices where !shared.runs(k) { state.mechanisms[k].beginYear(&waterfall) }
            for k in shared.sharing.sharedLayers..<layerCount { state.mechanisms[k].allocate(&waterfall) }
            for (c, cap) in capLayers.enumerated() {
                memory.capBound[c * horizon + y] =
                    shared.runs(cap.slot) ? shared.capBound(cap.slot) : state.mechanisms[cap.slot].takeCapBound()
            }
            // Parties no layer of this plan's own moves bear what they bore after the shared layers.
            shared.sharing.ownParties.withUnsafeBufferPointer { own in
                holdings.addTotals(of: own, into: memory.loss, horizon: horizon, yearIndex: y)
            }
            for p in shared.sharing.settledParties { memory.loss[p * horizon + y] += shared.yearTotal(p) }
        } else {
            for k in state.mechanisms.indices { state.mechanisms[k].beginYear(&waterfall) }
            for k in 0..<layerCount { state.mechanisms[k].allocate(&waterfall) }
            // Whether each limit bound during this year's allocation (the layer clears its flag as
            // it is read); the path's flag is the OR over its years.
            for (c, cap) in capLayers.enumerated() { memory.capBound[c * horizon + y] = state.mechanisms[cap.slot].takeCapBound() }
            holdings.addTotals(into: memory.loss, horizon: horizon, yearIndex: y)
        }
        if let cells, cells.count > 1 {
            // What each loss-bearing party bears of the year's events, by the event's cell (the
            // settled parties' from the shared waterfall when it sums them).
            let bearing = shared.flatMap { $0.sharing.sharesCells ? $0.sharing.ownCellParties : nil } ?? cellParties
            cells.addLosses(of: events, groups: groups, held: holdings, by: bearing, into: memory.cellLoss)
        }
        for k in state.mechanisms.indices where !(shared?.runs(k) ?? false) { state.mechanisms[k].endYear(&waterfall) }
    }

    /// Writes the path's values in `columns` order.
    public func endPath(_ state: RiskSharingState, into record: inout [Double]) {
        let values = UnsafeMutablePointer<Double>.allocate(capacity: max(columns.count, 1))
        defer { values.deallocate() }
        var writer = PathRecord(values, capacity: columns.count)
        endPath(state, into: &writer)
        record.append(contentsOf: UnsafeBufferPointer(start: values, count: writer.count))
    }

    /// Writes the path's values in `columns` order; the mechanisms `shared` runs for this plan,
    /// and the fees and subsidies only they pay, are read from it.
    func endPath(_ state: RiskSharingState, into record: inout PathRecord, shared: SharedWaterfall? = nil) {
        let memory = state.memory
        shared?.copyAccounts(into: memory)
        let mechanisms = shared.map { $0.instances(for: state) } ?? state.mechanisms
        var publicLoss = 0.0
        for p in 0..<partyCount {
            var total = 0.0
            for y in 0..<horizon { total += memory.loss[p * horizon + y] }
            record.append(total)
            for y in 0..<horizon { record.append(memory.loss[p * horizon + y]) }
            if p != 0 { publicLoss += total - memory.fees[p] + memory.subsidies[p] }
        }
        guard isPresent else {
            writeCells(memory, into: &record)
            return
        }
        for p in feeParties { record.append(memory.fees[p]) }
        for p in subsidyParties { record.append(memory.subsidies[p]) }
        var topups = 0.0
        for k in 0..<layerCount {
            mechanisms[k].writeColumns(into: &record)
            topups += mechanisms[k].topups
        }
        for c in capLayers.indices {
            var bound = false
            for y in 0..<horizon where memory.capBound[c * horizon + y] { bound = true }
            record.append(bound ? 1 : 0)
        }
        for c in capLayers.indices {
            for y in 0..<horizon { record.append(memory.capBound[c * horizon + y] ? 1 : 0) }
        }
        for k in layerCount..<mechanisms.count {
            mechanisms[k].writeColumns(into: &record)
            topups += mechanisms[k].topups
        }
        record.append(publicLoss)
        record.append(topups)
        writeCells(memory, into: &record)
    }

    /// Each loss-bearing party's loss by cell (horizon totals), when recorded. A book of one cell
    /// is not tracked during the path: its cell is the party's whole loss, summed here exactly as
    /// the party's `loss` column is.
    private func writeCells(_ memory: WaterfallMemory, into record: inout PathRecord) {
        guard let cells else { return }
        for p in cellParties {
            if cells.count == 1 {
                var total = 0.0
                for y in 0..<horizon { total += memory.loss[p * horizon + y] }
                record.append(total)
            } else {
                for c in 0..<cells.count { record.append(memory.cellLoss[p * cells.count + c]) }
            }
        }
    }
}
