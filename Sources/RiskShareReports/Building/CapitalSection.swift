import RiskShareKit
import RiskShareSupport

/// Builds report.json `capital` from the scenario's `capital` section: regulatory capital of the
/// initial book, and economic capital from the paths (absent without paths).
enum CapitalSection {
    /// The section of a run.
    /// - Parameters:
    ///   - spec: the scenario's `capital` section.
    ///   - scenario: the scenario (segments' maturity and turnover, the risk-sharing layers).
    ///   - book: the initial loan book.
    ///   - expectedPublicCost: the mean of `fiscal.cost`, or nil without risk sharing.
    ///   - table: the run's paths, or nil (semi-analytic).
    /// - Returns: regulatory capital, and economic capital when there are paths.
    static func build(
        spec: CapitalSpec, scenario: Scenario, book: LoanBook, expectedPublicCost: Double?, table: PathTable?
    ) -> CapitalSummary {
        let regulatory = RegulatoryCapital.compute(
            book: book, segments: scenario.portfolio.segments, riskSharing: scenario.riskSharing, spec: spec,
            expectedPublicCost: expectedPublicCost)
        let economic = table.map { table in
            let comparison = EconomicCapitalComparison(paths: table)
            return EconomicCapitalSummary(
                varLevel: EconomicCapital.varLevel, esLevel: EconomicCapital.esLevel,
                before: EconomicCapitalMeasures(comparison.before), after: EconomicCapitalMeasures(comparison.after))
        }
        return CapitalSummary(regulatory: regulatory, expectedPublicCost: expectedPublicCost, economic: economic)
    }
}
