import RiskShareSupport

/// First-loss / second-loss tranche protection (`type: tranche`) on the portfolio loss
/// (see <doc:Domain#First-loss-and-second-loss-tranches>).
///
/// Who bears what. Let L be the loss of the covered segments that the beneficiary (default
/// `bank`) still bears when the layer is reached, cumulated over the horizon (`basis:
/// cumulative`, the default: a tranche protects one portfolio) or over each year separately
/// (`basis: annual`). The payer bears share × T(L) with T(L) = min(max(L − A, 0), D − A),
/// A = attach × V and D = detach × V, V the covered volume (principal of the covered loans in
/// the initial book). Payment is made loss by loss in time order: a default that crosses the
/// attachment point is paid only for its part above A, so the total is exactly share × T(L) on
/// every path. Attach 0 is a first-loss tranche; a positive attach a second-loss one.
/// Loss is net of recovery (EAD × LGD). The tranche "binds" when L reaches D (it is exhausted).
public struct Tranche: RiskSharingMechanism {
    static let type = "tranche"
    static let list = RiskSharingList.layers

    var segments: [Bool]
    var beneficiary: Int
    var payer: Int
    /// Attachment and detachment points as fractions of covered volume, attach < detach.
    var attach: Double
    var detach: Double
    /// Share of the tranche paid by the payer, in [0, 1].
    var share: Double
    /// Whether L accumulates over the horizon (true) or restarts every year.
    var cumulative: Bool

    private(set) var coveredVolume = 0.0
    private var lower = 0.0
    private var upper = 0.0
    private var coversGroup: [Bool] = []

    struct State {
        /// L so far (this year only with the annual basis).
        var base = 0.0
        var bound = false
    }

    static func parse(_ map: MapReader, context: RiskSharingContext, parties: PartyTable) throws -> Tranche {
        let segments = try RiskSharingParse.segmentMask(map.optional("segments"), context: context)
        let beneficiary = try RiskSharingParse.beneficiary(map, parties: parties)
        let payer = try parties.define(map.required("payer", "the party that bears the tranche"))
        let attach = try map.required("attach", "the attachment point as a fraction of covered volume")
            .number(in: 0...1, allowed: "a fraction of covered volume in [0, 1]")
        let detachReader = try map.required("detach", "the detachment point as a fraction of covered volume")
        let detach = try detachReader.number(in: 0...1, allowed: "a fraction of covered volume in [0, 1]")
        if !(detach > attach) {
            throw detachReader.error(
                "must be above attach (\(NumberFormat.plain(attach))): a tranche covers the losses between attach and detach")
        }
        let share = try map.optional("share")?.probability() ?? 1
        let basis = try map.optional("basis")?.choice(["cumulative", "annual"]) ?? "cumulative"
        return Tranche(
            segments: segments, beneficiary: beneficiary, payer: payer, attach: attach, detach: detach,
            share: share, cumulative: basis == "cumulative")
    }

    mutating func prepare(_ setup: WaterfallSetup) {
        let book = setup.book
        coveredVolume = 0
        for loan in 0..<book.count where segments[book.segment[loan]] { coveredVolume += book.exposure[loan] }
        lower = attach * coveredVolume
        upper = detach * coveredVolume
        coversGroup = setup.groupMask(segments)
    }

    func makeState(_ setup: WaterfallSetup) -> State { State() }

    func beginPath(_ state: inout State) { state = State() }

    @inline(__always) private func tranche(_ loss: Double) -> Double {
        min(max(loss - lower, 0), upper - lower)
    }

    func allocate(_ year: inout WaterfallYear, _ state: inout State) {
        if !cumulative { state.base = 0 }
        let h = year.holdings, groups = year.groups
        coversGroup.withUnsafeBufferPointer { covers in
            for e in 0..<h.count where covers[groups[e]] {
                let x = h.held(e, by: beneficiary)
                if x <= 0 { continue }
                let before = state.base
                state.base += x
                let pay = share * (tranche(state.base) - tranche(before))
                h.move(e, from: beneficiary, to: payer, min(pay, x))
            }
        }
        if upper > lower, state.base >= upper { state.bound = true }
    }

    var payingParty: Int? { payer }
    /// Moves from the beneficiary to the payer only.
    var isShareable: Bool { true }
    /// A tranche always reports whether it was exhausted.
    var hasCap: Bool { true }
    func takeCapBound(_ state: inout State) -> Bool {
        defer { state.bound = false }
        return state.bound
    }

    func terms(parties: [String], segments names: [String]) -> [SchemeTerm] {
        [
            SchemeTerm("segments", RiskSharingSpec.covered(segments, names)),
            SchemeTerm("beneficiary", .party(parties[beneficiary])),
            SchemeTerm("payer", .party(parties[payer])),
            SchemeTerm("attach", .fraction(attach)),
            SchemeTerm("detach", .fraction(detach)),
            SchemeTerm("share", .fraction(share)),
            SchemeTerm("basis", .word(cumulative ? "cumulative" : "annual")),
        ]
    }
}
