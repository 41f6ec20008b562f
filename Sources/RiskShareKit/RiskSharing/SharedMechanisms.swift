/// The mechanisms that several compiled plans have in common, so that a replay of their schemes
/// on the same defaults (`SchemeReplay`) runs them once per path-year instead of once per scheme.
///
/// A mechanism is shared when every plan has it, unchanged, at the same place (equal stored
/// terms, same parties), it declares itself `isShareable`, and, for a layer, every layer before
/// it is shared too: layers act in order on the holdings, so a shared prefix of layers leaves
/// the same holdings in every plan, and each plan's own layers continue from a copy of them.
/// Subsidies and the tolerance rule never read the holdings, so they are shared wherever they
/// are equal. Fees and subsidies are accounts of the path: a shared mechanism that pays a fee or
/// subsidy to a party an unshared one also pays to is not shared (each account is then summed
/// by one side, in the plan's order). Parties that no unshared layer of any plan can move loss
/// of are *settled*: their yearly loss is summed once from the shared holdings.
///
/// Every value a plan records is then made by the same operations on the same numbers in the
/// same order as in a run of the plan alone, so the replayed tables stay bit-identical.
struct SharedMechanisms: Sendable {
    /// The plan whose mechanisms are run for all (the first; the others' shared ones are equal).
    let leader: RiskSharingPlan
    /// Per mechanism, in plan order (layers, subsidies, tolerance): whether it is shared.
    let isShared: [Bool]
    /// Layers 0..<sharedLayers are shared; the plans' own layers follow.
    let sharedLayers: Int
    /// Parties some unshared layer of some plan may move loss of (each plan sums them itself),
    /// and the others, summed once.
    let ownParties: [Int]
    let settledParties: [Int]
    /// Parties paid fees, and paying subsidies, through shared mechanisms only.
    let feeParties: [Int]
    let subsidyParties: [Int]
    /// Whether the shared holdings track what layers moved away (some plan reads it).
    let tracksOutflow: Bool
    /// Whether the settled parties' losses by allocation cell are summed once: every plan
    /// records the same cells for the same parties. The loss-bearing parties recorded by cell
    /// are then split into the plans' own and the settled.
    let sharesCells: Bool
    let ownCellParties: [Int]
    let settledCellParties: [Int]

    /// What `plans` share; nil when fewer than two plans or nothing is shared.
    /// - Parameter plans: compiled for the same book and horizon.
    init?(plans: [RiskSharingPlan]) {
        guard plans.count > 1, let leader = plans.first, leader.hasMechanisms else { return nil }
        let count = leader.mechanisms.count
        let layerCount = leader.layerCount
        guard
            plans.allSatisfy({
                $0.parties == leader.parties && $0.mechanisms.count == count && $0.layerCount == layerCount
                    && $0.horizon == leader.horizon
            })
        else { return nil }
        // The terms each plan's mechanisms were prepared from, in the same order (as many as
        // its mechanisms, checked above).
        let specs = plans.map { $0.spec.layers + $0.spec.subsidies + ($0.spec.tolerance.map { [$0] } ?? []) }
        var shared = (0..<count).map { k in
            leader.mechanisms[k].isShareable && specs.allSatisfy { Self.same($0[k], specs[0][k]) }
        }
        func unshareLayers(from k: Int) { for j in k..<layerCount { shared[j] = false } }
        if let firstOwn = (0..<layerCount).first(where: { !shared[$0] }) { unshareLayers(from: firstOwn) }
        // Accounts written by both sides are left to the plans.
        var changed = true
        while changed {
            changed = false
            var ownFees = Set<Int>(), ownSubsidies = Set<Int>()
            for plan in plans {
                for k in 0..<count where !shared[k] {
                    ownFees.formUnion(plan.mechanisms[k].feeParties)
                    ownSubsidies.formUnion(plan.mechanisms[k].subsidyParties)
                }
            }
            for k in 0..<count where shared[k] {
                let mechanism = leader.mechanisms[k]
                guard !ownFees.isDisjoint(with: mechanism.feeParties) || !ownSubsidies.isDisjoint(with: mechanism.subsidyParties)
                else { continue }
                shared[k] = false
                if k < layerCount { unshareLayers(from: k) }
                changed = true
            }
        }
        guard shared.contains(true) else { return nil }
        self.leader = leader
        isShared = shared
        sharedLayers = (0..<layerCount).first { !shared[$0] } ?? layerCount
        var own = Set<Int>()
        for plan in plans {
            for k in sharedLayers..<layerCount { own.formUnion(plan.mechanisms[k].lossBearingParties) }
        }
        ownParties = own.sorted()
        settledParties = (0..<leader.partyCount).filter { !own.contains($0) }
        let sharedMechanisms = (0..<count).filter { shared[$0] }.map { leader.mechanisms[$0] }
        feeParties = Array(Set(sharedMechanisms.flatMap(\.feeParties))).sorted()
        subsidyParties = Array(Set(sharedMechanisms.flatMap(\.subsidyParties))).sorted()
        tracksOutflow = plans.contains { $0.tracksOutflow }
        let cells = leader.cells
        sharesCells = (cells?.count ?? 0) > 1 && plans.allSatisfy { $0.cells == cells && $0.cellParties == leader.cellParties }
        ownCellParties = sharesCells ? leader.cellParties.filter { own.contains($0) } : []
        settledCellParties = sharesCells ? leader.cellParties.filter { !own.contains($0) } : []
    }

    /// Whether two mechanisms are the same: same type and equal (`Equatable`: every stored value
    /// alike; books shared by a replay compare by identity, without reading their loans). The
    /// plans compare their scenario terms, before preparation: the plans share one setup (book,
    /// parties, horizon), so equal terms prepare alike.
    static func same(_ a: any RiskSharingMechanism, _ b: any RiskSharingMechanism) -> Bool {
        func equal<M: RiskSharingMechanism>(_ a: M) -> Bool { (b as? M).map { $0 == a } ?? false }
        return equal(a)
    }

    /// The plans of `plans` that can share mechanisms, in groups (indices into `plans`), with
    /// what each group shares: plans with the same parties and the same list of mechanisms
    /// types are grouped, and a group is kept when it shares something.
    static func groups(of plans: [RiskSharingPlan]) -> [(members: [Int], sharing: SharedMechanisms)] {
        var keys: [String] = []
        var members: [[Int]] = []
        for (i, plan) in plans.enumerated() {
            let key = "\(plan.parties)|\(plan.layerCount)|\(plan.mechanisms.map { String(reflecting: type(of: $0)) })"
            if let g = keys.firstIndex(of: key) { members[g].append(i) } else { keys.append(key); members.append([i]) }
        }
        return members.compactMap { group in
            SharedMechanisms(plans: group.map { plans[$0] }).map { (group, $0) }
        }
    }
}

/// One worker's run of `SharedMechanisms`: the leader's mechanisms with their per-path state,
/// the holdings they leave each year, and the accounts only they write. Per path the replay
/// calls `beginPath`, then `allocate` for each year before any plan of the group closes that
/// year; each plan then continues from it (`RiskSharingPlan.allocate(...shared:)`).
final class SharedWaterfall {
    let sharing: SharedMechanisms
    private var instances: [any MechanismInstance]
    private let memory: WaterfallMemory
    /// The holdings after the shared layers, for the year being closed.
    private(set) var holdings: EventHoldings
    /// Per mechanism: whether its limit bound in the year (shared layers only).
    private let bound: WorkingBuffer<Bool>
    /// Per party: the year's loss borne after the shared layers (settled parties only).
    private let totals: WorkingBuffer<Double>

    init(_ sharing: SharedMechanisms) {
        self.sharing = sharing
        let plan = sharing.leader
        instances = plan.mechanisms.map { $0.instance(plan.setup) }
        memory = WaterfallMemory(
            partyCount: plan.partyCount, horizon: plan.horizon, tracksOutflow: sharing.tracksOutflow, capCount: 0,
            cellCount: sharing.sharesCells ? plan.cells?.count ?? 0 : 0)
        holdings = memory.holdings(for: UnsafeBufferPointer(start: nil, count: 0))
        bound = WorkingBuffer(repeating: false, count: plan.mechanisms.count)
        totals = WorkingBuffer(repeating: 0, count: plan.partyCount)
    }

    /// Whether mechanism `k` of the group's plans runs here.
    @inline(__always) func runs(_ k: Int) -> Bool { sharing.isShared[k] }

    /// Every shared account and mechanism at zero.
    func beginPath() {
        memory.beginPath()
        for k in instances.indices where runs(k) { instances[k].beginPath() }
    }

    /// The shared mechanisms' part of one year: every shared mechanism's `beginYear`, the shared
    /// layers in order, their limit flags, the settled parties' loss and every shared
    /// mechanism's `endYear` (which a shareable mechanism does not base on the holdings, so
    /// running it before the plans' own layers changes nothing).
    func allocate(year: Int, frame: YearFrame) {
        let plan = sharing.leader
        let events = frame.events
        holdings = memory.holdings(for: events)
        var waterfall = WaterfallYear(
            year: year, horizon: plan.horizon, events: events, groups: UnsafeBufferPointer(frame.groups.elements),
            groupIndex: plan.setup.groups, holdings: holdings,
            scratch: UnsafeMutableBufferPointer(start: memory.scratch, count: events.count),
            context: frame.context(year: year), loss: memory.loss, fees: memory.fees, subsidies: memory.subsidies,
            cells: nil, cellLoss: memory.cellLoss)
        for k in instances.indices where runs(k) { instances[k].beginYear(&waterfall) }
        for k in 0..<sharing.sharedLayers { instances[k].allocate(&waterfall) }
        for cap in plan.capLayers where cap.slot < sharing.sharedLayers { bound[cap.slot] = instances[cap.slot].takeCapBound() }
        sharing.settledParties.withUnsafeBufferPointer { settled in
            holdings.sumTotals(of: settled, into: totals.base)
        }
        if let cells = plan.cells, sharing.sharesCells {
            // The settled parties' losses by cell, added event by event as a plan adds them.
            cells.addLosses(
                of: events, groups: UnsafeBufferPointer(frame.groups.elements), held: holdings, by: sharing.settledCellParties,
                into: memory.cellLoss)
        }
        for k in instances.indices where runs(k) { instances[k].endYear(&waterfall) }
    }

    /// Whether shared layer `k`'s limit bound in the year.
    func capBound(_ k: Int) -> Bool { bound[k] }
    /// Settled party `p`'s loss of the year.
    func yearTotal(_ p: Int) -> Double { totals[p] }

    /// Puts the fees and subsidies only shared mechanisms pay, and the settled parties' losses
    /// by cell, into a plan's accounts.
    func copyAccounts(into accounts: WaterfallMemory) {
        for p in sharing.feeParties { accounts.fees[p] = memory.fees[p] }
        for p in sharing.subsidyParties { accounts.subsidies[p] = memory.subsidies[p] }
        guard sharing.sharesCells, let count = sharing.leader.cells?.count else { return }
        for p in sharing.settledCellParties {
            for c in 0..<count { accounts.cellLoss[p * count + c] = memory.cellLoss[p * count + c] }
        }
    }

    /// A plan's mechanisms with their path's state: the shared ones from here.
    func instances(for state: RiskSharingState) -> [any MechanismInstance] {
        state.mechanisms.indices.map { runs($0) ? instances[$0] : state.mechanisms[$0] }
    }
}
