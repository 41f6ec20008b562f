import CPhilox

/// The Philox4x32-10 block function itself, for checking the generator against published
/// known-answer vectors.
package enum Philox4x32 {
    /// f_key(counter): four 32-bit words from a 128-bit counter and a 64-bit key.
    /// - Parameters:
    ///   - counter: the counter words c0, c1, c2, c3.
    ///   - key: the key words k0, k1.
    package static func block(
        counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)
    ) -> [UInt32] {
        var c = [counter.0, counter.1, counter.2, counter.3]
        var k = [key.0, key.1]
        var out = [UInt32](repeating: 0, count: 4)
        riskshare_philox4x32_10(&c, &k, &out)
        return out
    }
}
