import RiskShareKit
import RiskShareSupport

extension RiskSharingPlan {
    /// Report sections from the path table: `parties` always; `pools`, `caps`, `tolerance` and
    /// `fiscal` when the scenario has a `risk_sharing` section. Every statistic goes through
    /// `table.summary` or `Probability(indicator:weights:)`, so importance-sampling weights flow
    /// through unchanged.
    public func reportSections(table: PathTable, settings: ReportSettings) -> [(String, JSONValue)] {
        let years = 1...horizon
        let weights = table.weights
        func stat(_ column: String) -> JSONValue { table.summary(column).json(settings) }
        func probability(_ column: String) -> JSONValue {
            Probability(indicator: table[column].map { $0 > 0.5 }, weights: weights).json
        }

        var partyMembers: [(String, JSONValue)] = []
        for (p, name) in parties.enumerated() {
            var members: [(String, JSONValue)] = [
                ("loss", stat("party.\(name).loss")),
                ("by_year", .array(years.map { stat("party.\(name).loss.y\($0)") })),
            ]
            if feeParties.contains(p) { members.append(("fees", stat("party.\(name).fees"))) }
            if subsidyParties.contains(p) { members.append(("subsidies", stat("party.\(name).subsidies"))) }
            partyMembers.append((name, .object(members)))
        }
        var sections: [(String, JSONValue)] = [("parties", .object(partyMembers))]
        guard spec.isPresent else { return sections }

        if !pools.isEmpty {
            sections.append(("pools", .object(pools.map { pool in
                let base = "pool.\(parties[pool.payer])"
                let exhausted = years.map { table["\(base).exhausted.y\($0)"] }
                let exhaustedAny = (0..<table.rowCount).map { row in exhausted.contains { $0[row] > 0.5 } }
                return (parties[pool.payer], .object([
                    ("paid", stat("\(base).paid")),
                    ("topups", stat("\(base).topups")),
                    ("unpaid", stat("\(base).unpaid")),
                    ("balance_end_by_year", .array(years.map { stat("\(base).balance.y\($0)") })),
                    ("p_exhausted", Probability(indicator: exhaustedAny, weights: weights).json),
                    ("p_exhausted_by_year", .array(years.map { probability("\(base).exhausted.y\($0)") })),
                    ("p_suspended_by_year", .array(years.map { probability("\(base).suspended.y\($0)") })),
                ]))
            })))
        }

        if !capLayers.isEmpty {
            sections.append(("caps", .object(capLayers.map { ($0.key, probability("cap.\($0.key).bound")) })))
        }

        if let tolerance = spec.tolerance {
            let columns = years.map { table["tolerance.npl_ratio.y\($0)"] }
            let breachAny = (0..<table.rowCount).map { row in columns.contains { $0[row] > tolerance.level } }
            let worst = (0..<table.rowCount).map { row in columns.reduce(0) { max($0, $1[row]) } }
            let worstSummary = Summary(values: worst, weights: weights)
            let yearSummaries = columns.map { Summary(values: $0, weights: weights) }
            sections.append(("tolerance", .object([
                ("level", .finite(tolerance.level)),
                ("p_breach_by_year", .array(columns.map { column in
                    Probability(indicator: column.map { $0 > tolerance.level }, weights: weights).json
                })),
                ("p_breach_any", Probability(indicator: breachAny, weights: weights).json),
                // The NPL ratio exceeded with probability 5% (1%): the 95% (99%) quantile of the
                // worst year's gross NPL ratio (a tolerance set there is breached in some year with
                // that probability), and of each year's ratio.
                ("npl_ratio_exceeded_with_probability", .object([0.05, 0.01].map { p in
                    (NumberFormat.plain(p), .finite(worstSummary.quantile(1 - p)))
                })),
                ("npl_ratio_exceeded_with_probability_by_year", .object([0.05, 0.01].map { p in
                    (NumberFormat.plain(p), .array(yearSummaries.map { .finite($0.quantile(1 - p)) }))
                })),
            ])))
        }

        let cost = table.summary("fiscal.cost")
        sections.append(("fiscal", .object([
            ("cost", cost.json(settings)),
            ("topups", stat("fiscal.topups")),
            ("covered_volume", .finite(coveredVolume)),
            ("leverage", cost.mean > 0 ? .finite(coveredVolume / cost.mean) : .null),
        ])))
        return sections
    }
}
