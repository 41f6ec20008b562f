import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// `simulation.method: semi_analytic`: the exact one-year gross loss distribution of a one-factor
/// Gaussian book, by conditional convolution and quadrature over the factor, written as a
/// report.json with the same statistics keys as a simulation (standard errors are 0; quantities
/// that only paths can give, such as default counts, are absent).
public enum SemiAnalyticRun {
    public static func report(_ request: RunRequest, scenario loaded: Scenario? = nil) throws -> (report: Report, outDirectory: String) {
        GSL.installErrorHandler()
        let scenario = try loaded ?? Runner.loadScenario(request)
        let started = Date()
        let distribution = try SemiAnalyticModel.lossDistribution(scenario: scenario, hasRiskSharing: scenario.riskSharing.isPresent)
        try GSL.checkFailures(context: "computing the semi-analytic distribution of \(request.scenarioFile)")
        let book = PortfolioBuilder.build(scenario)
        let report = SemiAnalyticReportBuilder.build(
            distribution, scenario: scenario, book: book,
            elapsedSeconds: Date().timeIntervalSince(started), overrides: request.overrides)
        return (report, request.outDirectory ?? "Reports/\(scenario.name)")
    }
}
