@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Multi-year dynamics: renewal, factor persistence, stress multipliers, maturities.
@Suite struct MultiYearTests {
    static func yaml(multipliers: String? = nil, renewal: Bool = true, term: Int = 1, persistence: Double = 0) -> String {
        """
        simulation: {paths: 20000, seed: 21, horizon_years: 3}
        economy:
          factors: [economy]
          persistence: \(persistence)
        \(multipliers.map { "  stress: {pd_multiplier: \($0)}" } ?? "")
        portfolio:
          renewal: \(renewal)
          segments:
            - {name: book, count: 5000, exposure: 1, pd: 0.03, lgd: 1, term_years: \(term), loadings: {economy: 0.4}}
        """
    }

    @Test("with persistence 0 and renewal, every year's default rate has the single-year distribution")
    func stationaryYears() throws {
        let (_, table) = try TestScenarios.run(Self.yaml())
        let first = table.summary("npl_ratio.y1")
        for year in 2...3 {
            let later = table.summary("npl_ratio.y\(year)")
            let se = (first.stderr * first.stderr + later.stderr * later.stderr).squareRoot()
            #expect(MonteCarlo.agrees(later.mean, first.mean, standardError: se), "year \(year)")
            #expect(MonteCarlo.agrees(later.mean, 0.03, standardError: later.stderr))
            let p1 = first.exceedance(0.08).p, p2 = later.exceedance(0.08).p
            let sep = (first.exceedance(0.08).stderr.squared + later.exceedance(0.08).stderr.squared).squareRoot()
            #expect(MonteCarlo.agrees(p1, p2, standardError: sep), "year \(year): P(NPL > 8%) \(p1) vs \(p2)")
        }
        // Years are independent: the correlation of year-1 and year-2 NPL is near 0.
        #expect(abs(correlation(table["npl_ratio.y1"], table["npl_ratio.y2"])) < 4 / Double(20000).squareRoot())
    }

    @Test("persistence makes consecutive years' default rates positively correlated")
    func persistenceCorrelatesYears() throws {
        let (_, table) = try TestScenarios.run(Self.yaml(persistence: 0.6))
        #expect(correlation(table["npl_ratio.y1"], table["npl_ratio.y2"]) > 0.3)
    }

    @Test("a stress multiplier raises the PD of its year only")
    func stressRaisesTheRightYear() throws {
        let (_, table) = try TestScenarios.run(Self.yaml(multipliers: "[1.0, 1.5, 1.0]"))
        let expected = [0.03, 0.045, 0.03]
        for year in 1...3 {
            let s = table.summary("npl_ratio.y\(year)")
            #expect(MonteCarlo.agrees(s.mean, expected[year - 1], standardError: s.stderr), "year \(year): \(s.mean)")
        }
    }

    @Test("without renewal a loan that matures leaves the book and cannot default afterwards")
    func maturedLoansLeave() throws {
        let (_, table) = try TestScenarios.run(Self.yaml(renewal: false, term: 2))
        #expect(table.summary("defaults.y1").mean > 100)
        #expect(table.summary("defaults.y2").mean > 100)
        #expect(table["defaults.y3"].allSatisfy { $0 == 0 })
        #expect(table["npl_ratio.y3"].allSatisfy { $0 == 0 })
    }

    @Test("a defaulted loan leaves the book: cumulative defaults never exceed the number of loans")
    func defaultedLoansLeave() throws {
        let yaml = """
        simulation: {paths: 200, seed: 2, horizon_years: 5}
        portfolio:
          renewal: true
          segments:
            - {name: a, count: 300, exposure: 1, pd: 0.6, lgd: 1}
            - {name: b, count: 300, exposure: {distribution: lognormal, median: 1, sigma: 0.3}, pd: 0.6, lgd: 1}
        """
        let (_, table) = try TestScenarios.run(yaml)
        #expect(table["defaults"].allSatisfy { $0 <= 600 })
        // Year 2 NPL is defaults over survivors: its mean stays at PD, not PD × (1 - PD).
        #expect(abs(table.summary("npl_ratio.y2").mean - 0.6) < 0.02)
    }

    private func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = GSL.mean(x), my = GSL.mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx).squared; syy += (y[i] - my).squared
        }
        return sxy / (sxx * syy).squareRoot()
    }
}

extension Double {
    var squared: Double { self * self }
}
