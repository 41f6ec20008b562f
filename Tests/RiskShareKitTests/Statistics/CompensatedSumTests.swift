import Testing

@testable import RiskShareKit

/// The sum over listed indices only must be the dense compensated sum, bit for bit: the
/// excess moments of every report are computed that way and the committed reports say so.
@Suite struct CompensatedSumTests {
    /// Terms of mixed magnitude (so that the lanes carry nonzero compensations into runs of
    /// zeros), nonzero at about `density` of the indices.
    static func terms(_ n: Int, density: Double, seed: UInt64) -> [Double] {
        let stream = RandomStream(seed: seed, stream: 3)
        return (0..<n).map { _ in
            guard stream.uniform() < density else { return 0 }
            let scale = [1e-3, 0.1, 1, 1e3, 1e9][Int(stream.uniform() * 5)]
            return scale * (0.1 + stream.uniform())
        }
    }

    @Test("the sum over the nonzero indices equals the dense four-lane compensated sum bit for bit, for any count and density")
    func sparseEqualsDense() {
        for n in [1, 2, 3, 4, 5, 7, 8, 9, 1000, 1003, 65_537] {
            for density in [0.0, 0.001, 0.05, 0.5, 1.0] {
                for seed in UInt64(1)...3 {
                    let x = Self.terms(n, density: density, seed: seed &* 7919 &+ UInt64(n))
                    let dense = CompensatedSum.total(count: n) { x[$0] }
                    let nonzero = x.indices.filter { x[$0] != 0 }.map { UInt32($0) }
                    let sparse = nonzero.withUnsafeBufferPointer { list in CompensatedSum.total(count: n, nonzero: list) { x[$0] } }
                    #expect(sparse.bitPattern == dense.bitPattern, "n \(n), density \(density), seed \(seed): \(sparse) vs \(dense)")
                }
            }
        }
    }

    @Test("runs of zeros that do move a lane (a compensation of half a unit in the last place) are followed exactly")
    func zerosThatMoveALane() {
        // After 1e-16 then 2⁻¹⁵ a lane holds s = 3.05175781251e-05 with c = -ulp(s)/2: adding a
        // zero rounds s + ulp/2 to even, so the dense sum changes on the next zero. Likewise
        // 1e-16, 2⁻⁵², 1.0. With a later term the sum itself differs (1e-16, 2⁻¹⁵, 0, 2⁻¹⁵ sums
        // to 6.10351562501e-05 densely, 6.103515625009999e-05 if the zero were skipped). Each
        // lane and the tail after the last full group of four are tried.
        let sequences: [[Double]] = [
            [1e-16, 0x1p-15], [1e-16, 0x1p-52, 1.0], [1e-16, 0x1p-15, 0, 0x1p-15], [0x1p-53, 0.1, 0.3, 0, 3.0],
        ]
        for sequence in sequences {
            for lane in 0..<4 {
                for trailing in [0, 1, 5] {
                    let n = 4 * (sequence.count + trailing) + 3
                    var x = [Double](repeating: 0, count: n)
                    for (k, value) in sequence.enumerated() { x[4 * k + lane] = value }
                    if lane == 0 { x[n - 2] = 0x1p-20 }
                    let dense = CompensatedSum.total(count: n) { x[$0] }
                    let nonzero = x.indices.filter { x[$0] != 0 }.map { UInt32($0) }
                    let sparse = nonzero.withUnsafeBufferPointer { list in CompensatedSum.total(count: n, nonzero: list) { x[$0] } }
                    #expect(sparse.bitPattern == dense.bitPattern, "\(sequence), lane \(lane), trailing \(trailing)")
                }
            }
        }
    }

    @Test("listing indices whose term is zero changes nothing: a listed zero is added as the dense sum adds it")
    func listedZerosAreHarmless() {
        let n = 10_001
        let x = Self.terms(n, density: 0.02, seed: 11)
        let dense = CompensatedSum.total(count: n) { x[$0] }
        let superset = x.indices.filter { x[$0] != 0 || $0 % 3 == 0 }.map { UInt32($0) }
        let sparse = superset.withUnsafeBufferPointer { list in CompensatedSum.total(count: n, nonzero: list) { x[$0] } }
        #expect(sparse.bitPattern == dense.bitPattern)
    }

    @Test("the excess deviations over several levels equal those of the dense passes bit for bit")
    func excessDeviationsEqualDense() {
        let x = SummaryComputationTests.values(40_003, seed: 5)
        let levels = [3e6, 0.0, 1e6, 2.5e6, 1e7, .infinity, -1, 2.5e6]
        let moments = ColumnMoments(values: x, weights: nil, excessOver: levels, thresholds: [])
        for (l, v) in levels.enumerated() {
            // The dense definition: Σ over every path of the excess (0 at or below v), then of its
            // squared deviation from the mean, each a four-lane compensated sum.
            let n = x.count
            let mean = CompensatedSum.total(count: n) { x[$0] > v ? x[$0] - v : 0 } / Double(n)
            let k = x.filter { $0 > v }.count
            let inside = CompensatedSum.total(count: n) { i -> Double in
                guard x[i] > v else { return 0 }
                let d = (x[i] - v) - mean
                return d * d
            }
            let deviation = ((inside + Double(n - k) * mean * mean) / Double(n - 1)).squareRoot()
            #expect(moments.excessDeviation[l].bitPattern == deviation.bitPattern, "level \(v)")
        }
    }
}
