import RiskShareKit
import RiskShareSupport

/// report.json: the report model encoded as a `JSONValue` (keys in a fixed, readable order;
/// non-finite numbers as null). Every key is documented in Scenarios/report.schema.json.
extension Report {
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("schema_version", .integer(schemaVersion)),
            ("scenario", scenario.json),
            ("run", run.json),
            ("portfolio", portfolio.json),
            ("gross_loss", grossLoss.json),
        ]
        if let defaults { members.append(("defaults", defaults.json)) }
        members.append(("years", .array(years.map(\.json))))
        members.append(("parties", .object(parties.map { ($0.name, $0.json) })))
        if !pools.isEmpty { members.append(("pools", .object(pools.map { ($0.name, $0.json) }))) }
        if !caps.isEmpty { members.append(("caps", .object(caps.map { ($0.layer, $0.json) }))) }
        if let tolerance { members.append(("tolerance", tolerance.json)) }
        if let fiscal { members.append(("fiscal", fiscal.json)) }
        if let semiAnalytic { members.append(("semi_analytic", semiAnalytic.json)) }
        if let importanceSampling { members.append(("importance_sampling", importanceSampling.json)) }
        if let capital { members.append(("capital", capital.json)) }
        if let contributions { members.append(("contributions", contributions.json)) }
        members.append(("terms", terms.json))
        return .object(members)
    }
}

extension JSONValue {
    /// A number, or null when nil or not finite.
    static func optional(_ x: Double?) -> JSONValue { x.map(JSONValue.finite) ?? .null }
}

/// A quantile level or threshold as a report.json key: the shortest decimal, e.g. "0.99".
func levelKey(_ x: Double) -> String { NumberFormat.plain(x) }

extension ScenarioFacts {
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("file", .string(file)), ("sha256", .string(sha256)),
            ("description", .string(description)), ("currency", .string(currency)),
        ])
    }
}

extension RunFacts {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("paths", .integer(paths)), ("seed", .integer(Int(seed))),
            ("horizon_years", .integer(horizonYears)),
        ]
        if let blockPaths { members.append(("block_paths", .integer(blockPaths))) }
        members += [
            ("method", .string(method)), ("threads", .integer(threads)), ("version", .string(version)),
            ("gsl_version", .string(gslVersion)), ("elapsed_seconds", .number(elapsedSeconds)),
            ("overrides", .array(overrides.map(JSONValue.string))),
        ]
        return .object(members)
    }
}

extension PortfolioSummary {
    var json: JSONValue {
        .object([
            ("loans", .integer(loans)), ("exposure", .finite(exposure)),
            ("expected_loss_first_year_unstressed", .finite(expectedLossFirstYearUnstressed)),
            (
                "segments",
                .array(
                    segments.map { segment in
                        .object([
                            ("name", .string(segment.name)), ("loans", .integer(segment.loans)),
                            ("exposure", .finite(segment.exposure)), ("exposure_weighted_pd", .optional(segment.exposureWeightedPD)),
                            ("first_loans", .integer(segment.firstLoans)),
                        ])
                    })
            ),
        ])
    }
}

extension DistributionSummary {
    /// The STAT object: mean, sd, stderr, min, max, then per level quantiles (VaR), their 95%
    /// intervals, ES with standard errors and paths beyond VaR, then exceedance probabilities.
    /// Keys of levels and thresholds are plain decimals.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("mean", .finite(mean.value)), ("sd", .finite(sd)), ("stderr", .finite(mean.stderr)),
            ("min", .finite(minimum)), ("max", .finite(maximum)),
            ("quantiles", .object(levels.map { (levelKey($0.level), .finite($0.valueAtRisk)) })),
        ]
        if levels.contains(where: { $0.interval != nil }) {
            members.append(
                (
                    "quantile_ci95",
                    .object(
                        levels.compactMap { level in
                            level.interval.map { (levelKey(level.level), .array([.finite($0.lower), .finite($0.upper)])) }
                        })
                ))
        }
        members.append(("expected_shortfall", .object(levels.map { (levelKey($0.level), .finite($0.expectedShortfall.value)) })))
        members.append(("expected_shortfall_stderr", .object(levels.map { (levelKey($0.level), .finite($0.expectedShortfall.stderr)) })))
        if !isExact {
            members.append(("tail_paths", .object(levels.map { (levelKey($0.level), $0.tailPaths.map(JSONValue.integer) ?? .null) })))
        }
        members.append(("exceedance", .object(exceedance.map { (levelKey($0.threshold), .finite($0.probability.p)) })))
        members.append(("exceedance_stderr", .object(exceedance.map { (levelKey($0.threshold), .finite($0.probability.stderr)) })))
        let outside = levels.compactMap { level -> (String, JSONValue)? in
            guard case let .outsideSampledRegion(below, relative) = level.coverage else { return nil }
            return (levelKey(level.level), .object([("paths_at_or_below", .integer(below)), ("relative_error", .finite(relative))]))
        }
        if !outside.isEmpty { members.append(("outside_sampled_region", .object(outside))) }
        return .object(members)
    }
}

extension ProbabilityEstimate {
    var json: JSONValue { .object([("p", .finite(p)), ("stderr", .finite(stderr))]) }
}

extension YearSummary {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("year", .integer(year)), ("gross_loss", grossLoss.json)]
        if let defaults { members.append(("defaults", defaults.json)) }
        if let nplRatio { members.append(("npl_ratio", nplRatio.json)) }
        return .object(members)
    }
}

extension PartySummary {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("loss", loss.json), ("by_year", .array(lossByYear.map(\.json)))]
        if let fees { members.append(("fees", fees.json)) }
        if let subsidies { members.append(("subsidies", subsidies.json)) }
        return .object(members)
    }
}

extension PoolSummary {
    var json: JSONValue {
        .object([
            ("paid", paid.json), ("topups", topups.json), ("unpaid", unpaid.json),
            ("balance_end_by_year", .array(balanceEndByYear.map(\.json))),
            ("p_exhausted", exhausted.json),
            ("p_exhausted_by_year", .array(exhaustedByYear.map(\.json))),
            ("p_suspended_by_year", .array(suspendedByYear.map(\.json))),
        ])
    }
}

extension CapSummary {
    /// `{p, stderr}` as in schema 1, with the layer's type, the limited parties and the years.
    var json: JSONValue {
        .object([
            ("p", .finite(binds.p)), ("stderr", .finite(binds.stderr)),
            ("type", .string(layerType)), ("parties", .array(parties.map(JSONValue.string))),
            ("p_by_year", .array(bindsByYear.map(\.json))),
        ])
    }
}

extension ToleranceSummary {
    var json: JSONValue {
        .object([
            ("level", .finite(level)),
            ("p_breach_by_year", .array(breachByYear.map(\.json))),
            ("p_breach_any", breachAny.json),
            ("npl_ratio_exceeded_with_probability", .object(exceeded.map { (levelKey($0.probability), .finite($0.worstYear)) })),
            (
                "npl_ratio_exceeded_with_probability_by_year",
                .object(exceeded.map { (levelKey($0.probability), .array($0.byYear.map(JSONValue.finite))) })
            ),
        ])
    }
}

extension FiscalSummary {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("cost", cost.json), ("topups", topups.json), ("covered_volume", .finite(coveredVolume)),
            ("leverage", .optional(leverage)),
        ]
        if !subsidies.isEmpty { members.append(("subsidies", .object(subsidies.map { ($0.name, $0.subsidies.json) }))) }
        return .object(members)
    }
}

extension ImportanceSamplingDiagnostics {
    var json: JSONValue {
        .object([
            ("effective_sample_size", .finite(effectiveSampleSize)), ("mean_weight", .finite(meanWeight)),
            ("minimum_paths_at_or_below", .integer(coverage.minimumPathsAtOrBelow)),
            ("relative_error_limit", .finite(coverage.relativeErrorLimit)),
        ])
    }
}

extension SemiAnalyticDetails {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("lattice_step", .finite(latticeStep)), ("lattice_points", .integer(latticePoints)),
            ("discretisation_bound", .finite(discretisationBound)), ("quadrature_nodes", .integer(quadratureNodes)),
        ]
        if let quadratureRelativeChange { members.append(("quadrature_relative_change", .finite(quadratureRelativeChange))) }
        members.append(("lgd_discretised", .bool(lgdDiscretised)))
        members.append(("total_probability", .finite(totalProbability)))
        return .object(members)
    }
}

extension SchemeTerms {
    /// Terms keyed by their scenario keys; `segments: null` means every segment, a limit of
    /// null means none.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("layers", .array(layers.map { $0.json(nameKey: "name") })),
            ("subsidies", .array(subsidies.map { $0.json(nameKey: nil) })),
        ]
        if let tolerance { members.append(("tolerance", .object(tolerance.terms.map { ($0.key, $0.value.json) }))) }
        members.append(("model", .object(model.map { ($0.key, $0.value.json) })))
        members.append(
            (
                "segments",
                .array(
                    segments.map { segment in
                        .object([("name", .string(segment.key))] + segment.terms.map { ($0.key, $0.value.json) })
                    })
            ))
        return .object(members)
    }
}

extension MechanismTerms {
    func json(nameKey: String?) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let nameKey { members.append((nameKey, .string(key))) }
        members.append(("type", .string(type)))
        members += terms.map { ($0.key, $0.value.json) }
        return .object(members)
    }
}

extension SchemeTerm.Value {
    var json: JSONValue {
        switch self {
        case .fraction(let x), .amount(let x), .number(let x): return .finite(x)
        case .integer(let i), .identifier(let i): return .integer(i)
        case .word(let s), .party(let s): return .string(s)
        case .flag(let b): return .bool(b)
        case .parties(let names), .names(let names): return .array(names.map(JSONValue.string))
        case .segments(let names): return names.map { .array($0.map(JSONValue.string)) } ?? .null
        case .fractions(let named), .amounts(let named), .namedNumbers(let named):
            return .object(named.map { ($0.name, .finite($0.value)) })
        case .numbers(let xs): return .array(xs.map(JSONValue.finite))
        case .unlimited: return .null
        }
    }
}
