/// What the reports need to know about a compiled scheme, by name: which parties bear loss,
/// receive fees or pay subsidies, which pools and limits exist. The per-path values behind them
/// are the plan's `columns` (`party.<name>.loss`, `pool.<name>.paid`, `cap.<layer>.bound.y<t>`, ...).
extension RiskSharingPlan {
    /// Whether the scenario has a `risk_sharing` section.
    public var isPresent: Bool { spec.isPresent }

    /// Parties that can bear loss (`RiskSharingSpec.lossBearingParties`), `bank` first.
    public var lossBearingParties: [String] { spec.lossBearingParties }

    /// Parties that receive guarantee fees (column `party.<name>.fees`), in party order.
    public var feePartyNames: [String] { feeParties.map { parties[$0] } }

    /// Parties that pay interest subsidies (column `party.<name>.subsidies`), in party order.
    public var subsidyPartyNames: [String] { subsidyParties.map { parties[$0] } }

    /// The payer name of each compensation pool, in layer order (columns `pool.<name>.*`).
    public var poolNames: [String] { pools.map { parties[$0.payer] } }

    /// Layers whose limit can bind, in layer order (columns `cap.<key>.bound` and `.bound.y<t>`):
    /// the layer's key, type and the parties whose limit it is.
    public var limitedLayers: [(key: String, type: String, parties: [String])] { spec.limitedLayers }

    /// The tolerated NPL ratio (columns `tolerance.npl_ratio.y<t>`), when the scheme has a tolerance.
    public var toleranceLevel: Double? { spec.tolerance?.level }
}
