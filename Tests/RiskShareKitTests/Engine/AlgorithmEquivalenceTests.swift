@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The fast algorithms (binomial counts, geometric skips with thinning) give the same loss
/// distribution as simulating one latent variable per loan, the model's definition.
@Suite struct AlgorithmEquivalenceTests {
    static func compare(_ yaml: String, files: [String: String] = [:], columns: [String]) throws {
        let scenario = try TestScenarios.load(yaml, files: files)
        let fast = Simulation(scenario: scenario).run(threads: 2)!
        let reference = Simulation(scenario: scenario, algorithm: .loanByLoan).run(threads: 2)!
        for column in columns {
            let a = fast.summary(column), b = reference.summary(column)
            let se = (a.stderr.squared + b.stderr.squared).squareRoot()
            #expect(MonteCarlo.agrees(a.mean, b.mean, standardError: se), "\(column) mean: fast \(a.mean), loan by loan \(b.mean)")
            for q in [0.9, 0.99] {
                let x = b.quantile(q)
                let pa = a.exceedance(x), pb = b.exceedance(x)
                #expect(MonteCarlo.agrees(pa.p, pb.p, standardError: MonteCarlo.differenceError(pa.stderr, pb.stderr), bias: 1e-12),
                        "\(column) P(> VaR \(q)): fast \(pa.p), loan by loan \(pb.p)")
            }
        }
    }

    @Test("a homogeneous segment: binomial counts match loan-by-loan simulation")
    func binomialPath() throws {
        try Self.compare("""
        simulation: {paths: 20000, seed: 17}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: book, count: 3000, exposure: 1.0e6, pd: 0.02, lgd: {mean: 0.45, sd: 0.2}, loadings: {economy: 0.45}}
        """, columns: ["gross_loss", "defaults"])
    }

    @Test("heterogeneous PDs, t copula, three years with persistence: skips and thinning match loan by loan")
    func thinningPath() throws {
        var csv = "id,exposure,pd\n"
        for i in 0..<400 { csv += "L\(i),\(1.0e6 + Double(i % 7) * 2.5e5),\(0.002 + Double(i % 13) * 0.004)\n" }
        try Self.compare("""
        simulation: {paths: 20000, seed: 23, horizon_years: 3}
        economy: {factors: [economy, ai], copula: t, dof: 4, persistence: 0.5, stress: {pd_multiplier: [1, 2, 1]}}
        portfolio:
          renewal: true
          segments:
            - {name: tape, loans_file: loans.csv, lgd: {mean: 0.5, sd: 0.25}, loadings: {economy: 0.3, ai: 0.3}}
            - {name: gen, count: 300, exposure: {distribution: lognormal, median: 1.0e6, sigma: 1}, pd: 0.05, lgd: 0.6, term_years: 2, loadings: {economy: 0.5}}
        """, files: ["loans.csv": csv], columns: ["gross_loss", "defaults.y1", "defaults.y2", "npl_ratio.y3"])
    }
}
