/// Capped portfolio guarantee (`type: portfolio_guarantee`), EU COSME / InnovFin style
/// (see <doc:Domain#Capped-portfolio-guarantees>).
///
/// Who bears what. The payer takes `rate` of each covered loss the beneficiary (default `bank`)
/// still bears when the layer is reached, loan by loan in time order over the whole horizon,
/// until its cumulative payments reach the cap; after that the beneficiary keeps everything.
/// As the first layer, the payer's loss on a path is therefore exactly min(rate × Σ L, cap).
///
/// The cap is `cap` (an amount) or `cap_rate` × covered volume, the covered volume being the
/// principal of the covered segments' loans in the initial book (with renewal, replacement
/// loans do not raise the cap: the guarantee covers one portfolio build-up). With neither the
/// guarantee is uncapped (InnovFin: 50% uncapped [S]). Loss is net of recovery (EAD × LGD).
public struct PortfolioGuarantee: RiskSharingMechanism {
    static let type = "portfolio_guarantee"
    static let list = RiskSharingList.layers

    var segments: [Bool]
    var beneficiary: Int
    var payer: Int
    /// Share of each loss paid, in [0, 1] [S: COSME 50%].
    var rate: Double
    /// Cap as a fraction of covered volume [S: COSME 20%]; nil when not given.
    var capRate: Double?
    /// Cap as an amount; nil when not given.
    var capAmount: Double?

    /// Cap in currency for the run (∞ when uncapped).
    private(set) var cap = Double.infinity
    private(set) var coveredVolume = 0.0
    private var coversGroup: [Bool] = []

    struct State {
        var paid = 0.0
        var bound = false
    }

    var payingParty: Int? { payer }
    var hasCap: Bool { capRate != nil || capAmount != nil }
    /// Moves from the beneficiary to the payer only.
    var isShareable: Bool { true }

    static func parse(_ map: MapReader, context: RiskSharingContext, parties: PartyTable) throws -> PortfolioGuarantee {
        let segments = try RiskSharingParse.segmentMask(map.optional("segments"), context: context)
        let beneficiary = try RiskSharingParse.beneficiary(map, parties: parties)
        let payer = try parties.define(map.required("payer", "the party that pays, e.g. eu"))
        let rate = try map.required("rate", "the share of each loss paid, in [0, 1]").probability()
        let capRate = try map.optional("cap_rate")?.number(in: 0...1000, allowed: "a cap as a fraction of covered volume, >= 0")
        let capReader = map.optional("cap")
        let capAmount = try capReader?.nonNegative("a cap amount >= 0")
        if capRate != nil, let capReader { throw capReader.error("cannot be given together with cap_rate; choose one") }
        return PortfolioGuarantee(
            segments: segments, beneficiary: beneficiary, payer: payer, rate: rate,
            capRate: capRate, capAmount: capAmount)
    }

    mutating func prepare(_ setup: WaterfallSetup) {
        let book = setup.book
        coveredVolume = 0
        for loan in 0..<book.count where segments[book.segment[loan]] { coveredVolume += book.exposure[loan] }
        cap = capAmount ?? capRate.map { $0 * coveredVolume } ?? .infinity
        coversGroup = setup.groupMask(segments)
    }

    func makeState(_ setup: WaterfallSetup) -> State { State() }

    func beginPath(_ state: inout State) { state = State() }

    func allocate(_ year: inout WaterfallYear, _ state: inout State) {
        let h = year.holdings, groups = year.groups
        coversGroup.withUnsafeBufferPointer { covers in
            for e in 0..<h.count where covers[groups[e]] {
                let x = h.held(e, by: beneficiary)
                if x <= 0 { continue }
                let want = rate * x
                let left = cap - state.paid
                let pay = min(want, max(left, 0))
                if pay < want { state.bound = true }
                h.move(e, from: beneficiary, to: payer, pay)
                state.paid += pay
            }
        }
    }

    func takeCapBound(_ state: inout State) -> Bool {
        defer { state.bound = false }
        return state.bound
    }

    func terms(parties: [String], segments names: [String]) -> [SchemeTerm] {
        var terms = [
            SchemeTerm("segments", RiskSharingSpec.covered(segments, names)),
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
