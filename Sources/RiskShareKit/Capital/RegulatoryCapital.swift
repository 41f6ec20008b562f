/// The bank's regulatory capital for the initial book, before and after risk sharing, and the
/// capital relief (Scenarios/README.md, "Regulatory capital").
///
/// Before: RWA = Σ_i EAD_i · RW_i, with RW_i the borrower's risk weight (IRB formula or the
/// segment's standardised weight). After: the layers whose beneficiary is the bank and whose
/// type `capital.recognise` counts by substitution act in the order written on the part of
/// each loan the bank still holds; the part a layer protects takes the provider's risk weight
/// (or the borrower's, if lower: protection never raises capital):
/// - guarantee: party p protects held_i · min(1, per_loan_cap / EAD_i) · share_p;
/// - portfolio guarantee: the payer protects rate · held_i, all loans scaled by
///   min(1, cap / Σ rate · held) (cap = `cap` or `cap_rate` × covered volume);
/// - tranche: the payer protects share · (detach - attach) × covered volume, spread over the
///   covered loans in proportion to held_i (at most all of it);
/// - compensation pool: the payer protects min(max_ratio, ratio + uplifts) · held_i (at most
///   `per_loan_cap`), all loans scaled by min(1, initial_balance / Σ claims).
/// Capital = capital_ratio × RWA; relief = capital before - capital after.
public struct RegulatoryCapital: Sendable, Equatable {
    /// One segment's exposure and risk-weighted assets.
    public struct Segment: Sendable, Equatable {
        public var name: String
        /// Principal of the segment's loans in the initial book.
        public var exposure: Double
        public var rwaBefore: Double
        public var rwaAfter: Double
    }

    /// What one protection provider covers.
    public struct Provider: Sendable, Equatable {
        public var party: String
        /// Exposure protected by the party (substituted).
        public var protectedExposure: Double
        /// The party's risk weight (`capital.guarantor_risk_weights`).
        public var riskWeight: Double
        /// RWA of the protected exposure after substitution.
        public var rwa: Double
    }

    public var approach: CapitalSpec.Approach
    /// Minimum total capital per unit of RWA.
    public var capitalRatio: Double
    /// Principal of the initial book.
    public var exposure: Double
    public var rwaBefore: Double
    public var rwaAfter: Double
    public var segments: [Segment]
    public var providers: [Provider]
    /// Relief divided by the expected public cost, or nil when no positive cost was given.
    public var reliefPerPublicCost: Double?

    public var capitalBefore: Double { capitalRatio * rwaBefore }
    public var capitalAfter: Double { capitalRatio * rwaAfter }
    /// Capital freed by risk sharing: capital before - capital after.
    public var relief: Double { capitalBefore - capitalAfter }

    /// Computes the capital of `book` under `spec`.
    /// - Parameters:
    ///   - book: the initial loan book.
    ///   - segments: the scenario's segments (maturity and turnover), in book segment order.
    ///   - riskSharing: the layers.
    ///   - spec: the approach, capital ratio and risk weights.
    ///   - expectedPublicCost: the expected public cost of the scheme (scenario currency, e.g. the
    ///     mean of `fiscal.cost`), or nil: relief per unit of it is then not computed.
    /// - Returns: RWA and capital before and after risk sharing, in the scenario's currency.
    public static func compute(
        book: LoanBook, segments: [SegmentSpec], riskSharing: RiskSharingSpec, spec: CapitalSpec,
        expectedPublicCost: Double?
    ) -> RegulatoryCapital {
        let n = book.count
        var borrowerWeight = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let segment = book.segment[i]
            switch spec.approach {
            case .standardised:
                borrowerWeight[i] = spec.segmentRiskWeights[segment]
            case .irb:
                let sales = segments[segment].turnover.map { $0 * (spec.eurPerUnit ?? 0) / 1e6 }
                borrowerWeight[i] = spec.irb.riskWeight(
                    pd: book.pd[i], lgd: book.lgd[i].mean,
                    maturityYears: segments[segment].capitalMaturityYears, salesEURMillions: sales)
            }
        }

        var held = book.exposure
        var protectedBy = [Double](repeating: 0, count: riskSharing.parties.count)
        var protectedRWA = [Double](repeating: 0, count: riskSharing.parties.count)
        var segmentRWAAfter = [Double](repeating: 0, count: book.segmentNames.count)
        func protect(_ i: Int, _ amount: Double, by party: Int) {
            guard amount > 0 else { return }
            let weight = min(spec.guarantorRiskWeights[party] ?? borrowerWeight[i], borrowerWeight[i])
            held[i] -= amount
            protectedBy[party] += amount
            protectedRWA[party] += amount * weight
            segmentRWAAfter[book.segment[i]] += amount * weight
        }
        func covered(_ mask: [Bool]) -> [Int] { (0..<n).filter { mask[book.segment[$0]] && book.exposure[$0] > 0 } }

        // Substitution depends on each mechanism's own terms, so it reads them by type.
        for layer in riskSharing.layers {
            if let g = layer as? GuaranteeChain {
                guard spec.guarantee == .substitution, g.beneficiary == 0 else { continue }
                for i in covered(g.segments) {
                    let coverage = g.perLoanCap.isFinite ? min(1, g.perLoanCap / book.exposure[i]) : 1
                    let base = held[i] * coverage
                    for (party, share) in g.shares where party != g.beneficiary { protect(i, base * share, by: party) }
                }
            } else if let g = layer as? PortfolioGuarantee {
                guard spec.portfolioGuarantee == .substitution, g.beneficiary == 0 else { continue }
                let loans = covered(g.segments)
                let volume = loans.reduce(0) { $0 + book.exposure[$1] }
                let cap = g.capAmount ?? g.capRate.map { $0 * volume } ?? .infinity
                let total = loans.reduce(0) { $0 + g.rate * held[$1] }
                let scale = total > 0 ? min(1, cap / total) : 0
                for i in loans { protect(i, g.rate * held[i] * scale, by: g.payer) }
            } else if let t = layer as? Tranche {
                guard spec.tranche == .substitution, t.beneficiary == 0 else { continue }
                let loans = covered(t.segments)
                let volume = loans.reduce(0) { $0 + book.exposure[$1] }
                let heldTotal = loans.reduce(0) { $0 + held[$1] }
                let scale = heldTotal > 0 ? min(1, t.share * (t.detach - t.attach) * volume / heldTotal) : 0
                for i in loans { protect(i, held[i] * scale, by: t.payer) }
            } else if let pool = layer as? CompensationPool {
                guard spec.compensationPool == .substitution, pool.beneficiary == 0 else { continue }
                let loans = covered(pool.segments)
                let claims = loans.map { i -> Double in
                    let uplift = (book.firstLoan[i] ? pool.upliftFirstLoan : 0) + (pool.upliftProduct[book.product[i]] ?? 0)
                    return min(min(pool.maxRatio, pool.ratio + uplift) * held[i], pool.perLoanCap)
                }
                let total = claims.reduce(0, +)
                let scale = total > 0 ? min(1, pool.initialBalance / total) : 0
                for (k, i) in loans.enumerated() { protect(i, claims[k] * scale, by: pool.payer) }
            }
        }

        var segmentExposure = [Double](repeating: 0, count: book.segmentNames.count)
        var segmentRWABefore = [Double](repeating: 0, count: book.segmentNames.count)
        for i in 0..<n {
            let s = book.segment[i]
            segmentExposure[s] += book.exposure[i]
            segmentRWABefore[s] += book.exposure[i] * borrowerWeight[i]
            segmentRWAAfter[s] += max(held[i], 0) * borrowerWeight[i]
        }
        let rwaBefore = segmentRWABefore.reduce(0, +), rwaAfter = segmentRWAAfter.reduce(0, +)
        let relief = spec.capitalRatio * (rwaBefore - rwaAfter)
        return RegulatoryCapital(
            approach: spec.approach, capitalRatio: spec.capitalRatio, exposure: segmentExposure.reduce(0, +),
            rwaBefore: rwaBefore, rwaAfter: rwaAfter,
            segments: book.segmentNames.indices.map {
                Segment(
                    name: book.segmentNames[$0], exposure: segmentExposure[$0], rwaBefore: segmentRWABefore[$0],
                    rwaAfter: segmentRWAAfter[$0])
            },
            providers: protectedBy.indices.filter { protectedBy[$0] > 0 }.map {
                Provider(
                    party: riskSharing.parties[$0], protectedExposure: protectedBy[$0],
                    riskWeight: spec.guarantorRiskWeights[$0] ?? .nan, rwa: protectedRWA[$0])
            },
            reliefPerPublicCost: expectedPublicCost.flatMap { $0 > 0 ? relief / $0 : nil })
    }

    /// Parties (indices into `riskSharing.parties`) that give the bank protection counted by
    /// substitution under `spec`: each needs a guarantor risk weight.
    static func protectionProviders(_ spec: CapitalSpec, riskSharing: RiskSharingSpec) -> [Int] {
        var providers: [Int] = []
        func add(_ party: Int) { if party != 0, !providers.contains(party) { providers.append(party) } }
        for layer in riskSharing.layers {
            if let g = layer as? GuaranteeChain, spec.guarantee == .substitution, g.beneficiary == 0 {
                for (party, share) in g.shares where party != g.beneficiary && share > 0 { add(party) }
            } else if let g = layer as? PortfolioGuarantee, spec.portfolioGuarantee == .substitution, g.beneficiary == 0 {
                add(g.payer)
            } else if let t = layer as? Tranche, spec.tranche == .substitution, t.beneficiary == 0 {
                add(t.payer)
            } else if let p = layer as? CompensationPool, spec.compensationPool == .substitution, p.beneficiary == 0 {
                add(p.payer)
            }
        }
        return providers
    }
}
