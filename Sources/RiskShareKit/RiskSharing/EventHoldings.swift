/// Who currently bears each default event of the year being allocated: a matrix of events ×
/// parties, in currency units. Every event starts wholly with the bank; layers only ever *move*
/// an amount from one party to another on one event, so each row keeps summing to the event's
/// gross loss: conservation holds by construction, whatever the layers do.
///
/// A view of working memory owned by `WaterfallMemory` for the duration of one year's
/// allocation: it is not stored and not copied beyond that call.
struct EventHoldings {
    let partyCount: Int
    /// Number of events of the current year.
    let count: Int
    /// amount[e * partyCount + p]: loss of event e currently borne by party p.
    let amount: UnsafeMutablePointer<Double>
    /// outflow[e * partyCount + p]: loss of event e moved away from party p by earlier layers
    /// (its compensation so far), used by the pool's `party_cap_share`; nil when no layer reads it.
    let outflow: UnsafeMutablePointer<Double>?

    /// What party `p` bears of event `e`.
    @inline(__always) func held(_ e: Int, by p: Int) -> Double { amount[e * partyCount + p] }

    /// Loss of event `e` moved away from party `p` so far (0 when not tracked).
    @inline(__always) func movedAway(_ e: Int, from p: Int) -> Double { outflow?[e * partyCount + p] ?? 0 }

    /// Moves `x` ≥ 0 of event `e` from party `from` to party `to`.
    @inline(__always) func move(_ e: Int, from: Int, to: Int, _ x: Double) {
        guard x > 0, from != to else { return }
        amount[e * partyCount + from] -= x
        amount[e * partyCount + to] += x
        if let outflow { outflow[e * partyCount + from] += x }
    }

    /// Adds this year's holdings of every party into `loss[p * horizon + yearIndex]`.
    func addTotals(into loss: UnsafeMutableBufferPointer<Double>, horizon: Int, yearIndex: Int) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: partyCount) { parties in
            for p in 0..<partyCount { parties[p] = p }
            addTotals(of: UnsafeBufferPointer(parties), into: loss, horizon: horizon, yearIndex: yearIndex)
        }
    }

    /// Adds this year's holdings of each party of `parties` into `loss[p * horizon + yearIndex]`.
    func addTotals(of parties: UnsafeBufferPointer<Int>, into loss: UnsafeMutableBufferPointer<Double>, horizon: Int, yearIndex: Int) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: partyCount) { totals in
            sumTotals(of: parties, into: totals.baseAddress!)
            for p in parties { loss[p * horizon + yearIndex] += totals[p] }
        }
    }

    /// Sets `totals[p]`, for each party of `parties`, to what it bears of the year's events:
    /// 0 plus each event's amount in event order, so a run, a replay and a shared waterfall get
    /// the same bits. Up to four parties are summed in one pass, each in its own register: the
    /// additions of one party depend on one another, those of different parties do not.
    func sumTotals(of parties: UnsafeBufferPointer<Int>, into totals: UnsafeMutablePointer<Double>) {
        let last = parties.count - 1
        var k = 0
        while k <= last {
            // A group of fewer than four repeats its last party; the repeats are not written.
            let p0 = parties[k], p1 = parties[min(k + 1, last)], p2 = parties[min(k + 2, last)], p3 = parties[min(k + 3, last)]
            var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
            var row = UnsafePointer(amount)
            for _ in 0..<count {
                a0 += row[p0]; a1 += row[p1]; a2 += row[p2]; a3 += row[p3]
                row += partyCount
            }
            totals[p0] = a0
            if k + 1 <= last { totals[p1] = a1 }
            if k + 2 <= last { totals[p2] = a2 }
            if k + 3 <= last { totals[p3] = a3 }
            k += 4
        }
    }
}
