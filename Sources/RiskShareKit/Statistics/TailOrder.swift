/// Values put in order from a given position up: positions `sortedFrom..<count` hold the
/// largest values in ascending order and every earlier position holds a value no larger than
/// them (in no particular order). Quantiles, their intervals and expected shortfall only read
/// the upper order statistics, so putting the tail apart and sorting only it (`RadixSort`)
/// gives them the same values as a full sort at a fraction of the cost.
struct TailOrder: Sendable {
    private(set) var values: [Double]
    /// First sorted position.
    private(set) var sortedFrom: Int

    /// Arranges `values` so that positions `from...` are sorted, and maybe a few before them
    /// (`RadixSort.sortedTail`).
    init(_ values: [Double], sortedFrom from: Int) {
        (self.values, sortedFrom) = RadixSort.sortedTail(of: values, from: min(max(from, 0), values.count))
    }

    /// Values that are already in ascending order (kept as they are, ties included).
    init(ascending values: [Double]) {
        self.values = values
        sortedFrom = 0
    }

    var count: Int { values.count }

    /// The (i + 1)-th smallest value, 0 ≤ i < count. Positions below `sortedFrom` are found by
    /// selection on a copy (O(n)); the tail is read directly.
    func orderStatistic(_ i: Int) -> Double {
        if i >= sortedFrom { return values[i] }
        var copy = Array(values[0..<sortedFrom])
        return copy.withUnsafeMutableBufferPointer { buffer in
            TailOrder.select(buffer, rank: i)
            return buffer[i]
        }
    }

    /// The values at positions `from..<count`, ascending.
    func ascending(from start: Int) -> ArraySlice<Double> {
        if start >= sortedFrom { return values[start...] }
        var copy = Array(values[0..<sortedFrom])
        copy.withUnsafeMutableBufferPointer { buffer in
            TailOrder.select(buffer, rank: start)
            RadixSort.sort(UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
        return (copy[start...] + values[sortedFrom...])[...]
    }

    /// Number of values above x: strictly above with tolerance 0; otherwise also more than a
    /// relative `tolerance` away from x (closer values count as ties).
    func countAbove(_ x: Double, tolerance: Double = 0) -> Int {
        @inline(__always) func isAbove(_ v: Double) -> Bool {
            v > x && (tolerance == 0 || v - x > tolerance * max(abs(v), abs(x)))
        }
        let n = values.count
        if sortedFrom < n && x >= values[sortedFrom] {
            // Everything before the tail is ≤ values[sortedFrom] ≤ x: search the tail only.
            var lo = sortedFrom, hi = n
            while lo < hi { let mid = (lo + hi) / 2; if isAbove(values[mid]) { hi = mid } else { lo = mid + 1 } }
            return n - lo
        }
        var above = 0
        for i in 0..<n where isAbove(values[i]) { above += 1 }
        return above
    }

    /// Rearranges `buffer` so that `buffer[rank]` holds the value of that rank in ascending order,
    /// with no larger value before it and no smaller one after it. Quickselect with three-way
    /// partitioning (paths often share a value, e.g. no loss) and a median-of-three pivot; after
    /// 2·log2(n) rounds without convergence the window is sorted, which bounds the work by
    /// O(n log n) on any input.
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, rank k: Int) {
        var lo = 0, hi = buffer.count
        guard k >= 0, k < hi else { return }
        var budget = 2 * (Int.bitWidth - hi.leadingZeroBitCount)
        while hi - lo > 24 {
            if budget == 0 { buffer[lo..<hi].sort(); return }
            budget -= 1
            let a = buffer[lo], b = buffer[lo + (hi - lo) / 2], c = buffer[hi - 1]
            let pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b))
            // [lo, less) < pivot, [less, i) == pivot (or unordered), [greater, hi) > pivot.
            var less = lo, i = lo, greater = hi
            while i < greater {
                let x = buffer[i]
                if x < pivot {
                    buffer.swapAt(less, i); less += 1; i += 1
                } else if x > pivot {
                    greater -= 1; buffer.swapAt(i, greater)
                } else {
                    i += 1
                }
            }
            if k < less { hi = less } else if k >= greater { lo = greater } else { return }
        }
        buffer[lo..<hi].sort()
    }
}
