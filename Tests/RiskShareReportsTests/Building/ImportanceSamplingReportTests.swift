@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// A run under importance sampling reports how well the sampling worked and flags the levels it
/// does not cover, computed from the run's own weights.
@Suite struct ImportanceSamplingReportTests {
    /// Sampling aimed at the 1-in-1000 factor: almost every path is a bad year, so the median of
    /// the loss has few paths below it.
    static let yaml = """
    simulation: {paths: 10000, seed: 5, method: importance_sampling, importance_sampling: {target_probability: 0.001, twist: false}}
    economy: {factors: [economy]}
    portfolio:
      segments:
        - {name: book, count: 1000, exposure: 1.0e6, pd: 0.01, lgd: 0.45, loadings: {economy: 0.45}}
    report: {quantiles: [0.5, 0.999]}
    """

    @Test("effective sample size and mean weight are those of the weights; the median is flagged, the 99.9% tail is not")
    func diagnosticsAndCoverage() throws {
        let (simulation, table) = try TestScenarios.run(Self.yaml, threads: 2)
        let report = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 2, elapsedSeconds: 0))
        let weights = try #require(table.weights)
        let sampling = try #require(report.importanceSampling)
        let sum = weights.reduce(0, +), squares = weights.reduce(0) { $0 + $1 * $1 }
        #expect(sampling.effectiveSampleSize == sum * sum / squares)
        #expect(sampling.meanWeight == sum / Double(weights.count))
        #expect(sampling.effectiveSampleSize < 0.1 * Double(weights.count), "the shift toward the tail costs effective paths")
        let median = try #require(report.grossLoss.level(0.5))
        let tail = try #require(report.grossLoss.level(0.999))
        guard case let .outsideSampledRegion(below, relative) = median.coverage else {
            Issue.record("the median of a run sampled toward its 1-in-1000 tail is not flagged"); return
        }
        // Both quantities recomputed here from the paths.
        let loss = table["gross_loss"]
        #expect(below == loss.filter { $0 <= median.valueAtRisk }.count)
        #expect(below < SamplingCoverage.standard.minimumPathsAtOrBelow)
        #expect(relative == table.summary("gross_loss").exceedance(median.valueAtRisk).stderr / 0.5)
        #expect(tail.coverage == .covered)
        #expect(loss.filter { $0 <= tail.valueAtRisk }.count >= 100)
        #expect(median.interval == nil && tail.interval == nil, "order-statistic intervals do not apply to weighted paths")
        let markdown = MarkdownReport.render(report: report)
        #expect(markdown.contains("| 50% | outside sampled region |"))
        #expect(markdown.contains("## Importance sampling"))
        let json = report.json
        #expect(json["gross_loss"]?["outside_sampled_region"]?["0.5"]?["paths_at_or_below"]?.doubleValue == Double(below))
        #expect(json["gross_loss"]?["outside_sampled_region"]?["0.999"] == nil)
    }
}
