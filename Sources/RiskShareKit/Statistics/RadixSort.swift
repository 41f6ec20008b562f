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

    /// Sorts unsigned keys in place (through one scratch buffer of the same size).
    private static func sortKeys(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        let n = keys.count
        let digitBits = 11, radix = 1 << digitBits, passes = 6, mask = UInt64(radix - 1)
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
