import RiskShareKit
import RiskShareReports

/// Report models written by hand, not simulated, so that the golden files and the rendering
/// specifications never change when the engine does. The numbers are invented but consistent
/// in kind (VaR increasing with the level, ES above VaR, intervals around VaR), and cover what
/// the renderers must handle: parties of very different sizes, a capped loss with no tail, a
/// constant quantity, a subsidy-only payer, a pool that is exhausted and suspended, two caps,
/// a tolerance, and the scheme's terms.
enum HandBuiltReports {
    static let allLevels = [0.5, 0.9, 0.95, 0.99, 0.995, 0.999]
    /// VaR_q / mean for each level, and the ES / VaR ratio.
    static let multiplier: [Double: Double] = [0.5: 0.9, 0.9: 1.8, 0.95: 2.3, 0.99: 3.4, 0.995: 3.9, 0.999: 5.1]

    /// A distribution with mean `mean` over `paths` paths; above `cap` every value is the cap
    /// (no tail beyond it).
    static func stat(_ mean: Double, levels: [Double] = allLevels, paths: Int = 10_000, cap: Double? = nil,
                     thresholds: [Double] = [], exact: Bool = false) -> DistributionSummary {
        let top = cap ?? mean * 6.0
        return DistributionSummary(
            mean: Estimate(mean, stderr: exact ? 0 : mean * 0.0123), sd: mean * 0.71, minimum: 0, maximum: top,
            levels: levels.map { q in
                let raw = mean * (multiplier[q] ?? 1 + q)
                if let cap, raw >= cap {
                    return TailLevel(level: q, valueAtRisk: cap, interval: exact ? nil : ConfidenceInterval(lower: cap * 0.9995, upper: cap),
                                     expectedShortfall: Estimate(cap, stderr: 0), tailPaths: exact ? nil : 0)
                }
                return TailLevel(level: q, valueAtRisk: raw, interval: exact ? nil : ConfidenceInterval(lower: raw * 0.97, upper: raw * 1.04),
                                 expectedShortfall: Estimate(raw * 1.15, stderr: exact ? 0 : raw * 0.004 / (1 - q).squareRoot()),
                                 tailPaths: exact ? nil : Int((Double(paths) * (1 - q)).rounded(.down)))
            },
            exceedance: thresholds.map { x in
                ExceedancePoint(threshold: x, probability: ProbabilityEstimate(p: min(1, mean / x * 0.25), stderr: exact ? 0 : 0.0021))
            },
            isExact: exact)
    }

    /// A quantity with the same value on every path.
    static func constant(_ value: Double, levels: [Double] = allLevels) -> DistributionSummary {
        DistributionSummary(mean: Estimate(value, stderr: 0), sd: 0, minimum: value, maximum: value,
                            levels: levels.map {
                                TailLevel(level: $0, valueAtRisk: value, interval: ConfidenceInterval(lower: value, upper: value),
                                          expectedShortfall: Estimate(value, stderr: 0), tailPaths: 0)
                            },
                            exceedance: [])
    }

    static func probability(_ p: Double) -> ProbabilityEstimate {
        ProbabilityEstimate(p: p, stderr: (p * (1 - p) / 10_000).squareRoot())
    }

    /// A two-year scheme: a guarantee (guarantor 40%, capital-limited), a compensation pool
    /// capped at 30m, an interest subsidy paid by `government` (which bears no loss), and a
    /// tolerance of 4%.
    static func scheme(levels: [Double] = allLevels) -> Report {
        let gross = 1.277e9
        return Report(
            scenario: ScenarioFacts(name: "hand-built", file: "hand-built.yaml", sha256: String(repeating: "ab", count: 32),
                                    description: "A report model written by hand for the specifications.", currency: "CNY"),
            run: RunFacts(paths: 10_000, seed: 42, horizonYears: 2, blockPaths: 1000, method: "monte_carlo", threads: 4,
                          version: "0.1.0", gslVersion: "2.7.1", elapsedSeconds: 1.234,
                          overrides: ["risk_sharing.layers[0].shares.bank=0.2", "simulation.horizon_years=2"]),
            portfolio: PortfolioSummary(loans: 1500, exposure: 9.019e9, expectedLossFirstYearUnstressed: 1.81e8, segments: [
                SegmentFacts(name: "startup", loans: 500, exposure: 1.307e9, exposureWeightedPD: 0.08, firstLoans: 200),
                SegmentFacts(name: "mature", loans: 1000, exposure: 7.712e9, exposureWeightedPD: 0.02, firstLoans: 0),
            ]),
            grossLoss: stat(gross, levels: levels, thresholds: [1.5e9]),
            defaults: stat(150, levels: levels),
            years: [1, 2].map { t in
                YearSummary(year: t, grossLoss: stat(gross / 2 * (t == 1 ? 1.04 : 0.96), levels: levels), defaults: stat(75, levels: levels),
                            nplRatio: stat(t == 1 ? 0.037 : 0.035, levels: levels))
            },
            parties: [
                PartySummary(name: "bank", loss: stat(1.2e9, levels: levels), lossByYear: [stat(6.1e8, levels: levels), stat(5.9e8, levels: levels)]),
                PartySummary(name: "guarantor", loss: stat(5.9e7, levels: levels), lossByYear: [stat(3.0e7, levels: levels), stat(2.9e7, levels: levels)],
                             fees: constant(9.0e6, levels: levels)),
                PartySummary(name: "pool", loss: stat(1.8e7, levels: levels, cap: 3.0e7),
                             lossByYear: [stat(9.5e6, levels: levels, cap: 2.0e7), stat(8.5e6, levels: levels, cap: 2.0e7)]),
            ],
            pools: [PoolSummary(name: "pool", paid: stat(1.8e7, levels: levels, cap: 3.0e7), topups: constant(1.0e7, levels: levels),
                                unpaid: stat(2.4e6, levels: levels), balanceEndByYear: [stat(1.55e7, levels: levels), stat(1.2e7, levels: levels)],
                                exhausted: probability(0.031), exhaustedByYear: [probability(0), probability(0.031)],
                                suspendedByYear: [probability(0.012), probability(0)])],
            caps: [
                CapSummary(layer: "guarantee", layerType: "guarantee", parties: ["guarantor"], binds: probability(0.25),
                           bindsByYear: [probability(0.11), probability(0.19)]),
                CapSummary(layer: "pool", layerType: "compensation_pool", parties: ["pool"], binds: probability(0.031),
                           bindsByYear: [probability(0), probability(0.031)]),
            ],
            tolerance: ToleranceSummary(level: 0.04, breachByYear: [probability(0.21), probability(0.18)], breachAny: probability(0.3),
                                        exceeded: [ExceededRatio(probability: 0.05, worstYear: 0.071, byYear: [0.064, 0.061]),
                                                   ExceededRatio(probability: 0.01, worstYear: 0.102, byYear: [0.093, 0.088])]),
            fiscal: FiscalSummary(cost: stat(9.5e7, levels: levels), topups: constant(1.0e7, levels: levels), coveredVolume: 4.5e9,
                                  leverage: 4.5e9 / 9.5e7,
                                  subsidies: [SubsidyPayer(name: "government", subsidies: stat(1.2e7, levels: levels), bearsLoss: false)]),
            contributions: contributions(levels: levels), terms: terms)
    }

    /// The Euler allocation of the scheme's losses: for each subject its EL and ES (those of its
    /// STAT above), split 70/30 (gross, bank) or wholly to `startup` (guarantor, whose layer
    /// covers only that segment) by segment and stage, and a loan tape's five largest loans (each
    /// contributing less than its exposure times an LGD of 65%).
    static func contributions(levels: [Double]) -> ContributionsSummary {
        let subjects: [(name: String, mean: Double, startupShare: Double)] = [
            ("gross_loss", 1.277e9, 0.7), ("bank", 1.2e9, 0.68), ("guarantor", 5.9e7, 1), ("pool", 1.8e7, 0.55),
        ]
        return ContributionsSummary(
            levels: levels,
            subjects: subjects.map { subject in
                let loss = stat(subject.mean, levels: levels, cap: subject.name == "pool" ? 3.0e7 : nil)
                let es = loss.levels.map(\.expectedShortfall.value)
                func part(_ name: String, _ share: Double) -> ContributionPart {
                    ContributionPart(
                        name: name, expectedLoss: Estimate(loss.mean.value * share, stderr: loss.mean.stderr * share.squareRoot()),
                        expectedShortfall: es.map { Estimate($0 * share, stderr: $0 * 0.02 * share.squareRoot()) })
                }
                let split = [part("startup", subject.startupShare), part("mature", 1 - subject.startupShare)]
                let loans = (0..<5).map { k in
                    let share = 0.002 / Double(k + 1)
                    return TopLoan(
                        id: "T\(100 + 7 * k)", segment: k < 3 ? "startup" : "mature", exposure: 4.0e7 - 3.0e6 * Double(k),
                        expectedShortfall: Estimate((es.last ?? 0) * share, stderr: (es.last ?? 0) * share * 0.3), share: share)
                }
                return ContributionSubject(
                    name: subject.name, expectedLoss: loss.mean, expectedShortfall: es,
                    breakdowns: [
                        ContributionBreakdown(tag: "segment", parts: split), ContributionBreakdown(tag: "stage", parts: split),
                        ContributionBreakdown(tag: "product", parts: [part("credit", subject.startupShare), part("secured", 1 - subject.startupShare)]),
                        ContributionBreakdown(tag: "cluster", parts: [part("economy", 1)]),
                    ],
                    topLoans: subject.name == "guarantor" ? Array(loans.prefix(3)) : loans)
            },
            topLoansLevel: levels.max())
    }

    static let terms = SchemeTerms(
        layers: [
            MechanismTerms(key: "guarantee", type: "guarantee", terms: [
                SchemeTerm("segments", .segments(["startup"])), SchemeTerm("beneficiary", .party("bank")),
                SchemeTerm("shares", .fractions([NamedNumber("bank", 0.2), NamedNumber("guarantor", 0.4), NamedNumber("provincial", 0.4)])),
                SchemeTerm("per_loan_cap", .amount(3.0e7)), SchemeTerm("fee_rate", .fraction(0.0068)), SchemeTerm("fee_to", .party("guarantor")),
                SchemeTerm("capital", .amounts([NamedNumber("guarantor", 4.0e8)])), SchemeTerm("overflow", .parties(["provincial"])),
            ]),
            MechanismTerms(key: "pool", type: "compensation_pool", terms: [
                SchemeTerm("segments", .segments(nil)), SchemeTerm("beneficiary", .party("bank")), SchemeTerm("payer", .party("pool")),
                SchemeTerm("initial_balance", .amount(3.0e7)), SchemeTerm("ratio", .fraction(0.3)),
                SchemeTerm("uplift.first_loan", .fraction(0.05)), SchemeTerm("max_ratio", .fraction(0.5)),
                SchemeTerm("per_loan_cap", .unlimited), SchemeTerm("annual_cap", .amount(2.0e7)),
                SchemeTerm("npl_trigger.suspend_above", .fraction(0.08)), SchemeTerm("shortfall", .word("pro_rata")),
                SchemeTerm("topup.per_year", .amount(5.0e6)), SchemeTerm("topup.replenish_paid", .flag(false)),
                SchemeTerm("claim_lag_years", .integer(1)),
            ]),
        ],
        subsidies: [MechanismTerms(key: "0", type: "interest", terms: [
            SchemeTerm("payer", .party("government")), SchemeTerm("segments", .segments(["startup"])), SchemeTerm("rate", .fraction(0.5)),
            SchemeTerm("first_loan_rate", .fraction(0.7)), SchemeTerm("per_loan_cap", .unlimited),
        ])],
        tolerance: MechanismTerms(key: "tolerance", type: "tolerance", terms: [
            SchemeTerm("level", .fraction(0.04)), SchemeTerm("segments", .segments(nil)),
        ]),
        model: [
            SchemeTerm("horizon_years", .integer(2)), SchemeTerm("method", .word("monte_carlo")), SchemeTerm("copula", .word("t")),
            SchemeTerm("dof", .number(5)), SchemeTerm("factors", .names(["economy"])), SchemeTerm("persistence", .number(0.3)),
            SchemeTerm("stress.pd_multiplier", .numbers([1, 1.5])), SchemeTerm("renewal", .flag(true)),
            SchemeTerm("portfolio.seed", .identifier(20_251_122)),
        ],
        segments: [
            MechanismTerms(key: "startup", type: "segment", terms: [
                SchemeTerm("stage", .word("startup")), SchemeTerm("product", .word("credit")), SchemeTerm("count", .integer(500)),
                SchemeTerm("exposure.median", .amount(2.0e6)), SchemeTerm("exposure.sigma", .number(0.7)), SchemeTerm("pd", .fraction(0.08)),
                SchemeTerm("lgd.mean", .fraction(0.65)), SchemeTerm("lgd.sd", .number(0.2)), SchemeTerm("term_years", .integer(1)),
                SchemeTerm("first_loan_share", .fraction(0.4)), SchemeTerm("interest_rate", .fraction(0.038)),
                SchemeTerm("loadings", .namedNumbers([NamedNumber("economy", 0.3)])),
            ]),
            MechanismTerms(key: "mature", type: "segment", terms: [
                SchemeTerm("stage", .word("mature")), SchemeTerm("product", .word("secured")), SchemeTerm("count", .integer(1000)),
                SchemeTerm("exposure", .amount(7.712e6)), SchemeTerm("pd", .fraction(0.02)), SchemeTerm("lgd.mean", .fraction(0.4)),
                SchemeTerm("lgd.sd", .number(0)), SchemeTerm("term_years", .integer(3)), SchemeTerm("first_loan_share", .fraction(0)),
                SchemeTerm("interest_rate", .fraction(0.032)), SchemeTerm("loadings", .namedNumbers([NamedNumber("economy", 0.4)])),
            ]),
        ])

    /// The semi-analytic report of a one-year book: exact statistics, no defaults, NPL ratios,
    /// intervals or tail-path counts.
    static func semiAnalytic() -> Report {
        let loss = stat(3.2e8, exact: true)
        return Report(
            scenario: ScenarioFacts(name: "hand-built-exact", file: "exact.yaml", sha256: String(repeating: "cd", count: 32),
                                    description: "", currency: "CNY"),
            run: RunFacts(paths: 0, seed: 1, horizonYears: 1, blockPaths: nil, method: "semi_analytic", threads: 1, version: "0.1.0",
                          gslVersion: "2.7.1", elapsedSeconds: 0.5, overrides: []),
            portfolio: PortfolioSummary(loans: 1000, exposure: 5.0e9, expectedLossFirstYearUnstressed: 3.2e8,
                                        segments: [SegmentFacts(name: "book", loans: 1000, exposure: 5.0e9, exposureWeightedPD: 0.02, firstLoans: 0)]),
            grossLoss: loss, defaults: nil, years: [YearSummary(year: 1, grossLoss: loss, defaults: nil, nplRatio: nil)],
            parties: [PartySummary(name: "bank", loss: loss, lossByYear: [loss])],
            semiAnalytic: SemiAnalyticDetails(latticeStep: 1.0e5, latticePoints: 4000, discretisationBound: 1e-9, quadratureNodes: 145,
                                              quadratureRelativeChange: 3e-10, lgdDiscretised: false, totalProbability: 1),
            terms: SchemeTerms(layers: [], subsidies: [], tolerance: nil,
                               model: [SchemeTerm("horizon_years", .integer(1)), SchemeTerm("method", .word("semi_analytic")),
                                       SchemeTerm("copula", .word("gaussian")), SchemeTerm("factors", .names(["economy"])),
                                       SchemeTerm("persistence", .number(0)), SchemeTerm("stress.pd_multiplier", .numbers([1])),
                                       SchemeTerm("renewal", .flag(false))],
                               segments: []))
    }

    /// A run under importance sampling: no intervals, the body levels (50%, 90%) outside the
    /// sampled region.
    static func importanceSampling() -> Report {
        var report = scheme()
        func sampled(_ stat: DistributionSummary) -> DistributionSummary {
            var copy = stat
            copy.levels = stat.levels.map { level in
                var l = level
                l.interval = nil
                if level.level < 0.95 { l.coverage = .outsideSampledRegion(pathsAtOrBelow: level.level == 0.5 ? 16 : 412, relativeError: level.level == 0.5 ? 0.082 : 0.14) }
                return l
            }
            return copy
        }
        report.run.method = "importance_sampling"
        report.grossLoss = sampled(report.grossLoss)
        report.parties = report.parties.map { party in
            var p = party
            p.loss = sampled(party.loss)
            p.lossByYear = party.lossByYear.map(sampled)
            return p
        }
        report.importanceSampling = ImportanceSamplingDiagnostics(effectiveSampleSize: 2345.6, meanWeight: 0.9871)
        return report
    }
}
