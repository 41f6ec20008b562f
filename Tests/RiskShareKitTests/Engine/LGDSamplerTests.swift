@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The tabulated Beta inversion reproduces GSL's exact Beta quantiles and moments.
@Suite struct LGDSamplerTests {
    @Test("table interpolation stays within 1e-6 of the exact quantile", arguments: [(2.33, 2.85), (0.5, 0.8), (8.0, 2.0)])
    func interpolationError(a: Double, b: Double) {
        let book = LoanBook(exposure: [1], pd: [0.1], lgd: [.beta(alpha: a, beta: b)], term: [1], firstLoan: [false],
                            segment: [0], product: ["credit"], stage: ["growth"], interestRate: [0], segmentNames: ["s"], groups: [])
        let sampler = LGDSampler(book: book)
        var worst = 0.0
        for i in 0..<20000 {
            let u = (Double(i) + 0.5) / 20000
            worst = max(worst, abs(sampler.lgd(loan: 0, uniform: u) - GSL.betaQuantile(u, a: a, b: b)))
        }
        #expect(worst < 1e-6, "worst error \(worst)")
    }

    @Test("sampled LGDs have the Beta's mean and variance within 4 standard errors")
    func moments() {
        let a = 2.33, b = 2.85
        let book = LoanBook(exposure: [1], pd: [0.1], lgd: [.beta(alpha: a, beta: b)], term: [1], firstLoan: [false],
                            segment: [0], product: ["credit"], stage: ["growth"], interestRate: [0], segmentNames: ["s"], groups: [])
        let sampler = LGDSampler(book: book)
        let stream = RandomStream(seed: 5, stream: 0)
        let n = 200_000
        let draws = (0..<n).map { _ in sampler.lgd(loan: 0, uniform: stream.uniform()) }
        let mean = a / (a + b), variance = a * b / ((a + b) * (a + b) * (a + b + 1))
        let m = GSL.mean(draws), sd = GSL.standardDeviation(draws, mean: m)
        #expect(MonteCarlo.agrees(m, mean, standardError: (variance / Double(n)).squareRoot()))
        // Var(s²) ≈ σ⁴ (2/(n−1) + κ/n), κ the Beta's excess kurtosis
        // 6[(α−β)²(α+β+1) − αβ(α+β+2)] / [αβ(α+β+2)(α+β+3)] (Johnson, Kotz & Balakrishnan, ch. 25).
        let kurtosis = 6 * ((a - b) * (a - b) * (a + b + 1) - a * b * (a + b + 2)) / (a * b * (a + b + 2) * (a + b + 3))
        let varianceError = variance * (2 / Double(n - 1) + kurtosis / Double(n)).squareRoot()
        #expect(MonteCarlo.agrees(sd * sd, variance, standardError: varianceError))
        #expect(draws.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}
