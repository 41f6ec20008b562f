import RiskShareKit
import RiskShareSupport

/// report.json `capital` (keys documented in Scenarios/report.schema.json and Scenarios/README.md).
extension CapitalSummary {
    var json: JSONValue {
        let r = regulatory
        var regulatoryMembers: [(String, JSONValue)] = [
            ("approach", .string(r.approach.rawValue)), ("capital_ratio", .finite(r.capitalRatio)),
            ("exposure", .finite(r.exposure)),
            ("rwa_before", .finite(r.rwaBefore)), ("rwa_after", .finite(r.rwaAfter)),
            ("capital_before", .finite(r.capitalBefore)), ("capital_after", .finite(r.capitalAfter)),
            ("relief", .finite(r.relief)),
            ("expected_public_cost", .optional(expectedPublicCost)),
            ("relief_per_public_cost", .optional(r.reliefPerPublicCost)),
        ]
        regulatoryMembers.append(
            (
                "segments",
                .array(
                    r.segments.map {
                        .object([
                            ("name", .string($0.name)), ("exposure", .finite($0.exposure)), ("rwa_before", .finite($0.rwaBefore)),
                            ("rwa_after", .finite($0.rwaAfter)),
                        ])
                    })
            ))
        regulatoryMembers.append(
            (
                "providers",
                .array(
                    r.providers.map {
                        .object([
                            ("party", .string($0.party)), ("protected_exposure", .finite($0.protectedExposure)),
                            ("risk_weight", .optional($0.riskWeight)), ("rwa", .finite($0.rwa)),
                        ])
                    })
            ))
        var members: [(String, JSONValue)] = [("regulatory", .object(regulatoryMembers))]
        if let economic {
            members.append(
                (
                    "economic",
                    .object([
                        ("var_level", .finite(economic.varLevel)), ("es_level", .finite(economic.esLevel)),
                        ("before", economic.before.json), ("after", economic.after.json),
                    ])
                ))
        }
        return .object(members)
    }
}

extension EconomicCapitalMeasures {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("expected_loss", .finite(expectedLoss.value)), ("expected_loss_stderr", .finite(expectedLoss.stderr)),
            ("unexpected_loss", .finite(unexpectedLoss)), ("unexpected_loss_stderr", .optional(unexpectedLossStderr)),
        ]
        if let interval = unexpectedLossCI95 {
            members.append(("unexpected_loss_ci95", .array([.finite(interval.lower), .finite(interval.upper)])))
        }
        members += [
            ("expected_shortfall", .finite(expectedShortfall.value)), ("expected_shortfall_stderr", .finite(expectedShortfall.stderr)),
            ("tail_paths", .integer(tailPaths)),
        ]
        return .object(members)
    }
}
