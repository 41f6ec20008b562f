@testable import RiskShareKit
import RiskShareTestSupport
import Testing

/// A generated book draws its exposures from `portfolio.seed`, never from `simulation.seed`: the
/// Monte Carlo seed moves the paths only, so two seeds compare the same loans.
@Suite struct PortfolioSeedTests {
    static func yaml(simulationSeed: Int, portfolioSeed: Int?) -> String {
        let seedLine = portfolioSeed.map { "  seed: \($0)\n" } ?? ""
        return """
        simulation: {paths: 10, seed: \(simulationSeed)}
        portfolio:
        \(seedLine)  segments:
            - {name: a, count: 200, exposure: {distribution: lognormal, median: 2.0e6, sigma: 0.8}, pd: 0.05, lgd: 0.5, first_loan_share: 0.3}
            - {name: b, count: 100, exposure: 1.0e6, pd: 0.02, lgd: 0.4}
        """
    }

    static func book(simulationSeed: Int, portfolioSeed: Int?) throws -> LoanBook {
        PortfolioBuilder.build(try TestScenarios.load(yaml(simulationSeed: simulationSeed, portfolioSeed: portfolioSeed)))
    }

    @Test("changing simulation.seed leaves every generated exposure and first-loan flag unchanged")
    func simulationSeedDoesNotMoveTheBook() throws {
        let first = try Self.book(simulationSeed: 1, portfolioSeed: nil)
        let second = try Self.book(simulationSeed: 987_654_321, portfolioSeed: nil)
        #expect(first.exposure == second.exposure)
        #expect(first.firstLoan == second.firstLoan)
        // The draws are real draws: a log-normal segment has distinct exposures.
        #expect(Set(first.exposure[0..<200]).count == 200)
    }

    @Test("the same portfolio.seed gives the same book; another portfolio.seed gives another book")
    func portfolioSeedFixesTheBook() throws {
        let a = try Self.book(simulationSeed: 3, portfolioSeed: 42)
        let b = try Self.book(simulationSeed: 4, portfolioSeed: 42)
        let c = try Self.book(simulationSeed: 3, portfolioSeed: 43)
        #expect(a.exposure == b.exposure)
        #expect(a.exposure[0..<200] != c.exposure[0..<200])
        // Fixed exposures take no draws.
        #expect(a.exposure[200..<300] == c.exposure[200..<300])
        // First-loan flags take no draws either: the first round(0.3 × 200) loans.
        #expect(a.firstLoan == c.firstLoan)
        #expect(a.firstLoan.filter { $0 }.count == 60)
    }

    @Test("without portfolio.seed the book is the one of the documented default 20251122")
    func documentedDefault() throws {
        #expect(PortfolioSpec.defaultSeed == 20_251_122)
        let implicit = try Self.book(simulationSeed: 5, portfolioSeed: nil)
        let explicit = try Self.book(simulationSeed: 6, portfolioSeed: 20_251_122)
        #expect(implicit.exposure == explicit.exposure)
    }

    @Test("portfolio.seed outside 0...2^53 or not whole is refused naming the key path",
          arguments: ["-1", "1.5", "9007199254740994", "\"seven\""])
    func badSeed(_ value: String) throws {
        let yaml = Self.yaml(simulationSeed: 1, portfolioSeed: 0).replacingOccurrences(of: "seed: 0\n", with: "seed: \(value)\n")
        #expect(yaml.contains("seed: \(value)"))
        do {
            _ = try TestScenarios.load(yaml)
            Issue.record("portfolio.seed = \(value) was accepted")
        } catch let error as ScenarioError {
            #expect(error.description.contains("portfolio.seed"), "\(error.description)")
            #expect(error.description.contains("[0, 2^53]"), "\(error.description)")
            #expect(error.line == 3, "\(error.description)")
        }
    }
}
