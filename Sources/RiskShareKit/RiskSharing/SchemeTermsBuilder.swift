/// Restates the mechanisms of a `risk_sharing` section as `SchemeTerm`s for the reports'
/// "Scheme terms" section. Each mechanism states its own terms (`RiskSharingMechanism.terms`);
/// the keys are the scenario keys (Scenarios/README.md), so the report uses the same words as
/// the scenario file.
extension RiskSharingSpec {
    /// The terms of every layer, in waterfall order. `segments` are the scenario's segment names.
    public func layerTerms(segments: [String]) -> [MechanismTerms] {
        layers.indices.map { i in
            MechanismTerms(key: layerKeys[i], type: type(of: layers[i]).type, terms: layers[i].terms(parties: parties, segments: segments))
        }
    }

    /// The terms of every subsidy, keyed by its 0-based index.
    public func subsidyTerms(segments: [String]) -> [MechanismTerms] {
        subsidies.indices.map { i in
            MechanismTerms(
                key: String(i), type: type(of: subsidies[i]).type,
                terms: subsidies[i].terms(parties: parties, segments: segments))
        }
    }

    /// The tolerance rule's terms, when the scheme has one.
    public func toleranceTerms(segments: [String]) -> MechanismTerms? {
        tolerance.map { MechanismTerms(key: "tolerance", type: ToleranceRule.type, terms: $0.terms(parties: parties, segments: segments)) }
    }

    /// For each layer with a limit that can bind (the `caps` of the report): its key, type and
    /// the parties whose limit it is.
    public var limitedLayers: [(key: String, type: String, parties: [String])] {
        layers.indices.compactMap { i in
            let layer = layers[i]
            guard layer.hasCap else { return nil }
            return (layerKeys[i], type(of: layer).type, layer.limitedParties.map { parties[$0] })
        }
    }

    /// Parties that can bear loss: `bank`, every party a layer names (shares, payers,
    /// beneficiaries, overflow) and those listed in `risk_sharing.parties`. The others only pay
    /// subsidies.
    public var lossBearingParties: [String] {
        var names: Set<String> = ["bank"]
        names.formUnion(listedParties)
        for layer in layers { for p in layer.lossBearingParties { names.insert(parties[p]) } }
        return parties.filter(names.contains)
    }

    /// The segments of a mask: nil when it covers every segment.
    static func covered(_ mask: [Bool], _ names: [String]) -> SchemeTerm.Value {
        mask.allSatisfy { $0 } ? .segments(nil) : .segments(mask.indices.filter { mask[$0] }.map { names[$0] })
    }

    /// An amount, or `unlimited` for +∞.
    static func limit(_ amount: Double) -> SchemeTerm.Value { amount.isFinite ? .amount(amount) : .unlimited }
}
