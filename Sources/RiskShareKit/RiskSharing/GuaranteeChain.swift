import Foundation

/// Loan-level pari-passu guarantee and re-guarantee chain (`type: guarantee`), e.g. Anhui
/// "4321" or the national financing-guarantee fund's split (see
/// <doc:Domain#Guarantee-chains-and-counter-guarantees>).
///
/// Who bears what. On each default in the covered segments, the part of the loss the
/// beneficiary (default `bank`) still bears when the layer is reached, x, is split into a
/// guaranteed part c = x · min(1, per_loan_cap / EAD) and the rest, which the beneficiary keeps.
/// Each party p of `shares` other than the beneficiary takes shares[p] · c; the beneficiary
/// keeps its own share (shares sum to 1). Payment happens at default, in the order of the
/// year's defaults (first come, first served for the caps below). Loss is already net of
/// recovery (EAD × LGD), so recoveries, which flow back by the same shares, are not modelled
/// separately: each party's net is shares[p] · L.
///
/// Limits. A party with `annual_cap_rate` pays at most rate × its guaranteed balance at the
/// start of the year in that year (the fund's 代偿率 cap); a party with `capital` pays at most its
/// capital plus the guarantee fees it has received so far, cumulated over the horizon (a
/// guarantor's net assets grow with fee income; investment income and operating costs are
/// ignored). Whatever a limit leaves unpaid is offered to the `overflow` parties in order, each
/// taking what its own limits in this layer allow (overflow payments count against them); the
/// rest, and everything when `overflow` is empty, stays with the beneficiary. Listing the
/// beneficiary in `overflow` stops the chain there.
///
/// Fees. The borrower pays `fee_rate` per year on the guaranteed balance (the covered principal,
/// min(principal, per_loan_cap), of the covered loans on the book and not yet defaulted at the
/// start of the year) to `fee_to`, by default the first party of `shares` other than the
/// beneficiary. Fees are income, reported apart from losses; they are not a loss reallocation.
///
/// Units: amounts in the scenario currency, rates per year, shares in [0, 1].
public struct GuaranteeChain: RiskSharingMechanism {
    static let type = "guarantee"
    static let list = RiskSharingList.layers

    var segments: [Bool]
    var beneficiary: Int
    /// (party, share) in the order written; shares sum to 1.
    var shares: [(party: Int, share: Double)]
    /// Guaranteed principal per loan [S: 30m CNY per firm under the sci-tech plan]; ∞ = none.
    var perLoanCap: Double
    /// Annual guarantee fee on the guaranteed balance [S: target < 1%, Hefei 0.68%].
    var feeRate: Double
    var feeParty: Int?
    /// (party, rate): annual payouts ≤ rate × the party's guaranteed balance [S: 4%, 5% sci-tech].
    var annualCapRate: [(party: Int, rate: Double)]
    /// Parties that take over what a limit leaves unpaid, in order.
    var overflow: [Int]
    /// (party, amount): cumulative payout limit, net of fees received.
    var capital: [(party: Int, amount: Double)]

    // Prepared for a run (dense per party).
    private(set) var payers: [Int] = []
    private(set) var payerShares: [Double] = []
    private var shareOf: [Double] = []
    private var annualRate: [Double] = []
    private var capitalOf: [Double] = []
    private var balance: GroupBalance?
    /// Whether the loans of each group are covered.
    private var coversGroup: [Bool] = []
    /// Whether a limit exists that can bind (reported under `caps`).
    var hasCap: Bool { !annualCapRate.isEmpty || !capital.isEmpty }
    /// Moves between its own parties, pays fees to `feeParty`, reads no holdings at the end of the year.
    var isShareable: Bool { true }

    /// Per-path working state.
    struct State {
        /// Cumulative payouts per party on the path (kept only when a limit exists).
        var paid: [Double]
        /// Payouts per party in the current year (kept only when a limit exists).
        var yearPaid: [Double]
        /// Guaranteed balance at the start of the current year.
        var balanceStart = 0.0
        /// Fees received by `feeParty` so far on the path.
        var fees = 0.0
        /// Covered principal of defaulted loans, per group.
        var defaulted: [Double]
        /// Whether a limit left something unpaid on the path.
        var bound = false
    }

    static func parse(_ map: MapReader, context: RiskSharingContext, parties: PartyTable) throws -> GuaranteeChain {
        let segments = try RiskSharingParse.segmentMask(map.optional("segments"), context: context)
        let beneficiary = try RiskSharingParse.beneficiary(map, parties: parties)
        let sharesReader = try map.required(
            "shares", "each party's share of the guaranteed loss, e.g. {bank: 0.2, guarantor: 0.8}, summing to 1")
        let sharesMap = try sharesReader.map()
        var shares: [(party: Int, share: Double)] = []
        var total = 0.0
        for (key, value) in sharesMap.allEntries() {
            let share = try value.number(in: 0...1, allowed: "a share in [0, 1]")
            shares.append((try parties.define(key: key, reader: value), share))
            total += share
        }
        try sharesMap.finish()
        if shares.isEmpty { throw sharesReader.error("must give at least one party's share") }
        if abs(total - 1) > 1e-9 {
            throw sharesReader.error(
                "sum to \(String(format: "%.10g", total)); the shares of a guarantee must sum to 1 (within 1e-9)", showValue: false)
        }
        let perLoanCap = try RiskSharingParse.amount(map.optional("per_loan_cap"), what: "a guaranteed principal per loan >= 0")
        let feeRate = try map.optional("fee_rate")?.number(in: 0...1, allowed: "an annual fee rate in [0, 1]") ?? 0
        var feeParty: Int? = shares.first { $0.party != beneficiary && $0.party != 0 }?.party
        if let reader = map.optional("fee_to") { feeParty = try parties.reference(reader) }
        if feeRate > 0, feeParty == nil {
            throw map.reader.error("has a fee_rate but no party to receive it: add fee_to or a non-bank share", showValue: false)
        }
        var annual: [(party: Int, rate: Double)] = []
        if let reader = map.optional("annual_cap_rate") {
            let m = try reader.map()
            for (key, value) in m.allEntries() {
                let rate = try value.number(in: 0...1, allowed: "an annual payout rate in [0, 1] of the party's guaranteed balance")
                annual.append((parties.reference(key: key, reader: value), rate))
            }
            try m.finish()
        }
        var capital: [(party: Int, amount: Double)] = []
        if let reader = map.optional("capital") {
            let m = try reader.map()
            for (key, value) in m.allEntries() {
                capital.append((parties.reference(key: key, reader: value), try value.nonNegative("a capital amount >= 0")))
            }
            try m.finish()
        }
        var overflow: [Int] = []
        if let reader = map.optional("overflow") {
            for item in try reader.list(maxCount: 100) { overflow.append(try parties.reference(item)) }
        }
        return GuaranteeChain(
            segments: segments, beneficiary: beneficiary, shares: shares, perLoanCap: perLoanCap,
            feeRate: feeRate, feeParty: feeParty, annualCapRate: annual, overflow: overflow, capital: capital)
    }

    /// Resolves the per-party tables and the guaranteed-balance ledger for a run.
    mutating func prepare(_ setup: WaterfallSetup) {
        let book = setup.book
        shareOf = Array(repeating: 0, count: setup.partyCount)
        for (p, s) in shares { shareOf[p] += s }
        payers = []; payerShares = []
        for (p, s) in shares where p != beneficiary && s > 0 { payers.append(p); payerShares.append(s) }
        annualRate = Array(repeating: .infinity, count: setup.partyCount)
        for (p, r) in annualCapRate { annualRate[p] = r }
        capitalOf = Array(repeating: .infinity, count: setup.partyCount)
        for (p, c) in capital { capitalOf[p] = c }
        coversGroup = setup.groupMask(segments)
        if feeRate > 0 || !annualCapRate.isEmpty {
            let mask = segments, cap = perLoanCap
            balance = GroupBalance(book: book) { mask[book.segment[$0]] ? min(book.exposure[$0], cap) : 0 }
        }
    }

    func makeState(_ setup: WaterfallSetup) -> State {
        let limits = hasCap ? setup.partyCount : 0
        return State(
            paid: Array(repeating: 0, count: limits), yearPaid: Array(repeating: 0, count: limits),
            defaulted: Array(repeating: 0, count: balance == nil ? 0 : setup.groups.count))
    }

    func beginPath(_ state: inout State) {
        for p in state.paid.indices { state.paid[p] = 0; state.yearPaid[p] = 0 }
        for g in state.defaulted.indices { state.defaulted[g] = 0 }
        state.fees = 0
        state.bound = false
    }

    /// Opens a year: guaranteed balance, annual limits, fee.
    func beginYear(_ year: inout WaterfallYear, _ state: inout State) {
        for p in state.yearPaid.indices { state.yearPaid[p] = 0 }
        guard let balance else { return }
        state.balanceStart = balance.balance(year: year.year, groups: year.groupIndex, defaulted: state.defaulted)
        guard feeRate > 0, let feeParty else { return }
        let fee = feeRate * state.balanceStart
        state.fees += fee
        year.fees[feeParty] += fee
    }

    /// Splits this year's covered losses, in time order.
    func allocate(_ year: inout WaterfallYear, _ state: inout State) {
        let h = year.holdings, events = year.events, groups = year.groups
        if !hasCap {
            // No limit can bind: every payer takes its share of every covered loss.
            payerShares.withUnsafeBufferPointer { share in
                payers.withUnsafeBufferPointer { payer in
                    coversGroup.withUnsafeBufferPointer { covers in
                        for e in 0..<h.count where covers[groups[e]] {
                            let x = h.held(e, by: beneficiary)
                            if x <= 0 { continue }
                            let ead = events[e].exposure
                            let covered = ead > perLoanCap ? x * (perLoanCap / ead) : x
                            for k in 0..<payer.count { h.move(e, from: beneficiary, to: payer[k], share[k] * covered) }
                        }
                    }
                }
            }
            return
        }
        for e in 0..<h.count where coversGroup[groups[e]] {
            let x = h.held(e, by: beneficiary)
            if x <= 0 { continue }
            let ead = events[e].exposure
            let covered = ead > perLoanCap ? x * (perLoanCap / ead) : x
            for k in payers.indices {
                let p = payers[k]
                let want = payerShares[k] * covered
                let paid = min(want, room(p, state))
                pay(e, to: p, paid, holdings: h, state: &state)
                var unpaid = want - paid
                if unpaid <= want * 1e-12 { continue }
                state.bound = true
                for q in overflow {
                    if q == beneficiary { break }
                    if q == p { continue }
                    let taken = min(unpaid, room(q, state))
                    pay(e, to: q, taken, holdings: h, state: &state)
                    unpaid -= taken
                    if unpaid <= 0 { break }
                }
            }
        }
    }

    /// What party `p` may still pay in this layer under its limits.
    @inline(__always) private func room(_ p: Int, _ state: State) -> Double {
        var r = Double.infinity
        let c = capitalOf[p]
        if c.isFinite { r = c + (p == feeParty ? state.fees : 0) - state.paid[p] }
        let a = annualRate[p]
        if a.isFinite { r = min(r, a * shareOf[p] * state.balanceStart - state.yearPaid[p]) }
        return max(r, 0)
    }

    @inline(__always) private func pay(_ e: Int, to p: Int, _ x: Double, holdings: EventHoldings, state: inout State) {
        holdings.move(e, from: beneficiary, to: p, x)
        state.paid[p] += x
        state.yearPaid[p] += x
    }

    /// Closes a year: the covered principal of this year's defaults leaves the guaranteed balance.
    func endYear(_ year: inout WaterfallYear, _ state: inout State) {
        guard balance != nil else { return }
        let events = year.events, groups = year.groups
        state.defaulted.withUnsafeMutableBufferPointer { defaulted in
            for e in 0..<events.count where coversGroup[groups[e]] {
                defaulted[groups[e]] += min(events[e].exposure, perLoanCap)
            }
        }
    }

    var feeParties: [Int] { feeRate > 0 ? feeParty.map { [$0] } ?? [] : [] }
    func takeCapBound(_ state: inout State) -> Bool {
        defer { state.bound = false }
        return state.bound
    }

    /// Parties with an annual cap or capital in this layer, in the order written.
    var limitedParties: [Int] {
        var limited: [Int] = []
        for p in annualCapRate.map(\.party) + capital.map(\.party) where !limited.contains(p) { limited.append(p) }
        return limited
    }

    var lossBearingParties: [Int] { [beneficiary] + shares.map(\.party) + overflow }

    func terms(parties: [String], segments names: [String]) -> [SchemeTerm] {
        var terms = [
            SchemeTerm("segments", RiskSharingSpec.covered(segments, names)),
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

extension GuaranteeChain {
    /// Every stored value alike, the (party, value) lists element by element.
    public static func == (a: GuaranteeChain, b: GuaranteeChain) -> Bool {
        a.segments == b.segments && a.beneficiary == b.beneficiary && a.shares.elementsEqual(b.shares, by: ==)
            && a.perLoanCap == b.perLoanCap && a.feeRate == b.feeRate && a.feeParty == b.feeParty
            && a.annualCapRate.elementsEqual(b.annualCapRate, by: ==) && a.overflow == b.overflow
            && a.capital.elementsEqual(b.capital, by: ==) && a.payers == b.payers && a.payerShares == b.payerShares
            && a.shareOf == b.shareOf && a.annualRate == b.annualRate && a.capitalOf == b.capitalOf && a.balance == b.balance
            && a.coversGroup == b.coversGroup
    }
}
