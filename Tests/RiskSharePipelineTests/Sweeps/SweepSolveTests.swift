@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Target seeking by root finding on common random numbers.
@Suite struct SweepSolveTests {
    @Test("GSL's Brent solver finds a known root and refuses an unbracketed interval")
    func brent() throws {
        let root = try RootFinder.brent(lower: 0, upper: 2, absoluteTolerance: 1e-12) { $0 * $0 - 2 }
        #expect(abs(root.root - 2.0.squareRoot()) < 1e-10)
        #expect(root.lower <= 2.0.squareRoot() && 2.0.squareRoot() <= root.upper)
        #expect(throws: RootFinder.Failure.notBracketed(fLower: 2, fUpper: 3)) {
            _ = try RootFinder.brent(lower: 0, upper: 1, absoluteTolerance: 1e-9) { $0 + 2 }
        }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            _ = try RootFinder.brent(lower: 0, upper: 1, absoluteTolerance: 1e-9) { x in if x > 0.4 && x < 1 { throw Boom() }; return x - 0.5 }
        }
    }

    @Test("the pd at which mean gross loss meets a target matches the closed form within its uncertainty")
    func knownRoot() throws {
        let file = try SweepFixtures.write(SweepFixtures.linearMean)
        // Mean loss = 1000 x 1e6 x 0.5 x pd = 5e8 pd, so mean <= 2e7 holds up to pd = 0.04.
        let target = try MetricTarget(parsing: "gross_loss.mean <= 2e7")
        let setup = try TargetSolver.setup(SweepFixtures.request(file), path: "portfolio.segments[book].pd", lower: 0.01, target: target)
        let result = try TargetSolver.solve(setup, lower: 0.01, upper: 0.1, target: target, threads: 2)
        let sigma = try #require(result.uncertainty)
        // Theory: s.e. of the mean = 1e6 x 0.5 x sqrt(1000 x 0.04 x 0.96) / sqrt(2000); slope 5e8.
        let expectedSigma = 1e6 * 0.5 * (1000 * 0.04 * 0.96).squareRoot() / 2000.0.squareRoot() / 5e8
        #expect(MonteCarlo.agrees(result.value, 0.04, standardError: sigma), "found \(result.value) ± \(sigma)")
        #expect(sigma > expectedSigma / 2 && sigma < expectedSigma * 2, "uncertainty \(sigma) vs theory \(expectedSigma)")
        #expect(abs(result.slope - 5e8) < 0.05 * 5e8)
        #expect(target.isMet(by: result.metric.value))
        #expect(result.metAtLower)
        #expect(result.bracket.upperBound - result.bracket.lowerBound < 1e-4)
    }

    @Test("a target met nowhere in the range names the metric at both ends")
    func unmetTarget() throws {
        let file = try SweepFixtures.write(SweepFixtures.linearMean)
        let target = try MetricTarget(parsing: "gross_loss.mean <= 1e6")
        let setup = try TargetSolver.setup(SweepFixtures.request(file), path: "portfolio.segments[book].pd", lower: 0.05, target: target)
        let error = SweepFixtures.scenarioError { _ = try TargetSolver.solve(setup, lower: 0.05, upper: 0.1, target: target, threads: 2) }
        #expect(error?.message.contains("met nowhere in the range") == true)
        #expect(error?.message.contains("at portfolio.segments[book].pd = 0.05") == true)
        #expect(error?.message.contains("at 0.1") == true)
        let everywhere = try MetricTarget(parsing: "gross_loss.mean <= 1e9")
        let all = SweepFixtures.scenarioError { _ = try TargetSolver.solve(setup, lower: 0.05, upper: 0.1, target: everywhere, threads: 2) }
        #expect(all?.message.contains("met at both ends") == true)
        let reversed = SweepFixtures.scenarioError { _ = try TargetSolver.solve(setup, lower: 0.1, upper: 0.05, target: target, threads: 2) }
        #expect(reversed?.message.contains("LO < HI") == true)
    }
}
