import RiskShareKit
import RiskShareSupport

/// The default model's assumptions as `SchemeTerm`s, for the "Scheme terms and assumptions"
/// section: keys are the scenario keys of `simulation`, `economy` and `portfolio`.
enum ModelTerms {
    static func model(_ scenario: Scenario) -> [SchemeTerm] {
        let economy = scenario.economy
        var terms = [
            SchemeTerm("horizon_years", .integer(scenario.simulation.horizonYears)),
            SchemeTerm("method", .word(scenario.simulation.method.name)),
        ]
        if case .importanceSampling(let settings) = scenario.simulation.method {
            if let loss = settings.targetLoss { terms.append(SchemeTerm("importance_sampling.target_loss", .amount(loss))) }
            if let p = settings.targetProbability { terms.append(SchemeTerm("importance_sampling.target_probability", .fraction(p))) }
            if let shift = settings.shift { terms.append(SchemeTerm("importance_sampling.shift", .numbers(shift))) }
            terms.append(SchemeTerm("importance_sampling.twist", .flag(settings.twist)))
        }
        switch economy.copula {
        case .gaussian: terms.append(SchemeTerm("copula", .word("gaussian")))
        case .studentT(let dof): terms += [SchemeTerm("copula", .word("t")), SchemeTerm("dof", .number(dof))]
        }
        terms.append(SchemeTerm("factors", .names(economy.factors)))
        terms.append(SchemeTerm("persistence", .number(economy.persistence)))
        terms.append(SchemeTerm("stress.pd_multiplier", .numbers(economy.pdMultiplier)))
        terms.append(SchemeTerm("renewal", .flag(scenario.portfolio.renewal)))
        terms.append(SchemeTerm("portfolio.seed", .identifier(Int(scenario.portfolio.seed))))
        return terms
    }

    static func segments(_ scenario: Scenario) -> [MechanismTerms] {
        let factors = scenario.economy.factors
        return scenario.portfolio.segments.map { segment in
            var terms = [SchemeTerm("stage", .word(segment.stage)), SchemeTerm("product", .word(segment.product))]
            if let tape = segment.tape {
                terms.append(SchemeTerm("loans_file", .word(tape.file)))
                terms.append(SchemeTerm("count", .integer(tape.count)))
            } else {
                terms.append(SchemeTerm("count", .integer(segment.count)))
                switch segment.exposure {
                case .fixed(let amount): terms.append(SchemeTerm("exposure", .amount(amount)))
                case let .lognormal(median, sigma):
                    terms.append(SchemeTerm("exposure.median", .amount(median)))
                    terms.append(SchemeTerm("exposure.sigma", .number(sigma)))
                }
                terms.append(SchemeTerm("pd", .fraction(segment.pd)))
            }
            if segment.tape?.lgdMean == nil {
                terms.append(SchemeTerm("lgd.mean", .fraction(segment.lgdMean)))
                terms.append(SchemeTerm("lgd.sd", .number(segment.lgdSD)))
            }
            terms += [
                SchemeTerm("term_years", .integer(segment.termYears)),
                SchemeTerm("first_loan_share", .fraction(segment.firstLoanShare)),
                SchemeTerm("interest_rate", .fraction(segment.interestRate)),
                SchemeTerm("loadings", .namedNumbers(zip(factors, segment.loadings).map { NamedNumber($0, $1) })),
            ]
            return MechanismTerms(key: segment.name, type: "segment", terms: terms)
        }
    }
}
