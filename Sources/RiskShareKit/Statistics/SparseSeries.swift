/// A series of `count` terms that is zero except at some positions, summed over those
/// positions only and to the same bits as `CompensatedSum.total(count:_:)` over all `count`.
///
/// The dense sum adds position i in lane i mod 4 up to the last multiple of 4 and the rest in
/// lane 0, so the positions are kept grouped by lane (ascending within each) and the four lanes
/// are summed side by side, their dependency chains as independent as in the dense sum. A zero
/// term still moves a lane when the lane's compensation would change its sum; such runs of
/// zeros are replayed (`Lane.skip`), every other run is skipped. Positions take 4 bytes each.
struct SparseSeries: ~Copyable {
    /// Length of the whole series.
    let count: Int
    /// Positions before `bulk` go to the four lanes in turn.
    private let bulk: Int
    private let storage: UnsafeMutableBufferPointer<UInt32>
    /// Positions kept in each lane.
    private var kept: [Int]

    /// The positions i in 0..<count where `isIncluded(i)`.
    init(count: Int, where isIncluded: (Int) -> Bool) {
        precondition(count >= 0 && count <= Int(UInt32.max), "positions are 32-bit")
        self.count = count
        bulk = count & ~3
        storage = .allocate(capacity: max(count, 1))
        // Branch-free: every position is written and kept by moving past it.
        let quarter = bulk >> 2
        var k0 = 0, k1 = 0, k2 = 0, k3 = 0
        for p in 0..<quarter {
            let i = p << 2
            storage[k0] = UInt32(truncatingIfNeeded: i)
            k0 &+= Int(asData: isIncluded(i))
            storage[quarter + count - bulk + k1] = UInt32(truncatingIfNeeded: i + 1)
            k1 &+= Int(asData: isIncluded(i + 1))
            storage[2 * quarter + count - bulk + k2] = UInt32(truncatingIfNeeded: i + 2)
            k2 &+= Int(asData: isIncluded(i + 2))
            storage[3 * quarter + count - bulk + k3] = UInt32(truncatingIfNeeded: i + 3)
            k3 &+= Int(asData: isIncluded(i + 3))
        }
        for i in bulk..<count {
            storage[k0] = UInt32(truncatingIfNeeded: i)
            k0 &+= Int(asData: isIncluded(i))
        }
        kept = [k0, k1, k2, k3]
    }

    deinit { storage.deallocate() }

    /// Number of positions kept.
    var nonzeroCount: Int { kept[0] + kept[1] + kept[2] + kept[3] }

    /// First slot of a lane's positions: lane 0 holds a quarter of `bulk` and the remainder.
    private func start(_ lane: Int) -> Int { lane == 0 ? 0 : (count - bulk) + lane * (bulk >> 2) }

    /// Keeps only the positions where `isIncluded` holds.
    mutating func keep(where isIncluded: (Int) -> Bool) {
        for lane in 0..<4 {
            let base = start(lane)
            var stay = 0
            for j in 0..<kept[lane] {
                let i = storage[base + j]
                storage[base + stay] = i
                stay &+= Int(asData: isIncluded(Int(i)))
            }
            kept[lane] = stay
        }
    }

    /// Σ over 0..<count of term(i) at the kept positions and 0 elsewhere, as
    /// `CompensatedSum.total(count:_:)` adds it.
    func total(_ term: (Int) -> Double) -> Double {
        var lanes = (Lane(), Lane(), Lane(), Lane())
        let bulk = bulk
        @inline(__always) func position(_ i: Int) -> Int { i < bulk ? i >> 2 : (bulk >> 2) + (i - bulk) }
        @inline(__always) func step(_ lane: inout Lane, _ slot: Int) {
            let i = Int(storage[slot])
            let p = position(i)
            lane.skip(p - lane.next)
            CompensatedSum.add(term(i), &lane.sum, &lane.lost)
            lane.next = p + 1
        }
        let bases = (start(0), start(1), start(2), start(3))
        let common = kept.min()!
        for j in 0..<common {
            step(&lanes.0, bases.0 + j)
            step(&lanes.1, bases.1 + j)
            step(&lanes.2, bases.2 + j)
            step(&lanes.3, bases.3 + j)
        }
        for j in common..<kept[0] { step(&lanes.0, bases.0 + j) }
        for j in common..<kept[1] { step(&lanes.1, bases.1 + j) }
        for j in common..<kept[2] { step(&lanes.2, bases.2 + j) }
        for j in common..<kept[3] { step(&lanes.3, bases.3 + j) }
        let quarter = bulk >> 2
        lanes.0.skip(quarter + (count - bulk) - lanes.0.next)
        lanes.1.skip(quarter - lanes.1.next)
        lanes.2.skip(quarter - lanes.2.next)
        lanes.3.skip(quarter - lanes.3.next)
        return CompensatedSum.combine(
            (lanes.0.sum, lanes.1.sum, lanes.2.sum, lanes.3.sum), (lanes.0.lost, lanes.1.lost, lanes.2.lost, lanes.3.lost))
    }

    /// One lane's running sum, its lost low part and the next position it has not added.
    private struct Lane {
        var sum = 0.0
        var lost = 0.0
        var next = 0

        /// Adds `zeros` zero terms. Kahan's step on a zero applies the lost part (t = sum - lost,
        /// lost' = (t - sum) + lost), which with |lost| below half a unit of sum changes nothing;
        /// the steps are replayed until one changes nothing, as the step depends only on the lane
        /// and every later one is then the same. The test is off the lanes' dependency chains.
        @inline(__always) mutating func skip(_ zeros: Int) {
            // The first step is tried whether or not there are zeros, so that the usual case
            // (nothing changes) is one predictable branch.
            var s = sum, c = lost
            CompensatedSum.add(0, &s, &c)
            guard s.bitPattern != sum.bitPattern || c.bitPattern != lost.bitPattern, zeros > 0 else { return }
            var left = zeros
            while left > 0 {
                let before = (sum.bitPattern, lost.bitPattern)
                CompensatedSum.add(0, &sum, &lost)
                if (sum.bitPattern, lost.bitPattern) == before { return }
                left -= 1
            }
        }
    }
}
