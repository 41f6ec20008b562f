import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// `simulation.method: semi_analytic`: the exact one-year gross loss distribution of a one-factor
/// Gaussian book, by conditional convolution and quadrature over the factor, written as a
/// report.json with the same statistics keys as a simulation (standard errors are 0; quantities
/// that only paths can give, such as default counts, are absent).
public enum SemiAnalyticRun {
    public static func report(_ request: RunRequest, scenario loaded: Scenario? = nil) throws -> (report: JSONValue, outDirectory: String) {
        GSL.installErrorHandler()
        let scenario = try loaded ?? Runner.loadScenario(request)
        let started = Date()
        let distribution = try SemiAnalyticModel.lossDistribution(scenario: scenario, hasRiskSharing: scenario.riskSharing.isPresent)
        try GSL.checkFailures(context: "computing the semi-analytic distribution of \(request.scenarioFile)")
        let settings = scenario.report
        let stat = SemiAnalyticReport.json(distribution, settings: settings)
        let book = PortfolioBuilder.build(scenario)
        let report = JSONValue.object([
            ("schema_version", .integer(RiskShareVersion.schema)),
            ("scenario", ReportBuilder.scenarioJSON(scenario)),
            ("run", .object([
                ("paths", .integer(0)), ("seed", .integer(Int(scenario.simulation.seed))),
                ("horizon_years", .integer(1)), ("method", .string("semi_analytic")),
                ("threads", .integer(1)), ("version", .string(RiskShareVersion.current)),
                ("gsl_version", .string(GSL.version)),
                ("elapsed_seconds", .number((Date().timeIntervalSince(started) * 1000).rounded() / 1000)),
            ])),
            ("portfolio", ReportBuilder.portfolioJSON(book)),
            ("gross_loss", stat),
            ("years", .array([.object([("year", .integer(1)), ("gross_loss", stat)])])),
            ("parties", .object([("bank", .object([("loss", stat), ("by_year", .array([stat]))]))])),
            ("semi_analytic", SemiAnalyticReport.details(distribution)),
        ])
        return (report, request.outDirectory ?? "Reports/\(scenario.name)")
    }
}
