import RiskShareTestSupport
import Testing

@testable import RiskShareKit

/// Random streams are named by (seed, path, year, purpose, segment, group), not by the order in
/// which numbers are consumed: variants that change the book's structure or the horizon see the
/// same factors and, for the loan groups they share, the same default and LGD draws.
@Suite struct CommonRandomNumbersTests {
    static let baseline = TestScenarios.repositoryRoot + "/Scenarios/shenzhen-baseline.yaml"

    static func table(_ yaml: String, threads: Int = 2) throws -> PathTable {
        try TestScenarios.run(yaml, threads: threads).1
    }

    static func table(file: String, overrides: [String]) throws -> PathTable {
        Simulation(scenario: try ScenarioLoader.load(file: file, overrides: overrides)).run(threads: 2)!
    }

    @Test("the baseline with renewal on and off has the same year-1 losses path by path, and different later years")
    func renewalKeepsYearOne() throws {
        let on = try Self.table(file: Self.baseline, overrides: ["simulation.paths=3000", "portfolio.renewal=true"])
        let off = try Self.table(file: Self.baseline, overrides: ["simulation.paths=3000", "portfolio.renewal=false"])
        #expect(on.rowCount == 3000)
        #expect(on["gross_loss.y1"] == off["gross_loss.y1"])
        #expect(on["defaults.y1"] == off["defaults.y1"])
        // The variant does change the book from year 2 on: the comparison is not vacuous.
        #expect(on["gross_loss.y2"] != off["gross_loss.y2"])
        #expect(on["gross_loss.y1"].reduce(0, +) > 0)
    }

    static let book = """
        simulation: {paths: 2500, seed: 314, horizon_years: HORIZON, block_paths: 400}
        economy: {factors: [economy, ai], copula: t, dof: 5, persistence: 0.5}
        portfolio:
          renewal: false
          segments:
            - {name: credit, count: COUNT, exposure: {distribution: lognormal, median: 2.0e6, sigma: 0.7}, pd: 0.06, lgd: {mean: 0.6, sd: 0.2}, term_years: 3, first_loan_share: 0.3, loadings: {economy: 0.3, ai: 0.3}}
            - {name: park, count: 700, exposure: 1.0e6, pd: 0.03, lgd: {mean: 0.5, sd: 0.15}, term_years: 1, first_loan_share: 0.5, loadings: {economy: 0.4}}
            - {name: growth, count: 500, exposure: {distribution: lognormal, median: 5.0e6, sigma: 0.8}, pd: 0.04, lgd: 0.45, term_years: 2, loadings: {ai: 0.5}}
        """

    static func book(horizon: Int = 3, count: Int = 1200) -> String {
        book.replacingOccurrences(of: "HORIZON", with: "\(horizon)").replacingOccurrences(of: "COUNT", with: "\(count)")
    }

    @Test("a shorter horizon gives the same years, path by path, as the longer one's first years")
    func horizonKeepsEarlierYears() throws {
        let long = try Self.table(Self.book(horizon: 5))
        let short = try Self.table(Self.book(horizon: 2))
        for year in 1...2 {
            for quantity in ["gross_loss", "defaults", "npl_ratio"] {
                #expect(long["\(quantity).y\(year)"] == short["\(quantity).y\(year)"])
            }
        }
        #expect(long["gross_loss.y3"].reduce(0, +) > 0)
    }

    @Test("changing one segment's count leaves the other segments' losses unchanged path by path")
    func segmentCountKeepsOtherSegments() throws {
        let base = try Self.table(Self.book())
        let bigger = try Self.table(Self.book(count: 1900))
        #expect(base["gross_loss.seg.park"] == bigger["gross_loss.seg.park"])
        #expect(base["gross_loss.seg.growth"] == bigger["gross_loss.seg.growth"])
        #expect(base["gross_loss.seg.credit"] != bigger["gross_loss.seg.credit"])
        #expect(base["gross_loss.seg.park"].reduce(0, +) > 0)
    }

    @Test("results do not depend on the block size, nor on the thread count")
    func blockSizeDoesNotMatter() throws {
        let yaml = Self.book()
        let reference = try Self.table(yaml, threads: 1)
        for blockPaths in [1, 97, 2500] {
            let other = try Self.table(yaml.replacingOccurrences(of: "block_paths: 400", with: "block_paths: \(blockPaths)"), threads: 2)
            #expect(other.columns == reference.columns)
        }
    }
}
