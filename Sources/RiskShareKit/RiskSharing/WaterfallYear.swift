/// One year of one path as the mechanisms see it: the year's default events in time order, who
/// bears each of them so far, the book's principal by segment, and the path's accounts (each
/// party's loss by year of default, fees received, subsidies paid).
///
/// A view of working memory owned by the path's `RiskSharingState`, valid during one
/// `RiskSharingPlan.allocate` call; mechanisms read and update it in place.
struct WaterfallYear {
    /// 1-based year, and its index in per-year tables.
    let year: Int
    var yearIndex: Int { year - 1 }
    let horizon: Int
    /// The year's defaults, in the order they happened.
    let events: UnsafeBufferPointer<DefaultEvent>
    /// Loan group of each event (`LoanBook.groups` index).
    let groups: UnsafeBufferPointer<Int>
    /// The book's groups: terms and first loans, for balances at the start of the year.
    let groupIndex: LoanGroupIndex
    let holdings: EventHoldings
    /// Per-event scratch a mechanism may use within its own `allocate` (e.g. claims).
    let scratch: UnsafeMutableBufferPointer<Double>
    /// Principal on the book at the start of the year, and defaulting in it, per segment.
    let context: YearContext
    /// loss[p * horizon + t]: loss borne by party p for the defaults of year t + 1.
    let loss: UnsafeMutableBufferPointer<Double>
    /// Guarantee fees received, and subsidies paid, per party on the path so far.
    let fees: UnsafeMutableBufferPointer<Double>
    let subsidies: UnsafeMutableBufferPointer<Double>
    /// The allocation cells when each party's loss is recorded by cell, and that record:
    /// cellLoss[p * cells.count + c], the path's total so far (empty when not recorded). The plan
    /// adds the year's holdings; a mechanism that moves loss outside the holdings (a pool paying a
    /// lagged claim) moves it here too, in the claim's cell.
    let cells: AllocationCells?
    let cellLoss: UnsafeMutableBufferPointer<Double>

    var eventCount: Int { events.count }

    /// Cell of event `e`, or -1 when losses are not tracked by cell during the path (not
    /// recorded, or a book of one cell, whose cell is the party's whole loss).
    func cell(ofEvent e: Int) -> Int {
        guard let cells, cells.count > 1 else { return -1 }
        return cells.cell(loan: events[e].loan, group: groups[e])
    }

    /// Moves `x` of a cell's tracked loss from party `from` to party `to` (nothing when not tracked).
    func moveCellLoss(_ x: Double, cell c: Int, from: Int, to: Int) {
        guard let cells, cells.count > 1, c >= 0 else { return }
        cellLoss[from * cells.count + c] -= x
        cellLoss[to * cells.count + c] += x
    }

    /// Gross NPL ratio of the segments in `mask`: principal defaulting in the year over principal
    /// outstanding at its start (0 when nothing is outstanding).
    func nplRatio(segments mask: [Bool]) -> Double {
        var outstanding = 0.0, defaulted = 0.0
        for s in mask.indices where mask[s] {
            outstanding += context.outstandingStart[s]; defaulted += context.defaultedPrincipal[s]
        }
        return outstanding > 0 ? defaulted / outstanding : 0
    }
}

/// The waterfall's working memory for one worker: the holdings matrix, the per-event scratch,
/// and the path's accounts. It grows to the largest year seen and is then reused,
/// so allocating a year allocates nothing.
final class WaterfallMemory {
    let partyCount: Int
    let horizon: Int
    let tracksOutflow: Bool
    private(set) var capacity = 0
    private(set) var amount: UnsafeMutablePointer<Double>
    private(set) var outflow: UnsafeMutablePointer<Double>?
    private(set) var scratch: UnsafeMutablePointer<Double>
    let loss: UnsafeMutableBufferPointer<Double>
    let fees: UnsafeMutableBufferPointer<Double>
    let subsidies: UnsafeMutableBufferPointer<Double>
    /// capBound[c * horizon + t]: whether the limit of capped layer c bound in year t + 1.
    let capBound: UnsafeMutableBufferPointer<Bool>
    /// cellLoss[p * cells + c]: loss of party p in allocation cell c on the path (empty when not recorded).
    let cellLoss: UnsafeMutableBufferPointer<Double>

    init(partyCount: Int, horizon: Int, tracksOutflow: Bool, capCount: Int, cellCount: Int = 0) {
        self.partyCount = partyCount
        self.horizon = horizon
        self.tracksOutflow = tracksOutflow
        amount = .allocate(capacity: 1)
        outflow = tracksOutflow ? .allocate(capacity: 1) : nil
        scratch = .allocate(capacity: 1)
        loss = .allocate(capacity: partyCount * horizon)
        fees = .allocate(capacity: partyCount)
        subsidies = .allocate(capacity: partyCount)
        loss.initialize(repeating: 0)
        fees.initialize(repeating: 0)
        subsidies.initialize(repeating: 0)
        capBound = .allocate(capacity: capCount * horizon)
        capBound.initialize(repeating: false)
        cellLoss = .allocate(capacity: partyCount * cellCount)
        cellLoss.initialize(repeating: 0)
    }

    deinit {
        amount.deallocate()
        outflow?.deallocate()
        scratch.deallocate()
        loss.deallocate()
        fees.deallocate()
        subsidies.deallocate()
        capBound.deallocate()
        cellLoss.deallocate()
    }

    /// Zeroes the path's accounts.
    func beginPath() {
        for i in loss.indices { loss[i] = 0 }
        for p in fees.indices { fees[p] = 0; subsidies[p] = 0 }
        for i in capBound.indices { capBound[i] = false }
        for i in cellLoss.indices { cellLoss[i] = 0 }
    }

    /// Room for `events` events (grows by doubling, never shrinks).
    func reserve(events: Int) {
        guard events > capacity else { return }
        let grown = max(events, 2 * capacity)
        amount.deallocate()
        amount = .allocate(capacity: grown * partyCount)
        if tracksOutflow {
            outflow?.deallocate()
            outflow = .allocate(capacity: grown * partyCount)
        }
        scratch.deallocate()
        scratch = .allocate(capacity: grown)
        capacity = grown
    }

    /// Starts a year: every event is borne wholly by the bank (party 0).
    func holdings(for events: UnsafeBufferPointer<DefaultEvent>) -> EventHoldings {
        let n = events.count
        reserve(events: n)
        let parties = partyCount
        for e in 0..<n {
            let row = amount + e * parties
            row.initialize(to: events[e].loss)
            for p in 1..<parties { (row + p).initialize(to: 0) }
        }
        outflow?.initialize(repeating: 0, count: n * parties)
        return EventHoldings(partyCount: partyCount, count: n, amount: amount, outflow: outflow)
    }

    /// Starts a year from holdings other layers left (`SharedWaterfall`): a copy of them, and of
    /// what those layers moved away when this memory tracks it.
    func holdings(copying source: EventHoldings) -> EventHoldings {
        let n = source.count
        precondition(source.partyCount == partyCount, "holdings of the same parties")
        reserve(events: n)
        amount.update(from: source.amount, count: n * partyCount)
        if let outflow {
            guard let from = source.outflow else { preconditionFailure("the shared holdings track what moved away") }
            outflow.update(from: from, count: n * partyCount)
        }
        return EventHoldings(partyCount: partyCount, count: n, amount: amount, outflow: outflow)
    }
}
