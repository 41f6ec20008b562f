import RiskShareKit
import RiskShareSupport

/// Builds `parties`, `pools`, `caps`, `tolerance` and `fiscal` from the path table. Every
/// statistic goes through `Summary` or `Probability` with the table's weights, so
/// importance-sampling weights flow through unchanged.
enum RiskSharingSections {
    static func add(
        to report: inout Report, plan: RiskSharingPlan, table: PathTable,
        loss: (String) -> DistributionSummary
    ) {
        let years = 1...report.run.horizonYears
        let weights = table.weights
        func probability(_ column: String) -> ProbabilityEstimate {
            StatisticsBuilder.probability(table[column].map { $0 > 0.5 }, weights: weights)
        }
        func any(_ columns: [String]) -> ProbabilityEstimate {
            let values = columns.map { table[$0] }
            return StatisticsBuilder.probability((0..<table.rowCount).map { row in values.contains { $0[row] > 0.5 } }, weights: weights)
        }
        let fees = Set(plan.feePartyNames), subsidies = Set(plan.subsidyPartyNames)
        let bearers = Set(plan.lossBearingParties)
        report.parties = plan.parties.filter(bearers.contains).map { name in
            PartySummary(
                name: name, loss: loss("party.\(name).loss"),
                lossByYear: years.map { loss("party.\(name).loss.y\($0)") },
                fees: fees.contains(name) ? loss("party.\(name).fees") : nil,
                subsidies: subsidies.contains(name) ? loss("party.\(name).subsidies") : nil)
        }
        guard plan.isPresent else { return }

        report.pools = plan.poolNames.map { name in
            let base = "pool.\(name)"
            return PoolSummary(
                name: name, paid: loss("\(base).paid"), topups: loss("\(base).topups"), unpaid: loss("\(base).unpaid"),
                balanceEndByYear: years.map { loss("\(base).balance.y\($0)") },
                exhausted: any(years.map { "\(base).exhausted.y\($0)" }),
                exhaustedByYear: years.map { probability("\(base).exhausted.y\($0)") },
                suspendedByYear: years.map { probability("\(base).suspended.y\($0)") })
        }

        report.caps = plan.limitedLayers.map { layer in
            CapSummary(
                layer: layer.key, layerType: layer.type, parties: layer.parties,
                binds: probability("cap.\(layer.key).bound"),
                bindsByYear: years.map { probability("cap.\(layer.key).bound.y\($0)") })
        }

        if let level = plan.toleranceLevel {
            let columns = years.map { table["tolerance.npl_ratio.y\($0)"] }
            let rows = 0..<table.rowCount
            let worst = Summary(values: rows.map { row in columns.reduce(0) { max($0, $1[row]) } }, weights: weights)
            let byYear = columns.map { Summary(values: $0, weights: weights) }
            report.tolerance = ToleranceSummary(
                level: level,
                breachByYear: columns.map { StatisticsBuilder.probability($0.map { $0 > level }, weights: weights) },
                breachAny: StatisticsBuilder.probability(rows.map { row in columns.contains { $0[row] > level } }, weights: weights),
                // The NPL ratio exceeded with probability 5% (1%): the 95% (99%) quantile of the
                // worst year's ratio (a tolerance set there is breached in some year with that
                // probability), and of each year's ratio.
                exceeded: [0.05, 0.01].map { p in
                    ExceededRatio(probability: p, worstYear: worst.quantile(1 - p), byYear: byYear.map { $0.quantile(1 - p) })
                })
        }

        let cost = loss("fiscal.cost")
        report.fiscal = FiscalSummary(
            cost: cost, topups: loss("fiscal.topups"), coveredVolume: plan.coveredVolume,
            leverage: cost.mean.value > 0 ? plan.coveredVolume / cost.mean.value : nil,
            subsidies: plan.subsidyPartyNames.map { name in
                SubsidyPayer(name: name, subsidies: loss("party.\(name).subsidies"), bearsLoss: bearers.contains(name))
            })
    }
}
