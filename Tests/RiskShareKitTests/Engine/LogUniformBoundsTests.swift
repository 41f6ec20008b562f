import Foundation
import Testing

@testable import RiskShareKit

/// The bounds that give most geometric gaps without log: they must enclose log(u) as glibc
/// computes it, and a gap they settle must be the one `RandomStream.geometricGap` gives.
@Suite struct LogUniformBoundsTests {
    let table = LogUniformBounds()

    static func uniform(_ word: UInt32) -> Double { Double(word) * 0x1p-32 }

    @Test("the bounds enclose log(u) at the ends of every table cell of every binade, and at 10⁶ random numbers")
    func enclosesLog() {
        var words: [UInt32] = [1, 2, 3, .max, .max - 1]
        for shift in 0..<32 {
            let top = UInt32(1) << UInt32(31 - shift)
            for k in stride(from: 0, through: 2048, by: 1) {
                // The first and last numbers of cell k of this binade (where the binade has them).
                let step = max(top / 2048, 1)
                let first = UInt64(top) + UInt64(k) * UInt64(step)
                for w in [first, first &- 1, first + 1] where w >= 1 && w <= UInt64(UInt32.max) { words.append(UInt32(w)) }
            }
        }
        let stream = RandomStream(seed: 4, stream: 9)
        for _ in 0..<1_000_000 { words.append(max(stream.word(), 1)) }
        var failures = 0
        for w in words {
            let bounds = table.bounds(word: w), exact = log(Self.uniform(w))
            if !(bounds.lower <= exact && exact <= bounds.upper) { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test("a settled gap is the gap geometricGap computes with log, for PDs from 10⁻⁹ to 0.9")
    func settledGapsAreExact() {
        let stream = RandomStream(seed: 8, stream: 10)
        var wrong = 0
        for p in [1e-9, 1e-6, 1e-4, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.3, 0.5, 0.9] {
            let logStay = log1p(-p)
            var settled = 0
            let draws = 100_000
            for _ in 0..<draws {
                let w = max(stream.word(), 1)
                let exact = RandomStream.geometricGap(logUniform: log(Self.uniform(w)), logOneMinusP: logStay)
                guard let gap = table.gap(word: w, logOneMinusP: logStay) else { continue }
                settled += 1
                if gap != exact { wrong += 1 }
            }
            // The interval of the quotient is about 5·10⁻⁴/p wide: at PDs of 1% and more, more
            // than 90% of gaps are settled.
            if p >= 0.01 { #expect(Double(settled) > 0.9 * Double(draws), "p \(p): \(settled) settled") }
        }
        #expect(wrong == 0)
    }

    @Test("gaps whose quotient lies at an integer are left to log")
    func integerQuotientsAreLeftOpen() {
        // log(u)/log(1 - p) = 3 exactly for u = (1 - p)³ with p = 1/2: u = 1/8, w = 2²⁹.
        let logStay = log1p(-0.5)
        let w = UInt32(1) << 29
        let exact = RandomStream.geometricGap(logUniform: log(Self.uniform(w)), logOneMinusP: logStay)
        if let gap = table.gap(word: w, logOneMinusP: logStay) { #expect(gap == exact) }
        #expect(table.gap(word: w, logOneMinusP: logStay) == nil)
    }
}
