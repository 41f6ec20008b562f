import RiskShareSupport

/// The `capital` section of a scenario: how the bank's regulatory capital is computed before
/// and after risk sharing. Keys, defaults and sources are listed in Scenarios/README.md
/// ("Regulatory capital").
///
/// ```yaml
/// capital:
///   preset: china2023_standardised          # optional: fills approach and defaults
///   approach: standardised                  # irb | standardised
///   capital_ratio: 0.08
///   risk_weights: {startup-credit: small_micro, growth-semiconductors: 0.85}
///   guarantor_risk_weights: {national_fund: 0.0, provincial_fund: 0.2}
///   recognise: {compensation_pool: substitution}
/// ```
public struct CapitalSpec: Sendable, Equatable {
    /// How the borrower's risk weight is found.
    public enum Approach: String, Sendable, Equatable {
        /// The Basel IRB corporate formula from each loan's PD, LGD and the segment's maturity and turnover.
        case irb
        /// A fixed risk weight per segment.
        case standardised
    }

    /// How a kind of risk-sharing layer counts for capital.
    public enum Recognition: String, Sendable, Equatable {
        /// The protected part of each loan takes the protection provider's risk weight.
        case substitution
        /// No capital effect.
        case none
    }

    /// Named presets of the section.
    public enum Preset: String, Sendable, Equatable, CaseIterable {
        /// Basel II IRB corporate: PD floor 0.03% (¶285), scaling factor 1.06 (¶44).
        case basel2IRB = "basel2_irb_corporate"
        /// Basel III IRB corporate: PD floor 0.05% (CRE32.4), no scaling factor (CRE31).
        case basel3IRB = "basel3_irb_corporate"
        /// China's 2023 capital rules, weighting approach: named weights corporate 100%, sme 85%, small_micro 75%.
        case china2023Standardised = "china2023_standardised"
    }

    public var preset: Preset?
    public var approach: Approach
    /// Minimum total capital per unit of RWA, in (0, 1].
    public var capitalRatio: Double
    /// The IRB function's parameters (used with `.irb`).
    public var irb: IRBRiskWeight
    /// EUR value of one unit of the scenario currency, for segments' `turnover`; nil when unused.
    public var eurPerUnit: Double?
    /// Risk weight per segment, in scenario segment order, with `.standardised` (1 = 100%); empty with `.irb`.
    public var segmentRiskWeights: [Double]
    /// Risk weight per party (index into `RiskSharingSpec.parties`), nil where not given.
    public var guarantorRiskWeights: [Double?]
    /// Recognition per layer type.
    public var guarantee: Recognition
    public var portfolioGuarantee: Recognition
    public var tranche: Recognition
    public var compensationPool: Recognition

    /// Named standardised weights of a preset.
    public static func namedWeights(_ preset: Preset?) -> [(String, Double)] {
        preset == .china2023Standardised ? [("corporate", 1.0), ("sme", 0.85), ("small_micro", 0.75)] : []
    }

    /// Reads the section.
    /// - Parameters:
    ///   - reader: the `capital` value.
    ///   - segments: the portfolio's segments (names, and whether they give `turnover`).
    ///   - parties: the risk-sharing party names, `bank` first.
    ///   - riskSharing: the layers, to check that every recognised protection provider has a weight.
    /// - Returns: the validated section.
    /// - Throws: `ScenarioError` naming the key path of the first value that is not allowed.
    static func parse(_ reader: NodeReader, segments: [SegmentSpec], parties: [String], riskSharing: RiskSharingSpec) throws -> CapitalSpec
    {
        let map = try reader.map()
        let presetReader = map.optional("preset")
        let preset = try presetReader.map { Preset(rawValue: try $0.choice(Preset.allCases.map(\.rawValue)))! }
        let presetApproach: Approach? = preset.map { $0 == .china2023Standardised ? .standardised : .irb }
        let approach: Approach
        if let approachReader = map.optional("approach") {
            approach = Approach(rawValue: try approachReader.choice(["irb", "standardised"]))!
            if let presetApproach, presetApproach != approach {
                throw approachReader.error("contradicts preset \(preset!.rawValue), which uses approach \(presetApproach.rawValue)")
            }
        } else if let presetApproach {
            approach = presetApproach
        } else {
            throw ScenarioError(
                file: reader.file, path: reader.path + ".approach", line: reader.node.line, value: nil,
                message: "is required: irb or standardised (or give a preset: \(Preset.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let capitalRatio = try map.optional("capital_ratio")?.number(in: 1e-6...1, allowed: "a ratio in (0, 1]") ?? 0.08

        // IRB parameters: refused under the standardised approach, where they would do nothing.
        let floorReader = map.optional("pd_floor"), scalingReader = map.optional("scaling_factor"), eurReader = map.optional("eur_per_unit")
        for extra in [floorReader, scalingReader, eurReader].compactMap({ $0 }) where approach == .standardised {
            throw extra.error("only applies to approach irb", showValue: false)
        }
        let defaultFloor = preset == .basel3IRB ? 0.0005 : 0.0003
        let defaultScaling = preset == .basel2IRB ? 1.06 : 1.0
        let pdFloor = try floorReader?.number(in: 0...0.01, allowed: "a PD floor in [0, 0.01]") ?? defaultFloor
        let scaling = try scalingReader?.number(in: 0.5...2, allowed: "a scaling factor in [0.5, 2]") ?? defaultScaling
        let eurPerUnit = try eurReader?.number(in: 1e-9...1e9, allowed: "a positive exchange rate (EUR per unit of the scenario currency)")
        if approach == .irb {
            let withTurnover = segments.filter { $0.turnover != nil }.map(\.name)
            if !withTurnover.isEmpty, eurPerUnit == nil {
                throw ScenarioError(
                    file: reader.file, path: reader.path + ".eur_per_unit", line: reader.node.line, value: nil,
                    message:
                        "is required: segments \(withTurnover.joined(separator: ", ")) give a turnover, which the SME adjustment needs in EUR (EUR per unit of the scenario currency, e.g. 0.13 for CNY)"
                )
            }
            if withTurnover.isEmpty, let eurReader {
                throw eurReader.error("is used only for segments' turnover, and no segment gives one", showValue: false)
            }
        }

        var weights: [Double] = []
        let weightsReader = map.optional("risk_weights")
        if approach == .irb, let weightsReader {
            throw weightsReader.error(
                "only applies to approach standardised (IRB weights come from each loan's PD and LGD)", showValue: false)
        }
        if approach == .standardised {
            guard let weightsReader else {
                throw ScenarioError(
                    file: reader.file, path: reader.path + ".risk_weights", line: reader.node.line, value: nil,
                    message:
                        "is required with approach standardised: a risk weight for every segment (\(segments.map(\.name).joined(separator: ", ")))"
                )
            }
            weights = [Double](repeating: .nan, count: segments.count)
            let named = namedWeights(preset)
            let allowed =
                "a risk weight in [0, 12.5] (1 = 100%)" + (named.isEmpty ? "" : " or one of \(named.map(\.0).joined(separator: ", "))")
            for (name, value) in try weightsReader.map().allEntries() {
                guard let index = segments.firstIndex(where: { $0.name == name }) else {
                    throw value.error(
                        "names a segment that portfolio.segments does not have (\(segments.map(\.name).joined(separator: ", ")))",
                        showValue: false)
                }
                if value.isString, let weight = named.first(where: { $0.0 == (try? value.string()) })?.1 {
                    weights[index] = weight
                } else if value.isNumber {
                    weights[index] = try value.number(in: 0...12.5, allowed: allowed)
                } else {
                    throw value.error("must be \(allowed)")
                }
            }
            let missing = segments.indices.filter { weights[$0].isNaN }.map { segments[$0].name }
            if !missing.isEmpty {
                throw weightsReader.error(
                    "has no risk weight for segments \(missing.joined(separator: ", ")); every segment needs one", showValue: false)
            }
        }

        var guarantorWeights = [Double?](repeating: nil, count: parties.count)
        let guarantorReader = map.optional("guarantor_risk_weights")
        if let guarantorReader {
            for (name, value) in try guarantorReader.map().allEntries() {
                guard let index = parties.firstIndex(of: name), index > 0 else {
                    throw value.error(
                        "names no protection provider; the risk-sharing parties other than bank are \(parties.dropFirst().joined(separator: ", "))",
                        showValue: false)
                }
                guarantorWeights[index] = try value.number(in: 0...12.5, allowed: "a risk weight in [0, 12.5] (1 = 100%)")
            }
        }

        var recognition: [String: Recognition] = [
            "guarantee": .substitution, "portfolio_guarantee": .substitution,
            "tranche": .none, "compensation_pool": .none,
        ]
        if let recogniseReader = map.optional("recognise") {
            let recogniseMap = try recogniseReader.map()
            for key in ["guarantee", "portfolio_guarantee", "tranche", "compensation_pool"] {
                if let value = recogniseMap.optional(key) {
                    recognition[key] = Recognition(rawValue: try value.choice(["substitution", "none"]))!
                }
            }
            try recogniseMap.finish()
        }
        try map.finish()
        let spec = CapitalSpec(
            preset: preset, approach: approach, capitalRatio: capitalRatio,
            irb: IRBRiskWeight(pdFloor: pdFloor, scalingFactor: scaling), eurPerUnit: eurPerUnit,
            segmentRiskWeights: weights, guarantorRiskWeights: guarantorWeights,
            guarantee: recognition["guarantee"]!, portfolioGuarantee: recognition["portfolio_guarantee"]!,
            tranche: recognition["tranche"]!, compensationPool: recognition["compensation_pool"]!)
        for provider in RegulatoryCapital.protectionProviders(spec, riskSharing: riskSharing) where guarantorWeights[provider] == nil {
            throw ScenarioError(
                file: reader.file, path: reader.path + ".guarantor_risk_weights.\(parties[provider])",
                line: (guarantorReader ?? reader).node.line, value: nil,
                message:
                    "is required: \(parties[provider]) gives the bank protection that capital.recognise counts by substitution, so it needs a risk weight in [0, 12.5] (e.g. 0 for the central government)"
            )
        }
        return spec
    }
}
