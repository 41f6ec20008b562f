/// Fiscal interest subsidy, 贴息 (`subsidies: - type: interest`; see
/// <doc:Domain#Interest-subsidies>).
///
/// Who bears what. The payer pays, each year, `rate` (or `first_loan_rate` for a firm's first
/// loan) of the contractual interest of every covered loan on the book and not yet defaulted at
/// the start of the year, capped per loan and per year at `per_loan_cap`. A loan defaulting
/// during the year still receives that year's subsidy (interest accrues until the NPL date and
/// the subsidy is settled on the start-of-year balance); it receives none afterwards. This is a
/// fiscal cost, not a loss reallocation: it is reported under `parties.<payer>.subsidies` and
/// in `fiscal.cost`, and it never enters party losses.
///
/// Units: rates are fractions of interest in [0, 1]; the cap is in currency per loan per year.
public struct InterestSubsidy: RiskSharingMechanism {
    static let type = "interest"
    static let list = RiskSharingList.subsidies

    var segments: [Bool]
    var payer: Int
    /// Share of interest paid [S: one Shenzhen rule, 50%].
    var rate: Double
    /// Share for first loans [S: 70%]; defaults to `rate`.
    var firstLoanRate: Double
    /// Subsidy per loan per year; ∞ = none.
    var perLoanCap: Double

    private var balance: GroupBalance?
    /// interest rate × subsidy share per group when uniform over the group, NaN otherwise: the
    /// per-default update then reads the event's exposure only, not the loan's attributes.
    private var groupFactor: [Double] = []
    private var coversGroup: [Bool] = []
    private var book: LoanBook?

    struct State {
        /// Annual subsidy of the loans defaulted so far, per group.
        var defaulted: [Double]
        var total = 0.0
    }

    static func parse(_ map: MapReader, context: RiskSharingContext, parties: PartyTable) throws -> InterestSubsidy {
        let segments = try RiskSharingParse.segmentMask(map.optional("segments"), context: context)
        let payer = try parties.define(map.required("payer", "the party that pays the subsidy, e.g. government"))
        let rate = try map.required("rate", "the share of interest paid, in [0, 1]").probability()
        let firstRate = try map.optional("first_loan_rate")?.probability() ?? rate
        let cap = try RiskSharingParse.amount(map.optional("per_loan_cap"), what: "a subsidy per loan per year >= 0")
        return InterestSubsidy(segments: segments, payer: payer, rate: rate, firstLoanRate: firstRate, perLoanCap: cap)
    }

    /// Subsidy of one loan for one year.
    private func annual(_ loan: Int, _ book: LoanBook) -> Double {
        guard segments[book.segment[loan]] else { return 0 }
        let share = book.firstLoan[loan] ? firstLoanRate : rate
        return min(book.exposure[loan] * book.interestRate[loan] * share, perLoanCap)
    }

    mutating func prepare(_ setup: WaterfallSetup) {
        let book = setup.book
        let me = self
        balance = GroupBalance(book: book) { me.annual($0, book) }
        groupFactor = book.groups.map { group in
            guard let first = group.range.first else { return 0 }
            let factor = { (loan: Int) -> Double in
                me.segments[book.segment[loan]] ? book.interestRate[loan] * (book.firstLoan[loan] ? me.firstLoanRate : me.rate) : 0
            }
            let f = factor(first)
            return group.range.allSatisfy { factor($0) == f } ? f : .nan
        }
        coversGroup = setup.groupMask(segments)
        self.book = groupFactor.contains(where: \.isNaN) ? book : nil
    }

    func makeState(_ setup: WaterfallSetup) -> State { State(defaulted: Array(repeating: 0, count: setup.groups.count)) }

    func beginPath(_ state: inout State) {
        for g in state.defaulted.indices { state.defaulted[g] = 0 }
        state.total = 0
    }

    /// Pays the year's subsidy on the loans still on the book at its start.
    func beginYear(_ year: inout WaterfallYear, _ state: inout State) {
        guard let balance else { return }
        let amount = balance.balance(year: year.year, groups: year.groupIndex, defaulted: state.defaulted)
        state.total += amount
        year.subsidies[payer] += amount
    }

    /// The year's defaulted loans receive no subsidy in later years.
    func endYear(_ year: inout WaterfallYear, _ state: inout State) {
        let events = year.events, groups = year.groups
        state.defaulted.withUnsafeMutableBufferPointer { defaulted in
            for e in 0..<events.count where coversGroup[groups[e]] {
                let g = groups[e]
                let f = groupFactor[g]
                defaulted[g] += f.isNaN ? annual(events[e].loan, book!) : min(events[e].exposure * f, perLoanCap)
            }
        }
    }

    var payingParty: Int? { payer }
    /// Pays the payer's subsidy and never touches the holdings.
    var isShareable: Bool { true }
    var subsidyParties: [Int] { [payer] }

    func terms(parties: [String], segments names: [String]) -> [SchemeTerm] {
        [
            SchemeTerm("payer", .party(parties[payer])),
            SchemeTerm("segments", RiskSharingSpec.covered(segments, names)),
            SchemeTerm("rate", .fraction(rate)),
            SchemeTerm("first_loan_rate", .fraction(firstLoanRate)),
            SchemeTerm("per_loan_cap", RiskSharingSpec.limit(perLoanCap)),
        ]
    }
}
