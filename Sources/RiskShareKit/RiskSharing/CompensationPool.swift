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
///   went unpaid for lack of balance (the annual cap binding instead counts under `caps`).
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
public struct CompensationPool: Sendable {
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
    /// Ratio per loan group when uniform over the group, NaN when it must be looked up per loan.
    private var groupRatio: [Double] = []
    private var book: LoanBook?

    var hasCap: Bool { annualCap.isFinite }
    var needsGroups: Bool { book != nil }

    struct State: Sendable {
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
        var pendingHead = 0
        /// This year's claims per event (lag 0).
        var claims: [Double] = []
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
    private func loanRatio(_ loan: Int, _ book: LoanBook) -> Double {
        var r = ratio
        if book.firstLoan[loan] { r += upliftFirstLoan }
        if let up = upliftProduct[book.product[loan]] { r += up }
        return min(r, maxRatio)
    }

    mutating func prepare(book: LoanBook, horizonYears: Int) {
        horizon = horizonYears
        guard upliftFirstLoan > 0 || !upliftProduct.isEmpty else { self.book = nil; return }
        // Uplifts depend on loan attributes: cache the ratio per group when it is uniform, so the
        // per-event work is a lookup, not a string hash.
        self.book = book
        groupRatio = book.groups.map { group in
            guard let first = group.range.first else { return 0 }
            let uniform = group.range.allSatisfy { book.firstLoan[$0] == book.firstLoan[first] && book.product[$0] == book.product[first] }
            return uniform ? loanRatio(first, book) : .nan
        }
    }

    func makeState() -> State {
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
        state.pendingHead = 0
    }

    /// How much of `total` due claims can be paid now; flags exhaustion or the annual cap.
    private func payable(_ total: Double, yearIndex y: Int, state: inout State) -> Double {
        let capRoom = max(annualCap - state.yearPaid, 0)
        let available = min(max(state.balance, 0), capRoom)
        if total <= available { return total }
        if total - available > 1e-12 * total {
            if state.balance <= capRoom { state.exhausted[y] = true } else { state.bound = true }
        }
        return available
    }

    /// Pays what is due this year, files this year's claims and closes the year's balance.
    /// `loss` is the plan's per-party, per-year loss table (lagged payments adjust earlier years).
    func apply(
        events: [DefaultEvent], context: YearContext, holdings: inout EventHoldings,
        loss: inout [Double], state: inout State
    ) {
        let y = context.year - 1
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
                for k in state.pendingHead..<end {
                    let claim = state.pendingAmount[k]
                    var pay = shortfall == .fifo ? min(claim, remaining) : claim * factor
                    remaining -= pay
                    let filed = state.pendingFiled[k]
                    pay = min(pay, max(loss[beneficiary * horizon + filed], 0))
                    loss[beneficiary * horizon + filed] -= pay
                    loss[payer * horizon + filed] += pay
                    state.balance -= pay; state.yearPaid += pay; state.paid += pay
                    state.unpaid += claim - pay
                }
            }
            state.pendingHead = end
        }

        // 2. This year's claims.
        var outstanding = 0.0, defaulted = 0.0
        for s in segments.indices where segments[s] {
            outstanding += context.outstandingStart[s]; defaulted += context.defaultedPrincipal[s]
        }
        let npl = outstanding > 0 ? defaulted / outstanding : 0
        if npl > suspendAbove {
            state.suspended[y] = true
        } else {
            let trigger = npl > reduceAbove ? reduceFactor : 1
            if state.claims.count < holdings.count {
                state.claims = Array(repeating: 0, count: max(holdings.count, 2 * state.claims.count))
            }
            var total = 0.0
            for e in 0..<holdings.count {
                state.claims[e] = 0
                guard segments[holdings.segment[e]] else { continue }
                let x = holdings.held(e, by: beneficiary)
                if x <= 0 { continue }
                var r = min(ratio, maxRatio)
                if let book {
                    let cached = groupRatio[holdings.group[e]]
                    r = cached.isNaN ? loanRatio(events[e].loan, book) : cached
                }
                var claim = min(r * trigger * x, perLoanCap)
                if partyCapShare < 1 {
                    let out = holdings.outflow[e * holdings.partyCount + beneficiary]
                    claim = min(claim, max(partyCapShare * (x + out) - out, 0))
                }
                if claimLagYears > 0 {
                    if claim > 0 { state.pendingAmount.append(claim); state.pendingFiled.append(y) }
                } else {
                    state.claims[e] = claim
                    total += claim
                }
            }
            if total > 0 {
                let budget = payable(total, yearIndex: y, state: &state)
                let factor = budget / total
                var remaining = budget
                for e in 0..<holdings.count where state.claims[e] > 0 {
                    let claim = state.claims[e]
                    let pay = shortfall == .fifo ? min(claim, remaining) : claim * factor
                    remaining -= pay
                    holdings.move(e, from: beneficiary, to: payer, pay)
                    state.balance -= pay; state.yearPaid += pay; state.paid += pay
                    state.unpaid += claim - pay
                }
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
}
