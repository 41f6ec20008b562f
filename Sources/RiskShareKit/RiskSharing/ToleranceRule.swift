/// NPL tolerance (`risk_sharing.tolerance`; see <doc:Domain#NPL-tolerance>): the level the
/// covered book's gross NPL ratio may reach before the bank is in breach of the regulator's
/// tolerance.
///
/// The level is `absolute`, or `base_npl` + `margin` (the bank-wide NPL ratio plus the tolerated
/// excess [S: 3 points since 2019 and 2024; 2 points in 2013], so margin defaults to 0.03).
/// The tested ratio is the *gross* NPL ratio of the year over `segments` (default: every
/// segment): principal that defaults in the year / principal outstanding at its start, the
/// engine's `npl_ratio` definition. Compensation lowers the bank's net loss but does not remove
/// a loan from NPL, so risk sharing does not change this ratio. A year breaches when its ratio
/// is strictly above the level.
public struct ToleranceRule: RiskSharingMechanism {
    static let type = "tolerance"
    static let list = RiskSharingList.tolerance

    var segments: [Bool]
    /// Tolerated NPL ratio, in [0, 1].
    public var level: Double

    /// The gross NPL ratio of the covered segments, per year.
    struct State {
        var npl: [Double]
    }

    static func parse(_ map: MapReader, context: RiskSharingContext, parties: PartyTable) throws -> ToleranceRule {
        let reader = map.reader
        let segments = try RiskSharingParse.segmentMask(map.optional("segments"), context: context)
        let absolute = map.optional("absolute")
        let base = map.optional("base_npl")
        let marginReader = map.optional("margin")
        let level: Double
        if let absolute {
            if let other = base ?? marginReader {
                throw other.error("cannot be given together with absolute; give absolute, or base_npl with margin")
            }
            level = try absolute.probability()
        } else if let base {
            let margin = try marginReader?.probability() ?? 0.03
            level = try base.probability() + margin
            if level > 1 { throw reader.error("gives a tolerance above 1 (base_npl + margin)", showValue: false) }
        } else {
            throw reader.error("needs absolute (a tolerated NPL ratio) or base_npl (with margin, default 0.03)", showValue: false)
        }
        return ToleranceRule(segments: segments, level: level)
    }

    mutating func prepare(_ setup: WaterfallSetup) {}

    /// Reads the year's context only.
    var isShareable: Bool { true }

    func makeState(_ setup: WaterfallSetup) -> State { State(npl: Array(repeating: 0, count: setup.horizon)) }

    func beginPath(_ state: inout State) {
        for y in state.npl.indices { state.npl[y] = 0 }
    }

    func endYear(_ year: inout WaterfallYear, _ state: inout State) {
        state.npl[year.yearIndex] = year.nplRatio(segments: segments)
    }

    func columnNames(parties: [String], horizon: Int) -> [String] { (1...horizon).map { "tolerance.npl_ratio.y\($0)" } }

    func writeColumns(_ state: State, into record: inout PathRecord) { record.append(contentsOf: state.npl) }

    func terms(parties: [String], segments names: [String]) -> [SchemeTerm] {
        [SchemeTerm("level", .fraction(level)), SchemeTerm("segments", RiskSharingSpec.covered(segments, names))]
    }
}
