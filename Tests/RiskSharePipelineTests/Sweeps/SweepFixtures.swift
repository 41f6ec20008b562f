import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport

/// Small scenarios for the sweep, solve and shard specifications.
enum SweepFixtures {
    /// Two segments, one factor; `few` has few loans so its tail reacts strongly to its PD.
    static let twoSegments = """
    name: sweep-fixture
    simulation: {paths: 2000, seed: 7, horizon_years: 1, block_paths: 250}
    economy: {factors: [economy]}
    portfolio:
      segments:
        - {name: few, count: 40, exposure: 2.0e6, pd: 0.04, lgd: 0.5, loadings: {economy: 0.4}}
        - {name: many, count: 400, exposure: {distribution: lognormal, median: 1.0e6, sigma: 0.5}, pd: 0.02, lgd: {mean: 0.45, sd: 0.15}, loadings: {economy: 0.3}}
    report: {quantiles: [0.5, 0.9, 0.99], exceedance: [1.5e7]}
    """

    /// Independent, equal loans with fixed LGD: mean gross loss = 1000 x 1e6 x 0.5 x pd exactly
    /// in expectation, so the pd meeting a target mean is known in closed form.
    static let linearMean = """
    name: linear-mean
    simulation: {paths: 2000, seed: 11, horizon_years: 1, block_paths: 500}
    portfolio:
      segments:
        - {name: book, count: 1000, exposure: 1.0e6, pd: 0.02, lgd: 0.5}
    """

    /// Writes `yaml` as scenario.yaml in a fresh folder and returns the file path.
    static func write(_ yaml: String, name: String = "scenario.yaml") throws -> String {
        let file = TestScenarios.temporaryDirectory() + "/" + name
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static func request(_ file: String, vary: [String] = [], metrics: [String] = [], zipped: Bool = false, threads: Int = 2) -> SweepRequest {
        var request = SweepRequest(scenarioFile: file)
        request.vary = vary
        request.metrics = metrics
        request.zipped = zipped
        request.threads = threads
        return request
    }

    /// The error thrown by `body`, which must be a ScenarioError.
    static func scenarioError(_ body: () throws -> Void) -> ScenarioError? {
        do { try body(); return nil } catch let error as ScenarioError { return error } catch { return nil }
    }

    /// Report text without the two members that may differ between equivalent runs.
    static func withoutTiming(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"elapsed_seconds\":") && !$0.contains("\"threads\":") }
            .joined(separator: "\n")
    }
}
