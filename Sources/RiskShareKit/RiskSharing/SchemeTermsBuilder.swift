/// Restates each mechanism of a `risk_sharing` section as `SchemeTerm`s for the reports'
/// "Scheme terms" section. This is the one place that reads the mechanisms' parameters for
/// reporting; the keys are the scenario keys (Scenarios/README.md), so the report uses the
/// same words as the scenario file.
extension RiskSharingSpec {
    /// The terms of every layer, in waterfall order. `segments` are the scenario's segment names.
    public func layerTerms(segments: [String]) -> [MechanismTerms] {
        layers.indices.map { i in
            let key = layerKeys[i]
            switch layers[i] {
            case .guarantee(let g): return MechanismTerms(key: key, type: "guarantee", terms: g.terms(parties, segments))
            case .portfolioGuarantee(let g):
                return MechanismTerms(key: key, type: "portfolio_guarantee", terms: g.terms(parties, segments))
            case .tranche(let t): return MechanismTerms(key: key, type: "tranche", terms: t.terms(parties, segments))
            case .compensationPool(let p):
                return MechanismTerms(key: key, type: "compensation_pool", terms: p.terms(parties, segments))
            }
        }
    }

    /// The terms of every subsidy, keyed by its 0-based index.
    public func subsidyTerms(segments: [String]) -> [MechanismTerms] {
        subsidies.enumerated().map { i, s in
            MechanismTerms(
                key: String(i), type: "interest",
                terms: [
                    SchemeTerm("payer", .party(parties[s.payer])),
                    SchemeTerm("segments", RiskSharingSpec.covered(s.segments, segments)),
                    SchemeTerm("rate", .fraction(s.rate)),
                    SchemeTerm("first_loan_rate", .fraction(s.firstLoanRate)),
                    SchemeTerm("per_loan_cap", RiskSharingSpec.limit(s.perLoanCap)),
                ])
        }
    }

    /// The tolerance rule's terms, when the scheme has one.
    public func toleranceTerms(segments: [String]) -> MechanismTerms? {
        tolerance.map { rule in
            MechanismTerms(
                key: "tolerance", type: "tolerance",
                terms: [
                    SchemeTerm("level", .fraction(rule.level)),
                    SchemeTerm("segments", RiskSharingSpec.covered(rule.segments, segments)),
                ])
        }
    }

    /// For each layer with a limit that can bind (the `caps` of the report): its key, type and
    /// the parties whose limit it is.
    public var limitedLayers: [(key: String, type: String, parties: [String])] {
        layers.indices.compactMap { i in
            let key = layerKeys[i]
            switch layers[i] {
            case .guarantee(let g):
                var limited: [Int] = []
                for p in g.annualCapRate.map(\.party) + g.capital.map(\.party) where !limited.contains(p) { limited.append(p) }
                return limited.isEmpty ? nil : (key, "guarantee", limited.map { parties[$0] })
            case .portfolioGuarantee(let g):
                return g.hasCap ? (key, "portfolio_guarantee", [parties[g.payer]]) : nil
            case .tranche(let t):
                return (key, "tranche", [parties[t.payer]])
            case .compensationPool(let p):
                return p.hasCap ? (key, "compensation_pool", [parties[p.payer]]) : nil
            }
        }
    }

    /// Parties that can bear loss: `bank`, every party a layer names (shares, payers,
    /// beneficiaries, overflow) and those listed in `risk_sharing.parties`. The others only pay
    /// subsidies.
    public var lossBearingParties: [String] {
        var names: Set<String> = ["bank"]
        names.formUnion(listedParties)
        for layer in layers {
            switch layer {
            case .guarantee(let g):
                names.insert(parties[g.beneficiary])
                for (p, _) in g.shares { names.insert(parties[p]) }
                for p in g.overflow { names.insert(parties[p]) }
            case .portfolioGuarantee(let g): names.insert(parties[g.beneficiary]); names.insert(parties[g.payer])
            case .tranche(let t): names.insert(parties[t.beneficiary]); names.insert(parties[t.payer])
            case .compensationPool(let p): names.insert(parties[p.beneficiary]); names.insert(parties[p.payer])
            }
        }
        return parties.filter(names.contains)
    }

    static func covered(_ mask: [Bool], _ names: [String]) -> SchemeTerm.Value {
        mask.allSatisfy { $0 } ? .segments(nil) : .segments(mask.indices.filter { mask[$0] }.map { names[$0] })
    }

    static func limit(_ amount: Double) -> SchemeTerm.Value { amount.isFinite ? .amount(amount) : .unlimited }
}

extension GuaranteeChain {
    func terms(_ parties: [String], _ segmentNames: [String]) -> [SchemeTerm] {
        var terms = [
            SchemeTerm("segments", RiskSharingSpec.covered(segments, segmentNames)),
            SchemeTerm("beneficiary", .party(parties[beneficiary])),
            SchemeTerm("shares", .fractions(shares.map { NamedNumber(parties[$0.party], $0.share) })),
            SchemeTerm("per_loan_cap", RiskSharingSpec.limit(perLoanCap)),
            SchemeTerm("fee_rate", .fraction(feeRate)),
        ]
        if feeRate > 0, let feeParty { terms.append(SchemeTerm("fee_to", .party(parties[feeParty]))) }
        if !annualCapRate.isEmpty {
            terms.append(SchemeTerm("annual_cap_rate", .fractions(annualCapRate.map { NamedNumber(parties[$0.party], $0.rate) })))
        }
        if !capital.isEmpty { terms.append(SchemeTerm("capital", .amounts(capital.map { NamedNumber(parties[$0.party], $0.amount) }))) }
        if !overflow.isEmpty { terms.append(SchemeTerm("overflow", .parties(overflow.map { parties[$0] }))) }
        return terms
    }
}

extension PortfolioGuarantee {
    func terms(_ parties: [String], _ segmentNames: [String]) -> [SchemeTerm] {
        var terms = [
            SchemeTerm("segments", RiskSharingSpec.covered(segments, segmentNames)),
            SchemeTerm("beneficiary", .party(parties[beneficiary])),
            SchemeTerm("payer", .party(parties[payer])),
            SchemeTerm("rate", .fraction(rate)),
        ]
        if let capRate {
            terms.append(SchemeTerm("cap_rate", .fraction(capRate)))
        } else {
            terms.append(SchemeTerm("cap", RiskSharingSpec.limit(capAmount ?? .infinity)))
        }
        return terms
    }
}

extension Tranche {
    func terms(_ parties: [String], _ segmentNames: [String]) -> [SchemeTerm] {
        [
            SchemeTerm("segments", RiskSharingSpec.covered(segments, segmentNames)),
            SchemeTerm("beneficiary", .party(parties[beneficiary])),
            SchemeTerm("payer", .party(parties[payer])),
            SchemeTerm("attach", .fraction(attach)),
            SchemeTerm("detach", .fraction(detach)),
            SchemeTerm("share", .fraction(share)),
            SchemeTerm("basis", .word(cumulative ? "cumulative" : "annual")),
        ]
    }
}

extension CompensationPool {
    func terms(_ parties: [String], _ segmentNames: [String]) -> [SchemeTerm] {
        var terms = [
            SchemeTerm("segments", RiskSharingSpec.covered(segments, segmentNames)),
            SchemeTerm("beneficiary", .party(parties[beneficiary])),
            SchemeTerm("payer", .party(parties[payer])),
            SchemeTerm("initial_balance", .amount(initialBalance)),
            SchemeTerm("ratio", .fraction(ratio)),
        ]
        if upliftFirstLoan > 0 { terms.append(SchemeTerm("uplift.first_loan", .fraction(upliftFirstLoan))) }
        if !upliftProduct.isEmpty {
            terms.append(SchemeTerm("uplift.product", .fractions(upliftProduct.keys.sorted().map { NamedNumber($0, upliftProduct[$0]!) })))
        }
        terms += [
            SchemeTerm("max_ratio", .fraction(maxRatio)),
            SchemeTerm("per_loan_cap", RiskSharingSpec.limit(perLoanCap)),
            SchemeTerm("annual_cap", RiskSharingSpec.limit(annualCap)),
            SchemeTerm("party_cap_share", .fraction(partyCapShare)),
        ]
        if reduceAbove.isFinite {
            terms.append(SchemeTerm("npl_trigger.reduce_above", .fraction(reduceAbove)))
            terms.append(SchemeTerm("npl_trigger.factor", .fraction(reduceFactor)))
        }
        if suspendAbove.isFinite { terms.append(SchemeTerm("npl_trigger.suspend_above", .fraction(suspendAbove))) }
        terms += [
            SchemeTerm("shortfall", .word(shortfall.rawValue)),
            SchemeTerm("topup.per_year", .amount(topupPerYear)),
            SchemeTerm("topup.replenish_paid", .flag(replenishPaid)),
            SchemeTerm("claim_lag_years", .integer(claimLagYears)),
        ]
        return terms
    }
}
