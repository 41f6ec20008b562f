@testable import RiskShareKit
@testable import RiskShareReports
import RiskShareSupport

extension RiskSharingPlan {
    /// The risk-sharing sections of report.json (`parties`, `pools`, `caps`, `tolerance`,
    /// `fiscal`) for a path table, as the report builder encodes them.
    func reportSections(table: PathTable, settings: ReportSettings) -> [(String, JSONValue)] {
        let empty = StatisticsBuilder.distribution(Summary(values: [0]), levels: [], thresholds: [], coverage: nil)
        var report = Report(
            scenario: ScenarioFacts(name: "", file: "", sha256: "", description: "", currency: "CNY"),
            run: RunFacts(paths: table.rowCount, seed: 0, horizonYears: horizon, blockPaths: nil, method: "monte_carlo", threads: 1,
                          version: "", gslVersion: "", elapsedSeconds: 0, overrides: []),
            portfolio: PortfolioSummary(loans: 0, exposure: 0, expectedLossFirstYearUnstressed: 0, segments: []),
            grossLoss: empty, defaults: nil, years: [], parties: [],
            terms: SchemeTerms(layers: [], subsidies: [], tolerance: nil, model: [], segments: []))
        RiskSharingSections.add(to: &report, plan: self, table: table) { column in
            StatisticsBuilder.distribution(table.summary(column), levels: settings.quantiles, thresholds: settings.exceedance,
                                           coverage: table.weights == nil ? nil : .standard)
        }
        let keys: Set<String> = ["parties", "pools", "caps", "tolerance", "fiscal"]
        return (report.json.members ?? []).filter { keys.contains($0.0) }
    }
}
