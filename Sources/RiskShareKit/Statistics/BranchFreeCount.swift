extension Int {
    /// 1 for true and 0 for false, read as data. Counting with `x > v ? 1 : 0` lets the
    /// compiler branch on the comparison, and on loss data such comparisons go either way about
    /// as often as not; a branch that mispredicts half the time costs more than the count.
    @inline(__always) init(asData condition: Bool) {
        self = Int(truncatingIfNeeded: unsafeBitCast(condition, to: UInt8.self))
    }
}
