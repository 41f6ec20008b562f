import Foundation
import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import Testing

/// `--seed` moves the Monte Carlo paths only: the generated loan book comes from `portfolio.seed`,
/// so two seeds compare the same book.
@Suite struct PortfolioSeedCommandTests {
    /// Runs the reference tech book (log-normal exposures in every segment) and returns report.json.
    static func report(_ extra: [String]) throws -> JSONValue {
        let directory = CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(["run", "Scenarios/reference/tech-book.yaml", "--paths", "400", "--format", "json",
                                            "--out", directory] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONValue.parse(String(contentsOfFile: directory + "/report.json", encoding: .utf8))
    }

    @Test("two --seed values: identical portfolio sections (exposure per segment), different loss statistics")
    func seedMovesPathsOnly() throws {
        let one = try Self.report(["--seed", "1"])
        let two = try Self.report(["--seed", "2"])
        #expect(one["run"]?["seed"] == .integer(1))
        #expect(two["run"]?["seed"] == .integer(2))
        let segments = try #require(one["portfolio"]?["segments"]?.items)
        #expect(segments.count == 3)
        #expect(one["portfolio"] == two["portfolio"])
        #expect(one["gross_loss"]?["mean"] != two["gross_loss"]?["mean"])
        #expect(one["gross_loss"]?["quantiles"]?["0.99"] != two["gross_loss"]?["quantiles"]?["0.99"])
    }

    @Test("the same portfolio.seed gives the same book under any --seed; another portfolio.seed another book")
    func portfolioSeedChoosesTheBook() throws {
        let a = try Self.report(["--seed", "1", "--set", "portfolio.seed=7"])
        let b = try Self.report(["--seed", "2", "--set", "portfolio.seed=7"])
        let defaultBook = try Self.report(["--seed", "1"])
        #expect(a["portfolio"] == b["portfolio"])
        #expect(a["portfolio"]?["exposure"] != defaultBook["portfolio"]?["exposure"])
        for i in 0..<3 {
            #expect(a["portfolio"]?["segments"]?[i]?["exposure"] != defaultBook["portfolio"]?["segments"]?[i]?["exposure"])
        }
    }
}
