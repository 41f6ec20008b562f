/// Who currently bears each default event of the year being allocated: a matrix of events ×
/// parties, in currency units. Every event starts wholly with the bank; layers only ever *move*
/// an amount from one party to another on one event, so each row keeps summing to the event's
/// gross loss: conservation holds by construction, whatever the layers do.
///
/// The matrix is working memory kept in `RiskSharingState` and reused year after year: it grows
/// to the largest number of defaults seen in a year and never shrinks, so `allocate` does not
/// allocate once warmed up.
struct EventHoldings: Sendable {
    let partyCount: Int
    /// Number of events of the current year.
    private(set) var count = 0
    /// amount[e * partyCount + p]: loss of event e currently borne by party p.
    var amount: [Double] = []
    /// outflow[e * partyCount + p]: loss of event e moved away from party p by earlier layers
    /// (its compensation so far), used by the pool's `party_cap_share`.
    var outflow: [Double] = []
    /// Segment of each event's loan.
    var segment: [Int] = []
    /// Loan group of each event's loan (only filled when some mechanism needs it).
    var group: [Int] = []

    /// Whether `outflow` is kept (only a pool's `party_cap_share` reads it).
    let tracksOutflow: Bool

    init(partyCount: Int, tracksOutflow: Bool) {
        self.partyCount = partyCount
        self.tracksOutflow = tracksOutflow
    }

    /// Starts a year: every event is borne wholly by the bank (party 0).
    mutating func reset(events: [DefaultEvent], book: LoanBook, groups: LoanGroupIndex?) {
        count = events.count
        let needed = count * partyCount
        if amount.count < needed {
            let grown = max(needed, amount.count * 2)
            amount = Array(repeating: 0, count: grown)
            if tracksOutflow { outflow = Array(repeating: 0, count: grown) }
        }
        if segment.count < count {
            let grown = max(count, segment.count * 2)
            segment = Array(repeating: 0, count: grown)
            group = Array(repeating: 0, count: grown)
        }
        let parties = partyCount
        amount.withUnsafeMutableBufferPointer { a in
            a[0..<needed].update(repeating: 0)
            events.withUnsafeBufferPointer { ev in
                for e in 0..<ev.count { a[e * parties] = ev[e].loss }
            }
        }
        if tracksOutflow { outflow.withUnsafeMutableBufferPointer { $0[0..<needed].update(repeating: 0) } }
        book.segment.withUnsafeBufferPointer { segmentOfLoan in
            segment.withUnsafeMutableBufferPointer { seg in
                for e in 0..<events.count { seg[e] = segmentOfLoan[events[e].loan] }
            }
        }
        if let groups {
            for e in 0..<events.count { group[e] = groups.group(ofLoan: events[e].loan) }
        }
    }

    /// What party `p` bears of event `e`.
    @inline(__always) func held(_ e: Int, by p: Int) -> Double { amount[e * partyCount + p] }

    /// Moves `x` ≥ 0 of event `e` from party `from` to party `to`.
    @inline(__always) mutating func move(_ e: Int, from: Int, to: Int, _ x: Double) {
        guard x > 0, from != to else { return }
        amount[e * partyCount + from] -= x
        amount[e * partyCount + to] += x
        if tracksOutflow { outflow[e * partyCount + from] += x }
    }

    /// Adds this year's holdings of every party into `loss[p * horizon + yearIndex]`.
    func addTotals(into loss: inout [Double], horizon: Int, yearIndex: Int) {
        let parties = partyCount, n = count
        amount.withUnsafeBufferPointer { a in
            loss.withUnsafeMutableBufferPointer { l in
                for p in 0..<parties {
                    var total = 0.0
                    var i = p
                    for _ in 0..<n { total += a[i]; i += parties }
                    l[p * horizon + yearIndex] += total
                }
            }
        }
    }
}
