import Testing

@testable import RiskShareKit

/// The table of bounds that settles most thinning decisions without Φ: it must enclose GSL's Φ
/// everywhere it answers, and a decision it settles must be the one the exact comparison gives.
@Suite struct NormalCDFBoundsTests {
    let table = NormalCDFBounds()

    @Test("the bounds enclose GSL's Φ at every cell edge and just inside and outside it")
    func enclosesAtEdges() throws {
        let h = 1 / NormalCDFBounds.cellsPerUnit
        for k in 0...NormalCDFBounds.cellCount {
            let edge = NormalCDFBounds.lowest + Double(k) * h
            for x in [edge.nextDown, edge, edge.nextUp, edge + 1e-9, edge - 1e-9] {
                guard let bounds = table.bounds(of: x) else {
                    // Only the ends of the table have no cell (within rounding of the position).
                    #expect(x < NormalCDFBounds.lowest + 1e-12 || x > -NormalCDFBounds.lowest - 1e-12, "no cell at \(x)")
                    continue
                }
                let p = GSL.normalCDF(x)
                #expect(bounds.lower <= p && p <= bounds.upper, "x \(x): \(bounds.lower) ≤ \(p) ≤ \(bounds.upper)")
            }
        }
    }

    @Test("the bounds enclose GSL's Φ at 10⁶ points drawn uniformly on [-8, 8]")
    func enclosesAtRandomPoints() {
        let stream = RandomStream(seed: 12, stream: 1)
        var failures = 0
        for _ in 0..<1_000_000 {
            let x = -8 + 16 * stream.uniform()
            guard let bounds = table.bounds(of: x) else { failures += 1; continue }
            let p = GSL.normalCDF(x)
            if !(bounds.lower <= p && p <= bounds.upper) { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test("x outside [-8, 8) or not a number has no cell, so Φ is evaluated")
    func outsideHasNoCell() {
        for x in [-8.000001, 8.0, 9.0, -.infinity, .infinity, .nan] {
            #expect(table.bounds(of: x) == nil, "x \(x)")
            #expect(table.isBelow(0.5, atPosition: NormalCDFBounds.position(numerator: x, factor: NormalCDFBounds.cellsPerUnit)) == nil)
        }
    }

    @Test("a settled comparison u < Φ(x) is the exact one, with x = (c·s - a)/w formed as the simulation forms it")
    func settledDecisionsAreExact() {
        let stream = RandomStream(seed: 99, stream: 2)
        var settledUniform = 0, uniformCount = 0
        for _ in 0..<500_000 {
            let c = -4 + 3.5 * stream.uniform(), a = -3 + 6 * stream.uniform()
            let s = 0.5 + stream.uniform(), w = 0.2 + 0.8 * stream.uniform()
            let numerator = c * s - a
            let p = GSL.normalCDF(numerator / w)
            // u anywhere in [0, 1), and u within 5% of p (where the bounds are tested hardest)
            let isUniform = stream.uniform() < 0.5
            let u = isUniform ? stream.uniform() : max(0, p * (1 + 0.1 * (stream.uniform() - 0.5)))
            let inTable = abs(numerator / w) < 7.9
            if isUniform && inTable { uniformCount += 1 }
            let position = NormalCDFBounds.position(numerator: numerator, factor: NormalCDFBounds.cellsPerUnit / w)
            guard let below = table.isBelow(u, atPosition: position) else { continue }
            if isUniform && inTable { settledUniform += 1 }
            #expect(below == (u < p), "c \(c) s \(s) a \(a) w \(w) u \(u) p \(p)")
        }
        // The point of the table: for x in it, a uniform u is almost never between the bounds
        // (at most φ(x)/128 < 0.4% of the time).
        #expect(Double(settledUniform) > 0.99 * Double(uniformCount))
    }

    @Test("a cell's bounds are within about |x|/128 of each other in the lower tail, relative to Φ")
    func boundsAreTight() throws {
        for x in [-6.0, -4.0, -3.0, -2.0, -1.0, 0.0, 2.0] {
            let bounds = try #require(table.bounds(of: x))
            let p = GSL.normalCDF(x)
            #expect((bounds.upper - bounds.lower) / p < (abs(x) + 1) / 100, "x \(x)")
        }
    }
}
