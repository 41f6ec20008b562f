import CPhilox

/// The Philox4x64-10 block function itself, for checking the generator against published
/// known-answer vectors.
package enum Philox4x64 {
    /// f_key(counter): four 64-bit words from a 256-bit counter and a 128-bit key.
    /// - Parameters:
    ///   - counter: the counter words c0, c1, c2, c3.
    ///   - key: the key words k0, k1.
    /// - Returns: the output words, in Random123's order.
    package static func block(
        counter: (UInt64, UInt64, UInt64, UInt64), key: (UInt64, UInt64)
    ) -> [UInt64] {
        let c = [counter.0, counter.1, counter.2, counter.3]
        let k = [key.0, key.1]
        var out = [UInt64](repeating: 0, count: 4)
        riskshare_philox4x64_10(c, k, &out)
        return out
    }
}
