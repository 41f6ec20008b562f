/// Sorts doubles ascending by their bit patterns, least significant 11 bits first (six passes
/// at most, a pass skipped when every value shares its digit): O(n), several times fewer
/// instructions than a comparison sort on a million path values. Keys map each double to an
/// unsigned integer in the same order (negative values: all bits flipped; others: sign bit set),
/// so NaNs go to the ends and for every other pair the order is `<` (-0 and +0, equal, may come
/// in either order, as with any sort).
enum RadixSort {
    static func sort(_ buffer: UnsafeMutableBufferPointer<Double>) {
        var buffer = buffer
        let n = buffer.count
        guard n > 1 else { return }
        if n < 256 { buffer.sort(); return }
        let digitBits = 11, radix = 1 << digitBits, passes = 6
        var keys = [UInt64](unsafeUninitializedCapacity: n) { keys, initialized in
            for i in 0..<n { keys[i] = key(buffer[i]) }
            initialized = n
        }
        var scratch = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: radix * passes)
        keys.withUnsafeMutableBufferPointer { keys in
        scratch.withUnsafeMutableBufferPointer { scratch in
        counts.withUnsafeMutableBufferPointer { counts in
            for k in keys {
                for p in 0..<passes { counts[p * radix + Int((k >> UInt64(p * digitBits)) & UInt64(radix - 1))] += 1 }
            }
            var source = keys, target = scratch
            for p in 0..<passes {
                let base = p * radix
                let shift = UInt64(p * digitBits)
                // A digit shared by every key leaves the order as it is.
                if counts[base + Int((source[0] >> shift) & UInt64(radix - 1))] == n { continue }
                var offset = 0
                for d in 0..<radix { let c = counts[base + d]; counts[base + d] = offset; offset += c }
                for k in source {
                    let d = base + Int((k >> shift) & UInt64(radix - 1))
                    target[counts[d]] = k
                    counts[d] += 1
                }
                swap(&source, &target)
            }
            for i in 0..<n { buffer[i] = value(source[i]) }
        }}}
    }

    @inline(__always) static func key(_ x: Double) -> UInt64 {
        let bits = x.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always) static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
}
