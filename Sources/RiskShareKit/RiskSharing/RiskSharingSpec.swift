/// What the risk-sharing parser needs to know about the rest of the scenario.
public struct RiskSharingContext: Sendable {
    /// Scenario file, for messages.
    public var file: String
    /// Segment names in scenario order (layers may restrict themselves to some).
    public var segments: [String]
    public var horizonYears: Int

    public init(file: String, segments: [String], horizonYears: Int) {
        self.file = file
        self.segments = segments
        self.horizonYears = horizonYears
    }
}

/// The `risk_sharing` section of a scenario: who the parties are, the ordered layers that move
/// loss between them, subsidies (certain fiscal costs) and the NPL tolerance rule.
///
/// The allocation law: every yuan of gross loss of every path and year ends with exactly one
/// party. Losses start with `bank` (the lender) and layers only move them, so the party losses
/// add up to the gross loss. Without the section the bank bears everything.
///
/// ```yaml
/// risk_sharing:
///   parties: [government]      # optional: parties defined nowhere else (e.g. an overflow target)
///   layers: [...]              # type: guarantee | portfolio_guarantee | tranche | compensation_pool
///   subsidies: [...]           # type: interest
///   tolerance: {base_npl: 0.011, margin: 0.03}   # or {absolute: 0.04}
/// ```
/// Each layer may carry a `name` (used under `caps` in the report, otherwise its 0-based index).
/// The `type` of a list item selects a mechanism among `RiskSharingMechanisms.registered`.
public struct RiskSharingSpec: Sendable {
    /// Whether the scenario has a `risk_sharing` section at all.
    public var isPresent = false
    /// Party names, `bank` first.
    public var parties: [String] = ["bank"]
    /// The layers, in the order they act.
    var layers: [any RiskSharingMechanism] = []
    /// Report key of each layer: its `name`, else its index.
    public var layerKeys: [String] = []
    var subsidies: [any RiskSharingMechanism] = []
    public var tolerance: ToleranceRule?
    /// Parties listed in `risk_sharing.parties` (they count as loss-bearing even when no layer names them).
    public var listedParties: [String] = []

    public init() {}

    /// Number of layers.
    public var layerCount: Int { layers.count }

    public static func parse(_ reader: NodeReader?, context: RiskSharingContext) throws -> RiskSharingSpec {
        guard let reader else { return RiskSharingSpec() }
        var spec = RiskSharingSpec()
        spec.isPresent = true
        let map = try reader.map()
        let parties = PartyTable()
        if let list = map.optional("parties") {
            for item in try list.list(maxCount: 100) {
                let index = try parties.define(item)
                spec.listedParties.append(parties.names[index])
            }
        }
        if let list = map.optional("layers") {
            var earlier: [(mechanism: any RiskSharingMechanism, reader: NodeReader)] = []
            for (index, item) in try list.list(maxCount: 100).enumerated() {
                let layerMap = try item.map()
                let type = try Self.readType(layerMap, list: .layers)
                let name = try layerMap.optional("name").map { try PartyTable.validName($0) }
                let layer = try type.parse(layerMap, context: context, parties: parties)
                try layer.validate(reader: item, earlier: earlier, parties: parties)
                try layerMap.finish()
                if let payer = layer.payingParty, payer == layer.beneficiary {
                    throw item.error(
                        "has the same party \"\(parties.names[payer])\" as payer and beneficiary; the payer must differ", showValue: false)
                }
                let key = name ?? String(index)
                if spec.layerKeys.contains(key) {
                    throw item.error("repeats the layer name \"\(key)\"; names must be unique", showValue: false)
                }
                spec.layers.append(layer)
                spec.layerKeys.append(key)
                earlier.append((layer, item))
            }
        }
        if let list = map.optional("subsidies") {
            for item in try list.list(maxCount: 100) {
                let itemMap = try item.map()
                let type = try Self.readType(itemMap, list: .subsidies)
                spec.subsidies.append(try type.parse(itemMap, context: context, parties: parties))
                try itemMap.finish()
            }
        }
        if let tolerance = map.optional("tolerance") {
            let toleranceMap = try tolerance.map()
            spec.tolerance = try ToleranceRule.parse(toleranceMap, context: context, parties: parties)
            try toleranceMap.finish()
        }
        try map.finish()
        try parties.finish()
        spec.parties = parties.names
        return spec
    }

    /// The mechanism a list item's `type` names.
    private static func readType(_ map: MapReader, list: RiskSharingList) throws -> any RiskSharingMechanism.Type {
        let types = RiskSharingMechanisms.types(in: list)
        let allowed = types.count == 1 ? types[0] : "one of \(types.joined(separator: ", "))"
        let type = try map.required("type", allowed).choice(types)
        return RiskSharingMechanisms.mechanism(type: type, in: list)!
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

    public init(year: Int, outstandingStart: [Double], defaultedPrincipal: [Double], grossLoss: Double, nplRatio: Double) {
        self.year = year
        self.outstandingStart = outstandingStart
        self.defaultedPrincipal = defaultedPrincipal
        self.grossLoss = grossLoss
        self.nplRatio = nplRatio
    }
}
