import RiskShareKit
import RiskShareSupport

/// report.csv rows of the `capital` section, in the tidy layout of `CSVReport`:
/// - `capital_regulatory`: name empty (the book), a segment or a protection provider; quantity
///   `capital_ratio` (the approach, a word, is only in report.json), `exposure`, `rwa_before`,
///   `rwa_after`, `capital_before`, `capital_after`, `relief`, `expected_public_cost`,
///   `relief_per_public_cost`; per provider `protected_exposure`, `risk_weight`, `rwa`;
/// - `capital_economic`: name `before` (gross loss) or `after` (the bank's retained loss);
///   quantity `expected_loss`, `unexpected_loss` (level = the VaR level, with the 95% interval),
///   `expected_shortfall` (level = the ES level), `tail_paths` (level = the VaR level).
extension CSVReport {
    static func capitalRows(_ capital: CapitalSummary) -> [Row] {
        let r = capital.regulatory
        var rows: [Row] = []
        func value(_ name: String, _ quantity: String, _ x: Double?) {
            guard let x, x.isFinite else { return }
            rows.append(Row(section: "capital_regulatory", name: name, quantity: quantity, statistic: "value", value: number(x)))
        }
        value("", "capital_ratio", r.capitalRatio)
        value("", "exposure", r.exposure)
        value("", "rwa_before", r.rwaBefore)
        value("", "rwa_after", r.rwaAfter)
        value("", "capital_before", r.capitalBefore)
        value("", "capital_after", r.capitalAfter)
        value("", "relief", r.relief)
        value("", "expected_public_cost", capital.expectedPublicCost)
        value("", "relief_per_public_cost", r.reliefPerPublicCost)
        for segment in r.segments {
            value(segment.name, "exposure", segment.exposure)
            value(segment.name, "rwa_before", segment.rwaBefore)
            value(segment.name, "rwa_after", segment.rwaAfter)
        }
        for provider in r.providers {
            value(provider.party, "protected_exposure", provider.protectedExposure)
            value(provider.party, "risk_weight", provider.riskWeight)
            value(provider.party, "rwa", provider.rwa)
        }
        guard let economic = capital.economic else { return rows }
        for (name, m) in [("before", economic.before), ("after", economic.after)] {
            let varKey = levelKey(economic.varLevel), esKey = levelKey(economic.esLevel)
            rows.append(
                Row(
                    section: "capital_economic", name: name, quantity: "expected_loss", statistic: "mean",
                    value: number(m.expectedLoss.value), stderr: number(m.expectedLoss.stderr)))
            rows.append(
                Row(
                    section: "capital_economic", name: name, quantity: "unexpected_loss", statistic: "value", level: varKey,
                    value: number(m.unexpectedLoss), stderr: m.unexpectedLossStderr.map(number) ?? "",
                    ciLower: m.unexpectedLossCI95.map { number($0.lower) } ?? "",
                    ciUpper: m.unexpectedLossCI95.map { number($0.upper) } ?? ""))
            rows.append(
                Row(
                    section: "capital_economic", name: name, quantity: "expected_shortfall", statistic: "expected_shortfall",
                    level: esKey, value: number(m.expectedShortfall.value), stderr: number(m.expectedShortfall.stderr)))
            rows.append(
                Row(
                    section: "capital_economic", name: name, quantity: "tail_paths", statistic: "tail_paths", level: varKey,
                    value: String(m.tailPaths)))
        }
        return rows
    }

    /// report.csv rows of `contributions`: section `contributions`, name `<subject>/<tag>/<value>`
    /// (subject `gross_loss` or a party; tag `segment`, `stage`, `product` or `cluster`), quantity
    /// `contribution`, statistic `expected_loss` (level empty) or `expected_shortfall` (level = the
    /// ES level), with the standard error; plus each subject's totals under name `<subject>`, and
    /// its top loans under name `<subject>/top_loans/<id>`, quantity `loan_contribution`, statistic
    /// `expected_shortfall` at the top-loans level.
    static func contributionRows(_ contributions: ContributionsSummary) -> [Row] {
        var rows: [Row] = []
        for subject in contributions.subjects {
            rows.append(
                Row(
                    section: "contributions", name: subject.name, quantity: "total", statistic: "expected_loss",
                    value: number(subject.expectedLoss.value), stderr: number(subject.expectedLoss.stderr)))
            for (q, es) in zip(contributions.levels, subject.expectedShortfall) {
                rows.append(
                    Row(
                        section: "contributions", name: subject.name, quantity: "total", statistic: "expected_shortfall",
                        level: levelKey(q), value: number(es)))
            }
            for breakdown in subject.breakdowns {
                for part in breakdown.parts {
                    let name = "\(subject.name)/\(breakdown.tag)/\(part.name)"
                    rows.append(
                        Row(
                            section: "contributions", name: name, quantity: "contribution", statistic: "expected_loss",
                            value: number(part.expectedLoss.value), stderr: number(part.expectedLoss.stderr)))
                    for (q, es) in zip(contributions.levels, part.expectedShortfall) {
                        rows.append(
                            Row(
                                section: "contributions", name: name, quantity: "contribution", statistic: "expected_shortfall",
                                level: levelKey(q), value: number(es.value), stderr: number(es.stderr)))
                    }
                }
            }
            for loan in subject.topLoans ?? [] {
                rows.append(
                    Row(
                        section: "contributions", name: "\(subject.name)/top_loans/\(loan.id)", quantity: "loan_contribution",
                        statistic: "expected_shortfall", level: contributions.topLoansLevel.map(levelKey) ?? "",
                        value: number(loan.expectedShortfall.value), stderr: number(loan.expectedShortfall.stderr)))
            }
        }
        return rows
    }
}
