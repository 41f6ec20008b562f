import Foundation
import Testing
@testable import RiskShareKit
import RiskShareTestSupport

/// Euler contributions add up to the ES they split, use its tail weights, ignore how ties are
/// sorted, and match the one-factor closed form on a large simulated book.
@Suite struct RiskContributionsTests {
    /// Three parts per path from a fixed stream, with many ties in the total.
    static func table(paths: Int) -> (total: [Double], parts: [(name: String, values: [Double])]) {
        let stream = RandomStream(seed: 7, stream: 0)
        var a: [Double] = [], b: [Double] = [], c: [Double] = []
        for _ in 0..<paths {
            a.append(Double(stream.binomial(n: 20, p: 0.1)) * 3)
            b.append(Double(stream.binomial(n: 10, p: 0.2)) * 5)
            c.append(stream.uniform() < 0.05 ? 40 : 0)
        }
        let total = (0..<paths).map { a[$0] + b[$0] + c[$0] }
        return (total, [("a", a), ("b", b), ("c", c)])
    }

    @Test("ES contributions add up to the ES to 1e-9, which equals Summary's, with equal and with importance weights")
    func additivity() {
        let (total, parts) = Self.table(paths: 5000)
        let stream = RandomStream(seed: 8, stream: 0)
        let likelihoodRatios = (0..<5000).map { _ in 0.5 + stream.uniform() }
        for weights in [nil, likelihoodRatios] {
            let result = RiskContributions(total: total, parts: parts, weights: weights, levels: [0.9, 0.99, 0.995])
            let summary = Summary(values: total, weights: weights)
            for (k, q) in result.levels.enumerated() {
                #expect(abs(result.expectedShortfall[k] - summary.expectedShortfall(q)) <= 1e-12 * summary.expectedShortfall(q))
                let sum = result.parts.reduce(0) { $0 + $1.expectedShortfall[k] }
                #expect(abs(sum - result.expectedShortfall[k]) <= 1e-9 * result.expectedShortfall[k])
                #expect(abs(RiskContributions.tailWeights(total, weights: weights, level: q).reduce(0, +) - (1 - q)) <= 1e-12)
            }
            let el = result.parts.reduce(0) { $0 + $1.expectedLoss }
            #expect(abs(el - summary.mean) <= 1e-9 * summary.mean)
        }
    }

    @Test("paths tied at VaR share the fractional tail weight, so the allocation does not depend on path order")
    func tiesDoNotDependOnOrder() {
        // Total 10 on four paths (VaR at q = 0.75 among eight paths), split differently.
        let total: [Double] = [1, 2, 3, 10, 10, 10, 10, 20]
        let x: [Double] = [1, 2, 3, 10, 0, 5, 0, 20]
        let parts = [("x", x), ("y", zip(total, x).map { $0 - $1 })]
        let forward = RiskContributions(total: total, parts: parts, weights: nil, levels: [0.8])
        let permutation = [7, 6, 5, 4, 3, 2, 1, 0]
        let backward = RiskContributions(total: permutation.map { total[$0] }, parts: parts.map { part in (part.0, permutation.map { part.1[$0] }) },
                                         weights: nil, levels: [0.8])
        #expect(forward.parts == backward.parts)
        // ES_0.8 = (20 + 10 × 0.6) / 0.2... per path 1/8: tail = path 20 (1/8) and 0.075 of the 10s.
        // x gets (20/8 + 0.075 × mean of x over the tied paths (10+0+5+0)/4) / 0.2.
        #expect(abs(forward.parts[0].expectedShortfall[0] - (20.0 / 8 + 0.075 * 3.75) / 0.2) < 1e-12)
    }

    /// Exact Euler contributions of a two-segment homogeneous one-factor book, by conditional
    /// binomial convolution on the loss lattice and Gauss-Legendre quadrature over the factor:
    /// for each z, P(D_a = i, D_b = j | z) = Bin(i; N_a, p_a(z))·Bin(j; N_b, p_b(z)), L = c_a·i + c_b·j.
    /// Returns (VaR, ES, ES contribution of a and b) at level q, with the fractional atom at VaR
    /// shared in proportion to E[L_i | L = VaR].
    static func exactContributions(_ segments: [(n: Int, pd: Double, loss: Int, loading: Double)], q: Double) -> (es: Double, parts: [Double]) {
        let rule = GSL.gaussLegendreRule(order: 400, from: -10, to: 10)
        let (a, b) = (segments[0], segments[1])
        let size = a.n * a.loss + b.n * b.loss + 1
        var mass = [Double](repeating: 0, count: size)
        var partA = [Double](repeating: 0, count: size), partB = [Double](repeating: 0, count: size)
        for (z, w) in zip(rule.nodes, rule.weights) {
            func conditional(_ s: (n: Int, pd: Double, loss: Int, loading: Double)) -> [Double] {
                let p = GSL.normalCDF((GSL.normalQuantile(s.pd) - s.loading * z) / (1 - s.loading * s.loading).squareRoot())
                return (0...s.n).map { GSL.binomialPMF($0, p: p, n: s.n) }
            }
            let pa = conditional(a), pb = conditional(b)
            let density = w * GSL.normalDensity(z)
            for i in 0...a.n where pa[i] > 0 {
                for j in 0...b.n {
                    let p = density * pa[i] * pb[j]
                    let v = i * a.loss + j * b.loss
                    mass[v] += p
                    partA[v] += p * Double(i * a.loss)
                    partB[v] += p * Double(j * b.loss)
                }
            }
        }
        var cumulative = 0.0, k = 0
        while k < size - 1 && cumulative + mass[k] < q { cumulative += mass[k]; k += 1 }
        let atom = (cumulative + mass[k] - q) / mass[k]   // share of the VaR atom inside the tail
        var shares = [atom * partA[k], atom * partB[k]]
        for v in (k + 1)..<size { shares[0] += partA[v]; shares[1] += partB[v] }
        let parts = shares.map { $0 / (1 - q) }
        return (parts[0] + parts[1], parts)
    }

    @Test("on a simulated two-segment book, EL and ES contributions agree with the exact finite-book values within 4 standard errors")
    func exactFiniteBook() throws {
        // Losses per default: 6 × 0.5 = 3 and 20 × 0.25 = 5, so every path's loss is on the lattice.
        let (simulation, table) = try TestScenarios.run("""
            simulation: {paths: 40000, seed: 4242}
            economy: {factors: [economy]}
            portfolio:
              segments:
                - {name: a, count: 200, exposure: 6, pd: 0.05, lgd: 0.5, loadings: {economy: 0.3}}
                - {name: b, count: 100, exposure: 20, pd: 0.1, lgd: 0.25, loadings: {economy: 0.5}}
            """)
        #expect(simulation.recordsSegmentLosses)
        let levels = [0.95, 0.99]
        let result = RiskContributions(total: table["gross_loss"], parts: [("a", table["gross_loss.seg.a"]), ("b", table["gross_loss.seg.b"])],
                                       weights: table.weights, levels: levels)
        let exactEL = [200 * 3 * 0.05, 100 * 5 * 0.1]
        for k in 0..<2 {
            #expect(abs(result.parts[k].expectedLoss - exactEL[k]) <= 4 * result.parts[k].expectedLossStderr)
        }
        for (l, q) in levels.enumerated() {
            let exact = Self.exactContributions([(200, 0.05, 3, 0.3), (100, 0.1, 5, 0.5)], q: q)
            for k in 0..<2 {
                let part = result.parts[k]
                #expect(abs(part.expectedShortfall[l] - exact.parts[k]) <= 4 * part.expectedShortfallStderr[l],
                        "q \(q) segment \(part.name): \(part.expectedShortfall[l]) vs exact \(exact.parts[k]) ± \(part.expectedShortfallStderr[l])")
                // Teeth: four standard errors are a small fraction of the contribution.
                #expect(4 * part.expectedShortfallStderr[l] < 0.15 * exact.parts[k])
            }
            let sum = result.parts.reduce(0) { $0 + $1.expectedShortfall[l] }
            #expect(abs(sum - result.expectedShortfall[l]) <= 1e-9 * result.expectedShortfall[l])
        }
    }

    @Test("the exact finite-book contributions approach the one-factor closed form EAD·LGD·Φ₂(Φ⁻¹(PD), Φ⁻¹(1-q); √ρ)/(1-q) as the book grows")
    func largeBookLimit() throws {
        func closedForm(n: Int, pd: Double, loss: Int, loading: Double, q: Double) throws -> Double {
            let c = GSL.normalQuantile(pd), b = GSL.normalQuantile(1 - q)
            let phi2 = try GSL.integrate(from: -12, to: b) { z in
                GSL.normalDensity(z) * GSL.normalCDF((c - loading * z) / (1 - loading * loading).squareRoot())
            }.value
            return Double(n * loss) * phi2 / (1 - q)
        }
        var previousGap = Double.infinity
        for scale in [1, 4, 16] {
            let book = [(200 * scale, 0.05, 3, 0.3), (100 * scale, 0.1, 5, 0.5)]
            let exact = Self.exactContributions(book, q: 0.99)
            let limit = try closedForm(n: 200 * scale, pd: 0.05, loss: 3, loading: 0.3, q: 0.99)
            let gap = abs(exact.parts[0] - limit) / limit
            #expect(gap < previousGap, "relative gap \(gap) at \(scale)x")
            previousGap = gap
        }
        #expect(previousGap < 0.03)
    }

    @Test("the share of VaR is the mean of the part over the ceil(sqrt(n)) paths nearest VaR, ties by path order (brute force)")
    func valueAtRiskShareByBruteForce() {
        // Losses on a coarse lattice, so that many paths tie in distance to VaR.
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 33) / Double(1 << 31)
        }
        let n = 997
        let loss = (0..<n).map { _ in (next() * 40).rounded() }
        let part = loss.map { $0 * next() }
        for q in [0.5, 0.9, 0.99] {
            let v = Summary(values: loss).quantile(q)
            let m = Int(Double(n).squareRoot().rounded(.up))
            let nearest = loss.indices.sorted { (abs(loss[$0] - v), $0) < (abs(loss[$1] - v), $1) }.prefix(m)
            let expected = nearest.reduce(0.0) { $0 + part[$1] } / Double(m)
            #expect(RiskContributions.valueAtRiskShare(part, loss: loss, weights: nil, level: q) == expected, "q = \(q)")
        }
    }
}
