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

/// One layer of the waterfall. Each moves part of the loss its beneficiary currently bears to
/// its payer(s); layers act in the order written.
public enum RiskLayer: Sendable {
    case guarantee(GuaranteeChain)
    case portfolioGuarantee(PortfolioGuarantee)
    case tranche(Tranche)
    case compensationPool(CompensationPool)
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
public struct RiskSharingSpec: Sendable {
    /// Whether the scenario has a `risk_sharing` section at all.
    public var isPresent = false
    /// Party names, `bank` first.
    public var parties: [String] = ["bank"]
    public var layers: [RiskLayer] = []
    /// Report key of each layer: its `name`, else its index.
    public var layerKeys: [String] = []
    public var subsidies: [InterestSubsidy] = []
    public var tolerance: ToleranceRule?
    /// Parties listed in `risk_sharing.parties` (they count as loss-bearing even when no layer names them).
    public var listedParties: [String] = []

    public init() {}

    static let layerTypes = ["guarantee", "portfolio_guarantee", "tranche", "compensation_pool"]

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
        var poolPayers: [Int: NodeReader] = [:]
        if let list = map.optional("layers") {
            for (index, item) in try list.list(maxCount: 100).enumerated() {
                let layerMap = try item.map()
                let type = try layerMap.required("type", "one of \(layerTypes.joined(separator: ", "))").choice(layerTypes)
                let name = try layerMap.optional("name").map { try PartyTable.validName($0) }
                let layer: RiskLayer
                let payer: Int
                let beneficiary: Int
                switch type {
                case "guarantee":
                    let g = try GuaranteeChain.parse(layerMap, context: context, parties: parties)
                    layer = .guarantee(g); payer = -1; beneficiary = g.beneficiary
                case "portfolio_guarantee":
                    let g = try PortfolioGuarantee.parse(layerMap, context: context, parties: parties)
                    layer = .portfolioGuarantee(g); payer = g.payer; beneficiary = g.beneficiary
                case "tranche":
                    let t = try Tranche.parse(layerMap, context: context, parties: parties)
                    layer = .tranche(t); payer = t.payer; beneficiary = t.beneficiary
                default:
                    let p = try CompensationPool.parse(layerMap, context: context, parties: parties)
                    if let earlier = poolPayers[p.payer] {
                        throw item.error(
                            "uses the payer \"\(parties.names[p.payer])\" of the pool at \(earlier.path); each pool needs its own payer name",
                            showValue: false)
                    }
                    poolPayers[p.payer] = item
                    layer = .compensationPool(p); payer = p.payer; beneficiary = p.beneficiary
                }
                try layerMap.finish()
                if payer == beneficiary {
                    throw item.error(
                        "has the same party \"\(parties.names[payer])\" as payer and beneficiary; the payer must differ", showValue: false)
                }
                let key = name ?? String(index)
                if spec.layerKeys.contains(key) {
                    throw item.error("repeats the layer name \"\(key)\"; names must be unique", showValue: false)
                }
                spec.layers.append(layer)
                spec.layerKeys.append(key)
            }
        }
        if let list = map.optional("subsidies") {
            for item in try list.list(maxCount: 100) {
                spec.subsidies.append(try InterestSubsidy.parse(item, context: context, parties: parties))
            }
        }
        if let tolerance = map.optional("tolerance") {
            spec.tolerance = try ToleranceRule.parse(tolerance, context: context)
        }
        try map.finish()
        try parties.finish()
        spec.parties = parties.names
        return spec
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
