/// What the risk-sharing parser needs to know about the rest of the scenario.
public struct RiskSharingContext: Sendable {
    /// Scenario file, for messages.
    public var file: String
    /// Segment names in scenario order (layers may restrict themselves to some).
    public var segments: [String]
    public var horizonYears: Int
}

/// The `risk_sharing` section of a scenario. PLACEHOLDER: only an absent section is accepted.
public struct RiskSharingSpec: Sendable {
    public static func parse(_ reader: NodeReader?, context: RiskSharingContext) throws -> RiskSharingSpec {
        if let reader { throw reader.error("is not supported yet", showValue: false) }
        return RiskSharingSpec()
    }
}

/// Facts about one simulated year that the waterfall may use besides the default events.
public struct YearContext: Sendable {
    /// 1-based year.
    public var year: Int
    /// Principal outstanding at the start of the year, per segment.
    public var outstandingStart: [Double]
    /// Principal that defaulted during the year, per segment.
    public var defaultedPrincipal: [Double]
    /// Gross loss of the year over the whole book.
    public var grossLoss: Double
    /// Gross NPL ratio of the whole book in the year.
    public var nplRatio: Double
}

/// Per-path working state of the waterfall. PLACEHOLDER.
public struct RiskSharingState: Sendable {
    var bankLoss: [Double]
}

/// The risk-sharing scheme compiled for one run. PLACEHOLDER: the bank bears every loss.
public struct RiskSharingPlan: Sendable {
    public let parties: [String]
    public let columns: [String]
    let horizon: Int
    /// Whether allocate() needs the year's events in time order (first come, first served claims).
    public var needsChronologicalOrder: Bool { false }

    public init(spec: RiskSharingSpec, book: LoanBook, horizonYears: Int, renewal: Bool) {
        parties = ["bank"]
        horizon = horizonYears
        columns = ["party.bank.loss"] + (1...horizonYears).map { "party.bank.loss.y\($0)" }
    }

    public func makeState() -> RiskSharingState { RiskSharingState(bankLoss: Array(repeating: 0, count: horizon)) }

    public func beginPath(_ state: inout RiskSharingState) {
        for i in state.bankLoss.indices { state.bankLoss[i] = 0 }
    }

    public func allocate(events: [DefaultEvent], context: YearContext, state: inout RiskSharingState) {
        state.bankLoss[context.year - 1] += events.reduce(0) { $0 + $1.loss }
    }

    /// Writes the path's values in `columns` order.
    public func endPath(_ state: RiskSharingState, into record: inout [Double]) {
        record.append(state.bankLoss.reduce(0, +))
        record.append(contentsOf: state.bankLoss)
    }

    /// Report sections (`parties`, `pools`, `caps`, `tolerance`, `fiscal`) from the path table.
    public func reportSections(table: PathTable, settings: ReportSettings) -> [(String, JSONValue)] {
        [("parties", .object([("bank", .object([
            ("loss", table.summary("party.bank.loss").json(settings)),
            ("by_year", .array((1...horizon).map { table.summary("party.bank.loss.y\($0)").json(settings) })),
        ]))]))]
    }
}
