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
        for p in 0..<partyCount {
            var total = 0.0
            var i = p
            for _ in 0..<count { total += amount[i]; i += partyCount }
            loss[p * horizon + yearIndex] += total
        }
    }
}
