/// Risk compensation pool, 风险补偿资金池 (`type: compensation_pool`; see
/// <doc:Domain#Risk-compensation-pools>): a public fund that reimburses the beneficiary (default
/// `bank`) part of the loss on covered loans that become NPL.
///
/// Who bears what, and when:
/// - Claim. For each default in the covered segments, the claim is r × x, where x is the loss
///   the beneficiary *still bears when the layer is reached* (after earlier layers: a loan that
///   is also guaranteed is eligible on the bank's retained part only; put the pool first to
///   make it pay on the whole loss) and r = min(ratio + uplifts, max_ratio), the uplifts being
///   additive points for first loans (首贷) and per product. The claim is then capped at
///   `per_loan_cap`, and by `party_cap_share`: all compensation the beneficiary received on the
///   loan (earlier layers plus this claim) stays ≤ share × the loss it bore before any layer
///   relieved it (for the bank, the whole loss; Anhui's 80% rule).
/// - NPL trigger. The covered segments' gross NPL ratio of the year (principal defaulting in the
///   year / principal outstanding at its start, the figure an annual verification sees) above
///   `reduce_above` multiplies r by `factor`; above `suspend_above` the year's defaults get no
///   compensation (enrolment suspension; the book itself is fixed, so only claims stop).
/// - Payment. Claims due in a year are paid from min(balance, annual_cap − already paid that
///   year). When they exceed it, `pro_rata` scales every claim by the same factor and `fifo`
///   pays them in order of default time until the money runs out. Unpaid parts are not carried
///   forward: they stay with the beneficiary. The pool is "exhausted" in a year when a due claim
///   went unpaid for lack of balance (the annual cap binding instead counts under `caps`). A
///   balance equal to what the annual cap still allows, within a relative 1e-12 (rounding in the
///   balance), counts as lack of balance on every path.
/// - Lag. With `claim_lag_years` L ≥ 1 the claims of year t are paid in year t + L, from that
///   year's balance, and the payment is booked as the pool's loss *of year t* (party losses by
///   year are by year of default; the cash timing shows in the balance). A lagged payment never
///   exceeds what the beneficiary still bears of year t. Claims still pending at the end of the
///   horizon are not paid: they stay with the beneficiary and are reported as `unpaid`.
/// - Balance. P(t+1) = P(t) − paid(t) + topup(t), with topup(t) = per_year + paid(t) when
///   `replenish_paid` (Zhuhai), credited at the end of year t. Recoveries are not refunded:
///   losses are already net of recovery (EAD × LGD).
///
/// Units: amounts in the scenario currency; ratios, shares and NPL thresholds in [0, 1].
public struct CompensationPool: RiskSharingMechanism {
    static let type = "compensation_pool"
    static let list = RiskSharingList.layers

    enum Shortfall: String, Sendable { case proRata = "pro_rata", fifo }

    var segments: [Bool]
    var beneficiary: Int
    package var payer: Int
    /// Balance at the start of year 1 [S: Shenzhen 5bn CNY].
    var initialBalance: Double
    /// Base compensation ratio [S: Shenzhen and Anhui 30%].
    var ratio: Double
    /// Additive points for first loans [S: Anhui +5].
    var upliftFirstLoan: Double
    /// Additive points per product name [S: Anhui +5 for credit and IP loans].
    var upliftProduct: [String: Double]
    /// Ceiling of the ratio after uplifts [S: Shenzhen up to 50%]; 1 = none.
    var maxRatio: Double
    /// Maximum compensation per loan [S: Zhuhai 3m CNY]; ∞ = none.
    var perLoanCap: Double
    /// Maximum paid per year [S: Guangzhou 0.2bn CNY]; ∞ = none.
    var annualCap: Double
    /// All policy compensation to the beneficiary ≤ this share of its loss [S: Anhui 80%]; 1 = none.
    var partyCapShare: Double
    /// NPL ratio above which the ratio is multiplied by `reduceFactor` [I: ~3-5%]; ∞ = none.
    var reduceAbove: Double
    var reduceFactor: Double
    /// NPL ratio above which the year's defaults are not compensated [I]; ∞ = none.
    var suspendAbove: Double
    var shortfall: Shortfall
    var topupPerYear: Double
    var replenishPaid: Bool
    var claimLagYears: Int

    private var horizon = 1
    /// Whether the loans of each group are covered.
    private var coversGroup: [Bool] = []
    /// Compensation ratio (before the NPL trigger) per loan group when uniform over the group,
    /// NaN when it differs between the group's loans; then `loanRatio` has it per loan.
    private var groupRatio: [Double] = []
    private var loanRatio: [Double] = []

    var payingParty: Int? { payer }
    var hasCap: Bool { annualCap.isFinite }
    /// Without a claim lag it moves from the beneficiary to the payer only; a lagged payment is
    /// booked straight into the losses of an earlier year, outside the holdings.
    var isShareable: Bool { claimLagYears == 0 }
    var readsOutflow: Bool { partyCapShare < 1 }

    struct State {
        var balance = 0.0
        var paid = 0.0
        var topups = 0.0
        /// Claims refused for lack of money or by the annual cap, plus claims pending at the horizon.
        var unpaid = 0.0
        var yearPaid = 0.0
        var balanceEnd: [Double]
        var exhausted: [Bool]
        var suspended: [Bool]
        /// Whether the annual cap left a due claim unpaid on the path.
        var bound = false
        /// Lagged claims: amount and year index filed, in filing order; `pendingHead` is the
        /// first not yet settled.
        var pendingAmount: [Double] = []
        var pendingFiled: [Int] = []
        /// The allocation cell of each pending claim's event (-1 when losses are not recorded by cell).
        var pendingCell: [Int] = []
        var pendingHead = 0
    }

    static func parse(_ map: MapReader, context: RiskSharingContext, parties: PartyTable) throws -> CompensationPool {
        let segments = try RiskSharingParse.segmentMask(map.optional("segments"), context: context)
        let beneficiary = try RiskSharingParse.beneficiary(map, parties: parties)
        let payer = try parties.define(map.required("payer", "the pool's name, e.g. pool"))
        let initial = try map.required("initial_balance", "the pool's balance at the start (currency)")
            .number(in: 0...1e18, allowed: "an amount in [0, 1e18]")
        let ratio = try map.required("ratio", "the compensation ratio on the retained loss, e.g. 0.3").probability()
        var upFirst = 0.0
        var upProduct: [String: Double] = [:]
        if let reader = map.optional("uplift") {
            let m = try reader.map()
            upFirst = try m.optional("first_loan")?.probability() ?? 0
            if let productReader = m.optional("product") {
                let pm = try productReader.map()
                for (key, value) in pm.allEntries() { upProduct[key] = try value.probability() }
                try pm.finish()
            }
            try m.finish()
        }
        let maxRatio = try map.optional("max_ratio")?.probability() ?? 1
        let perLoanCap = try RiskSharingParse.amount(map.optional("per_loan_cap"), what: "a compensation per loan >= 0")
        let annualCap = try RiskSharingParse.amount(map.optional("annual_cap"), what: "a payout per year >= 0")
        let partyCapShare = try map.optional("party_cap_share")?.probability() ?? 1
        var reduceAbove = Double.infinity, factor = 0.5, suspendAbove = Double.infinity
        if let reader = map.optional("npl_trigger") {
            let m = try reader.map()
            let reduce = m.optional("reduce_above")
            reduceAbove = try reduce?.probability() ?? .infinity
            factor = try m.optional("factor")?.probability() ?? 0.5
            suspendAbove = try m.optional("suspend_above")?.probability() ?? .infinity
            try m.finish()
            if reduceAbove.isInfinite && suspendAbove.isInfinite {
                throw reader.error("needs reduce_above (with factor) or suspend_above", showValue: false)
            }
        }
        let shortfall = Shortfall(rawValue: try map.optional("shortfall")?.choice(["pro_rata", "fifo"]) ?? "pro_rata")!
        var perYear = 0.0, replenish = false
        if let reader = map.optional("topup") {
            let m = try reader.map()
            // Bounded so that the balance, up to 50 years of top-ups, stays a finite number.
            perYear = try m.optional("per_year")?.number(in: 0...1e18, allowed: "an amount in [0, 1e18] added each year") ?? 0
            replenish = try m.optional("replenish_paid")?.bool() ?? false
            try m.finish()
        }
        let lag = try map.optional("claim_lag_years")?.integer(in: 0...50, allowed: "a whole number of years in [0, 50]") ?? 0
        return CompensationPool(
            segments: segments, beneficiary: beneficiary, payer: payer, initialBalance: initial,
            ratio: ratio, upliftFirstLoan: upFirst, upliftProduct: upProduct, maxRatio: maxRatio,
            perLoanCap: perLoanCap, annualCap: annualCap, partyCapShare: partyCapShare,
            reduceAbove: reduceAbove, reduceFactor: factor, suspendAbove: suspendAbove,
            shortfall: shortfall, topupPerYear: perYear, replenishPaid: replenish, claimLagYears: lag)
    }

    /// The compensation ratio of `loan` before the NPL trigger.
    private func ratio(ofLoan loan: Int, _ book: LoanBook) -> Double {
        var r = ratio
        if book.firstLoan[loan] { r += upliftFirstLoan }
        if let up = upliftProduct[book.product[loan]] { r += up }
        return min(r, maxRatio)
    }

    mutating func prepare(_ setup: WaterfallSetup) {
        let book = setup.book
        horizon = setup.horizon
        coversGroup = setup.groupMask(segments)
        loanRatio = []
        guard upliftFirstLoan > 0 || !upliftProduct.isEmpty else {
            groupRatio = Array(repeating: min(ratio, maxRatio), count: book.groups.count)
            return
        }
        // Uplifts depend on loan attributes: resolve them once per group (or per loan where a
        // group mixes them), so the yearly work reads a number, never a product name.
        groupRatio = book.groups.map { group in
            guard let first = group.range.first else { return 0 }
            let uniform = group.range.allSatisfy { book.firstLoan[$0] == book.firstLoan[first] && book.product[$0] == book.product[first] }
            return uniform ? ratio(ofLoan: first, book) : .nan
        }
        if groupRatio.contains(where: \.isNaN) {
            loanRatio = (0..<book.count).map { ratio(ofLoan: $0, book) }
        }
    }

    func makeState(_ setup: WaterfallSetup) -> State {
        State(
            balanceEnd: Array(repeating: 0, count: horizon), exhausted: Array(repeating: false, count: horizon),
            suspended: Array(repeating: false, count: horizon))
    }

    func beginPath(_ state: inout State) {
        state.balance = initialBalance
        state.paid = 0; state.topups = 0; state.unpaid = 0; state.bound = false
        for y in 0..<horizon { state.balanceEnd[y] = 0; state.exhausted[y] = false; state.suspended[y] = false }
        state.pendingAmount.removeAll(keepingCapacity: true)
        state.pendingFiled.removeAll(keepingCapacity: true)
        state.pendingCell.removeAll(keepingCapacity: true)
        state.pendingHead = 0
    }

    /// How much of `total` due claims can be paid now; flags exhaustion or the annual cap.
    private func payable(_ total: Double, yearIndex y: Int, state: inout State) -> Double {
        let capRoom = max(annualCap - state.yearPaid, 0)
        let available = min(max(state.balance, 0), capRoom)
        if total <= available { return total }
        if total - available > 1e-12 * total {
            // Lack of money unless the cap left less room than the balance; a balance equal to
            // the room up to rounding (1e-12 relative) is lack of money, whatever its last bits.
            if state.balance <= capRoom * (1 + 1e-12) { state.exhausted[y] = true } else { state.bound = true }
        }
        return available
    }

    /// Pays what is due this year, files this year's claims and closes the year's balance.
    /// Lagged payments are booked as losses of the year the claim was filed.
    func allocate(_ year: inout WaterfallYear, _ state: inout State) {
        let y = year.yearIndex
        let h = year.holdings
        state.yearPaid = 0

        // 1. Lagged claims falling due this year, in filing order.
        if claimLagYears > 0 {
            var end = state.pendingHead
            var total = 0.0
            while end < state.pendingAmount.count && state.pendingFiled[end] + claimLagYears <= y {
                total += state.pendingAmount[end]; end += 1
            }
            if total > 0 {
                let budget = payable(total, yearIndex: y, state: &state)
                let factor = budget / total
                var remaining = budget
                let loss = year.loss
                for k in state.pendingHead..<end {
                    let claim = state.pendingAmount[k]
                    var pay = shortfall == .fifo ? min(claim, remaining) : claim * factor
                    remaining -= pay
                    let filed = state.pendingFiled[k]
                    pay = min(pay, max(loss[beneficiary * horizon + filed], 0))
                    loss[beneficiary * horizon + filed] -= pay
                    loss[payer * horizon + filed] += pay
                    year.moveCellLoss(pay, cell: state.pendingCell[k], from: beneficiary, to: payer)
                    state.balance -= pay; state.yearPaid += pay; state.paid += pay
                    state.unpaid += claim - pay
                }
            }
            state.pendingHead = end
        }

        // 2. This year's claims.
        let npl = year.nplRatio(segments: segments)
        if npl > suspendAbove {
            state.suspended[y] = true
        } else {
            let trigger = npl > reduceAbove ? reduceFactor : 1
            let claims = year.scratch, groups = year.groups, events = year.events
            var total = 0.0
            coversGroup.withUnsafeBufferPointer { covers in
                groupRatio.withUnsafeBufferPointer { groupRatio in
                    for e in 0..<h.count {
                        claims[e] = 0
                        let g = groups[e]
                        guard covers[g] else { continue }
                        let x = h.held(e, by: beneficiary)
                        if x <= 0 { continue }
                        let cached = groupRatio[g]
                        let r = cached.isNaN ? loanRatio[events[e].loan] : cached
                        var claim = min(r * trigger * x, perLoanCap)
                        if partyCapShare < 1 {
                            let out = h.movedAway(e, from: beneficiary)
                            claim = min(claim, max(partyCapShare * (x + out) - out, 0))
                        }
                        if claimLagYears > 0 {
                            if claim > 0 {
                                state.pendingAmount.append(claim); state.pendingFiled.append(y)
                                state.pendingCell.append(year.cell(ofEvent: e))
                            }
                        } else {
                            claims[e] = claim
                            total += claim
                        }
                    }
                }
            }
            if total > 0 {
                let budget = payable(total, yearIndex: y, state: &state)
                let factor = budget / total
                var remaining = budget
                var balance = state.balance, yearPaid = state.yearPaid, paid = state.paid, unpaid = state.unpaid
                for e in 0..<h.count where claims[e] > 0 {
                    let claim = claims[e]
                    let pay = shortfall == .fifo ? min(claim, remaining) : claim * factor
                    remaining -= pay
                    h.move(e, from: beneficiary, to: payer, pay)
                    balance -= pay; yearPaid += pay; paid += pay
                    unpaid += claim - pay
                }
                state.balance = balance; state.yearPaid = yearPaid; state.paid = paid; state.unpaid = unpaid
            }
        }

        // 3. Top-up at the end of the year.
        let topup = topupPerYear + (replenishPaid ? state.yearPaid : 0)
        state.balance += topup
        state.topups += topup
        state.balanceEnd[y] = state.balance
    }

    /// Claims still pending at the end of the horizon (they stay with the beneficiary).
    func pendingAtHorizon(_ state: State) -> Double {
        var sum = 0.0
        for k in state.pendingHead..<state.pendingAmount.count { sum += state.pendingAmount[k] }
        return sum
    }

    /// Another pool's columns are named by its payer too, so each pool needs its own.
    func validate(
        reader: NodeReader, earlier: [(mechanism: any RiskSharingMechanism, reader: NodeReader)],
        parties: PartyTable
    ) throws {
        for (other, otherReader) in earlier {
            if let pool = other as? CompensationPool, pool.payer == payer {
                throw reader.error(
                    "uses the payer \"\(parties.names[payer])\" of the pool at \(otherReader.path); each pool needs its own payer name",
                    showValue: false)
            }
        }
    }

    func columnNames(parties: [String], horizon: Int) -> [String] {
        let base = "pool.\(parties[payer])"
        let years = 1...horizon
        return ["\(base).paid", "\(base).topups", "\(base).unpaid"] + years.map { "\(base).balance.y\($0)" }
            + years.map { "\(base).exhausted.y\($0)" } + years.map { "\(base).suspended.y\($0)" }
    }

    func writeColumns(_ state: State, into record: inout PathRecord) {
        record.append(state.paid)
        record.append(state.topups)
        record.append(state.unpaid + pendingAtHorizon(state))
        record.append(contentsOf: state.balanceEnd)
        for y in 0..<horizon { record.append(state.exhausted[y] ? 1 : 0) }
        for y in 0..<horizon { record.append(state.suspended[y] ? 1 : 0) }
    }

    func takeCapBound(_ state: inout State) -> Bool {
        defer { state.bound = false }
        return state.bound
    }
    func topups(_ state: State) -> Double { state.topups }

    func terms(parties: [String], segments names: [String]) -> [SchemeTerm] {
        var terms = [
            SchemeTerm("segments", RiskSharingSpec.covered(segments, names)),
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
