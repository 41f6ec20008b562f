import RiskShareKit
import RiskShareSupport

/// The report of `simulation.method: semi_analytic`: the exact one-year gross loss
/// distribution, borne by the bank alone (the method refuses risk sharing). Standard errors are
/// 0; what only paths can give (default counts, NPL ratios, intervals, tail-path counts) is not
/// computed and absent.
public enum SemiAnalyticReportBuilder {
    public static func build(
        _ distribution: LossDistribution, scenario: Scenario, book: LoanBook, elapsedSeconds: Double,
        overrides: [String]
    ) -> Report {
        let settings = scenario.report
        let stat = StatisticsBuilder.distribution(distribution, levels: settings.quantiles, thresholds: settings.exceedance)
        return Report(
            scenario: ReportBuilder.scenarioFacts(scenario),
            run: RunFacts(
                paths: 0, seed: scenario.simulation.seed, horizonYears: 1, blockPaths: nil, method: "semi_analytic",
                threads: 1, version: RiskShareVersion.current, gslVersion: GSL.version,
                elapsedSeconds: (elapsedSeconds * 1000).rounded() / 1000, overrides: overrides),
            portfolio: ReportBuilder.portfolio(book),
            grossLoss: stat, defaults: nil,
            years: [YearSummary(year: 1, grossLoss: stat, defaults: nil, nplRatio: nil)],
            parties: [PartySummary(name: "bank", loss: stat, lossByYear: [stat])],
            semiAnalytic: details(distribution),
            capital: scenario.capital.map {
                CapitalSection.build(spec: $0, scenario: scenario, book: book, expectedPublicCost: nil, table: nil)
            },
            terms: ReportBuilder.terms(scenario))
    }

    /// How the distribution was computed: lattice step and size, discretisation bound, factor
    /// quadrature nodes and last relative change, whether a Beta LGD was discretised.
    static func details(_ distribution: LossDistribution) -> SemiAnalyticDetails {
        SemiAnalyticDetails(
            latticeStep: distribution.step, latticePoints: distribution.count,
            discretisationBound: distribution.discretisationBound, quadratureNodes: distribution.quadrature.nodes,
            quadratureRelativeChange: distribution.quadrature.relativeChange,
            lgdDiscretised: distribution.lgdDiscretised, totalProbability: distribution.totalProbability)
    }
}
