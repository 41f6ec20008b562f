/// The lists of the `risk_sharing` section that hold typed mechanisms.
enum RiskSharingList: String, Sendable {
    /// `layers`: mechanisms that move loss from a beneficiary to payers, in the order written.
    case layers
    /// `subsidies`: certain fiscal costs that never move loss.
    case subsidies
    /// `tolerance`: the one NPL tolerance rule (a map without `type`).
    case tolerance
}

/// Everything one risk-sharing mechanism is, in one type: how it is written in a scenario, how
/// it is compiled against the book, what it keeps per path, what it does each year, which
/// per-path columns it records and how a report states its terms. Adding a mechanism means one
/// file with a type conforming to this protocol and one line in `RiskSharingMechanisms.registered`.
///
/// Per path the plan calls `beginPath`; then each year `beginYear` on every mechanism, `allocate`
/// on every mechanism in scenario order (layers move loss between parties, each over all the
/// year's defaults), and `endYear` on every mechanism; then `writeColumns`. Each call handles a
/// whole year, so the mechanism's per-event loop runs in its own concrete code; the plan
/// dispatches once per mechanism and year, never per event.
protocol RiskSharingMechanism: Sendable, Equatable {
    /// What the mechanism keeps from one year to the next on a path (reset by `beginPath`).
    associatedtype State

    /// The value of `type` that selects this mechanism in its list (`guarantee`, `interest`).
    static var type: String { get }
    /// The list it is written in.
    static var list: RiskSharingList { get }

    /// Reads one list item (its `type` and `name` keys are read by the caller). Party names are
    /// defined or referenced through `parties`; every key must be read (the caller calls
    /// `finish`). Throws a `ScenarioError` naming the key for bad values.
    static func parse(_ map: MapReader, context: RiskSharingContext, parties: PartyTable) throws -> Self

    /// Refuses a combination with the mechanisms listed before it (`earlier`, with their
    /// readers), e.g. two pools with one payer.
    func validate(
        reader: NodeReader, earlier: [(mechanism: any RiskSharingMechanism, reader: NodeReader)],
        parties: PartyTable) throws

    /// The party whose retained loss the mechanism relieves (0, the bank, by default).
    var beneficiary: Int { get }
    /// The single party that pays, when there is one (it must differ from the beneficiary).
    var payingParty: Int? { get }
    /// Segments the mechanism applies to (for the covered volume).
    var segments: [Bool] { get }

    /// Compiles the mechanism for a run: quantities that depend on the book, precomputed per
    /// loan group so that the yearly work never looks at loan attributes.
    mutating func prepare(_ setup: WaterfallSetup)
    func makeState(_ setup: WaterfallSetup) -> State
    func beginPath(_ state: inout State)
    /// Before any layer acts: balances at the start of the year, fees, subsidies.
    func beginYear(_ year: inout WaterfallYear, _ state: inout State)
    /// The mechanism's part of the waterfall for the year's defaults.
    func allocate(_ year: inout WaterfallYear, _ state: inout State)
    /// After every layer has acted: what the year's defaults change for later years.
    func endYear(_ year: inout WaterfallYear, _ state: inout State)

    /// Whether the event-holdings must record what earlier layers moved away from each party.
    var readsOutflow: Bool { get }

    /// Whether plans that all contain this mechanism unchanged may run it once for all of them
    /// when their schemes are replayed on the same defaults (`SharedMechanisms`). A shareable
    /// mechanism changes only its own state, the holdings (by moves between its
    /// `lossBearingParties`), and `fees` / `subsidies` of its `feeParties` / `subsidyParties`
    /// (one amount per party and year); its `endYear` does not read the holdings. False unless
    /// a mechanism says so.
    var isShareable: Bool { get }

    /// Parties that receive guarantee fees from this mechanism, and that pay subsidies through it
    /// (they get `party.<name>.fees` / `.subsidies` columns).
    var feeParties: [Int] { get }
    var subsidyParties: [Int] { get }

    /// The mechanism's own per-path columns and their values in that order.
    func columnNames(parties: [String], horizon: Int) -> [String]
    func writeColumns(_ state: State, into record: inout PathRecord)

    /// Whether a limit of the mechanism can bind (reported under `caps` for layers), the parties
    /// whose limit it is, and whether it bound in the year just allocated (the flag is cleared
    /// as it is read, so each year reports its own).
    var hasCap: Bool { get }
    var limitedParties: [Int] { get }
    func takeCapBound(_ state: inout State) -> Bool

    /// Parties the mechanism can make bear loss (beneficiary, payers, overflow parties).
    var lossBearingParties: [Int] { get }

    /// Public money paid into the mechanism on the path (pool top-ups), part of `fiscal.topups`.
    func topups(_ state: State) -> Double

    /// The mechanism's terms as the report's "scheme terms" state them, keyed by scenario key,
    /// given the party and segment names.
    func terms(parties: [String], segments: [String]) -> [SchemeTerm]
}

extension RiskSharingMechanism {
    func validate(
        reader: NodeReader, earlier: [(mechanism: any RiskSharingMechanism, reader: NodeReader)],
        parties: PartyTable
    ) throws {}
    var beneficiary: Int { 0 }
    var payingParty: Int? { nil }
    func beginYear(_ year: inout WaterfallYear, _ state: inout State) {}
    func allocate(_ year: inout WaterfallYear, _ state: inout State) {}
    func endYear(_ year: inout WaterfallYear, _ state: inout State) {}
    var readsOutflow: Bool { false }
    var isShareable: Bool { false }
    var feeParties: [Int] { [] }
    var subsidyParties: [Int] { [] }
    func columnNames(parties: [String], horizon: Int) -> [String] { [] }
    func writeColumns(_ state: State, into record: inout PathRecord) {}
    var hasCap: Bool { false }
    var limitedParties: [Int] { hasCap ? payingParty.map { [$0] } ?? [] : [] }
    func takeCapBound(_ state: inout State) -> Bool { false }
    var lossBearingParties: [Int] { [beneficiary] + (payingParty.map { [$0] } ?? []) }
    func topups(_ state: State) -> Double { 0 }
}

/// What mechanisms need to know about a run to compile themselves.
struct WaterfallSetup {
    let book: LoanBook
    let groups: LoanGroupIndex
    let horizon: Int
    /// Party names, `bank` first.
    let parties: [String]
    var partyCount: Int { parties.count }

    /// Per loan group, whether its loans lie in the segments of `mask` (groups never straddle segments).
    func groupMask(_ mask: [Bool]) -> [Bool] { book.groups.map { mask[$0.segment] } }
}

/// The mechanisms a scenario can name, by list and `type`. Register a new mechanism here.
enum RiskSharingMechanisms {
    static let registered: [any RiskSharingMechanism.Type] = [
        GuaranteeChain.self,
        PortfolioGuarantee.self,
        Tranche.self,
        CompensationPool.self,
        InterestSubsidy.self,
    ]

    /// The `type` names of a list, in registration order.
    static func types(in list: RiskSharingList) -> [String] {
        registered.filter { $0.list == list }.map { $0.type }
    }

    static func mechanism(type: String, in list: RiskSharingList) -> (any RiskSharingMechanism.Type)? {
        registered.first { $0.list == list && $0.type == type }
    }
}
