@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// A loan tape and the equivalent generated segments describe the same portfolio, so they give
/// the same loss distribution.
@Suite struct LoanTapeEquivalenceTests {
    @Test("a tape with two PD levels matches two generated segments (mean, sd and a tail probability)")
    func tapeMatchesSegments() throws {
        var csv = "id,exposure,pd\n"
        for i in 0..<600 { csv += "L\(i),\(i % 3 == 0 ? 2.0e6 : 1.0e6),\(i % 2 == 0 ? 0.01 : 0.03)\n" }
        let tape = """
        simulation: {paths: 30000, seed: 8}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: tape, loans_file: loans.csv, lgd: 0.45, loadings: {economy: 0.45}}
        """
        // The same 600 loans: exposure 2m for i % 3 == 0, PD 1% for even i.
        let generated = """
        simulation: {paths: 30000, seed: 8}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: big-low, count: 100, exposure: 2.0e6, pd: 0.01, lgd: 0.45, loadings: {economy: 0.45}}
            - {name: big-high, count: 100, exposure: 2.0e6, pd: 0.03, lgd: 0.45, loadings: {economy: 0.45}}
            - {name: small-low, count: 200, exposure: 1.0e6, pd: 0.01, lgd: 0.45, loadings: {economy: 0.45}}
            - {name: small-high, count: 200, exposure: 1.0e6, pd: 0.03, lgd: 0.45, loadings: {economy: 0.45}}
        """
        let (tapeSimulation, a) = try TestScenarios.run(tape, files: ["loans.csv": csv])
        // The tape's loans are heterogeneous within a PD band: the thinning algorithm is exercised.
        #expect(tapeSimulation.book.groups.contains { !$0.isHomogeneous })
        let b = try TestScenarios.run(generated).1
        let sa = a.summary("gross_loss"), sb = b.summary("gross_loss")
        let expectedLoss = 0.45 * (100 * 2e6 * 0.04 + 200 * 1e6 * 0.04)
        #expect(MonteCarlo.agrees(sa.mean, expectedLoss, standardError: sa.stderr))
        #expect(MonteCarlo.agrees(sa.mean, sb.mean, standardError: MonteCarlo.differenceError(sa.stderr, sb.stderr)))
        // sd of the sample sd ≈ sd × sqrt((κ - 1) / (4n)); κ ≤ 30 for these losses.
        let sdTolerance = 4 * sa.sd * (29.0 / (4 * 30000)).squareRoot()
        #expect(abs(sa.sd - sb.sd) <= sdTolerance * 1.5)
        let x = sa.quantile(0.99)
        let pa = sa.exceedance(x), pb = sb.exceedance(x)
        #expect(MonteCarlo.agrees(pa.p, pb.p, standardError: MonteCarlo.differenceError(pa.stderr, pb.stderr)))
    }

    @Test("a tape column that is missing takes the segment's value")
    func missingColumnsComeFromSegment() throws {
        let csv = "id,exposure,pd,lgd\nA,100,0.5,0.3\nB,200,0.5,0.4\n"
        let scenario = try TestScenarios.load("""
        portfolio:
          segments:
            - {name: t, loans_file: loans.csv, term_years: 3, interest_rate: 0.04, product: ip_pledge, first_loan_share: 0.5}
        """, files: ["loans.csv": csv])
        let book = PortfolioBuilder.build(scenario)
        #expect(book.count == 2)
        #expect(book.term == [3, 3])
        #expect(book.interestRate == [0.04, 0.04])
        #expect(book.product == ["ip_pledge", "ip_pledge"])
        #expect(book.firstLoan.filter { $0 }.count == 1)
        #expect(book.lgd.map(\.mean).sorted() == [0.3, 0.4])
    }
}
