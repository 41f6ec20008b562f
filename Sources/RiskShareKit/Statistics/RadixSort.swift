/// Sorts doubles ascending by their bit patterns, least significant 11 bits first (six passes
/// at most, a pass skipped when every value shares its digit): O(n), several times fewer
/// instructions than a comparison sort on a million path values. Keys map each double to an
/// unsigned integer in the same order (negative values: all bits flipped; others: sign bit set);
/// when no value has its sign bit set (losses, counts, ratios) the bit patterns themselves are in
/// order and are sorted as they are. NaNs go to the ends and for every other pair the order is
/// `<` (-0 and +0, equal, may come in either order, as with any sort).
enum RadixSort {
    static func sort(_ buffer: UnsafeMutableBufferPointer<Double>) {
        let n = buffer.count
        guard n > 1 else { return }
        if n < 256 { var buffer = buffer; buffer.sort(); return }
        buffer.withMemoryRebound(to: UInt64.self) { bits in
            var signs: UInt64 = 0
            for b in bits { signs |= b }
            let ordered = signs & (1 << 63) == 0
            if !ordered { for i in 0..<n { bits[i] = key(bits[i]) } }
            sortKeys(bits)
            if !ordered { for i in 0..<n { bits[i] = value(bits[i]) } }
        }
    }

    /// A copy of `values` whose positions `start..<count` hold its largest values in ascending
    /// order and whose earlier positions hold values no larger (in no particular order), with
    /// `start` ≤ `from`. One pass counts the values by the top 16 bits of their keys, a second
    /// moves the values of the buckets from the one holding rank `from` up to the end, bucket by
    /// bucket, and only those buckets are sorted, each on its own: two passes over all values
    /// instead of a selection's several, and sorts of cache-sized pieces.
    /// - Parameters:
    ///   - values: the values.
    ///   - from: the first position that must be sorted, in 0...count.
    /// - Returns: the arranged copy and `start`, its first sorted position.
    static func sortedTail(of values: [Double], from: Int) -> (ordered: [Double], start: Int) {
        let n = values.count
        if from <= 0 || n < 256 {
            var copy = values
            copy.withUnsafeMutableBufferPointer { sort($0) }
            return (copy, 0)
        }
        guard from < n else { return (values, n) }
        let shift: UInt64 = 48
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 1 << (64 - shift))
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        return values.withUnsafeBufferPointer { x in
            x.withMemoryRebound(to: UInt64.self) { bits in
                for b in bits { counts[Int(orderedKey(b) >> shift)] += 1 }
                // The bucket holding rank `from` and the number of values in the buckets below it.
                var cut = 0, start = 0
                while start + counts[cut] <= from {
                    start += counts[cut]
                    cut += 1
                }
                // Each bucket from the cut up gets its own range, in bucket order, so that the
                // tail is sorted by its top 16 bits once moved, and each bucket is then sorted on
                // its own, small enough to stay in cache.
                var end = start
                for b in cut..<counts.count {
                    let size = counts[b]
                    counts[b] = end
                    end += size
                }
                let ordered = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                    var low = 0
                    for i in 0..<n {
                        // The value goes to the next free slot of its bucket, or of the part below
                        // the cut, chosen by arithmetic on a mask (all ones below the cut) rather
                        // than by a branch the data would mispredict.
                        let bucket = Int(orderedKey(bits[i]) >> shift)
                        let below = (bucket &- cut) >> 63
                        buffer[(counts[bucket] & ~below) | (low & below)] = x[i]
                        counts[bucket] &+= 1 &+ below
                        low &-= below
                    }
                    initialized = n
                    // counts[b] is now the end of bucket b's range.
                    var begin = start
                    for b in cut..<counts.count where counts[b] > begin {
                        sort(UnsafeMutableBufferPointer(rebasing: buffer[begin..<counts[b]]))
                        begin = counts[b]
                    }
                }
                return (ordered, start)
            }
        }
    }

    /// `key` without a branch on the sign.
    @inline(__always) private static func orderedKey(_ bits: UInt64) -> UInt64 {
        bits ^ (UInt64(bitPattern: Int64(bitPattern: bits) >> 63) | (1 << 63))
    }

    /// Sorts unsigned keys in place (through one scratch buffer of the same size).
    private static func sortKeys(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        let n = keys.count
        // Only the bits in which some keys differ are sorted on (a bucket of `sortedTail` shares
        // its top 16): fewer passes, and fewer counts to clear and fill.
        var spread: UInt64 = 0
        for k in keys { spread |= k ^ keys[0] }
        let digitBits = 11, radix = 1 << digitBits, mask = UInt64(radix - 1)
        let passes = (UInt64.bitWidth - spread.leadingZeroBitCount + digitBits - 1) / digitBits
        guard passes > 0 else { return }
        let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: radix * passes)
        defer { scratch.deallocate(); counts.deallocate() }
        counts.initialize(repeating: 0)
        for k in keys {
            for p in 0..<passes { counts[p * radix + Int((k >> UInt64(p * digitBits)) & mask)] += 1 }
        }
        var source = keys, target = scratch
        for p in 0..<passes {
            let base = p * radix
            let shift = UInt64(p * digitBits)
            // A digit shared by every key leaves the order as it is.
            if counts[base + Int((source[0] >> shift) & mask)] == n { continue }
            var offset = 0
            for d in 0..<radix { let c = counts[base + d]; counts[base + d] = offset; offset += c }
            for k in source {
                let d = base + Int((k >> shift) & mask)
                target[counts[d]] = k
                counts[d] += 1
            }
            swap(&source, &target)
        }
        if source.baseAddress != keys.baseAddress { _ = keys.update(fromContentsOf: source) }
    }

    @inline(__always) static func key(_ bits: UInt64) -> UInt64 {
        bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always) static func value(_ key: UInt64) -> UInt64 {
        key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key
    }
}
