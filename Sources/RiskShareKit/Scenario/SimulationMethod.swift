/// How the paths are drawn (`simulation.method`).
public enum SimulationMethod: Sendable, Equatable {
    /// Plain Monte Carlo: every path weighs 1.
    case monteCarlo
    /// Importance sampling toward bad years, with the likelihood ratio carried into every
    /// statistic (`simulation.importance_sampling`).
    case importanceSampling(ImportanceSampling)
    /// Randomised quasi-Monte Carlo on the systematic factors: a Sobol sequence shifted by an
    /// independent uniform per block, so blocks are independent replicates and error bars come
    /// from the spread between blocks.
    case quasiMonteCarlo
    /// Exact loss distribution by conditional convolution and quadrature (one factor, one year,
    /// Gaussian copula, no risk-sharing caps).
    case semiAnalytic

    /// The name written in reports (`run.method`).
    public var name: String {
        switch self {
        case .monteCarlo: return "monte_carlo"
        case .importanceSampling: return "importance_sampling"
        case .quasiMonteCarlo: return "qmc"
        case .semiAnalytic: return "semi_analytic"
        }
    }
}

/// Settings of importance sampling.
///
/// The systematic factors' yearly innovations are drawn from N(μ, I) instead of N(0, I), which
/// makes bad years common; each path carries the likelihood ratio
/// exp(Σ_t (-μ·ε_t + |μ|²/2)). For one-year horizons, `twist` adds the Glasserman-Li (2005)
/// second step: given the factors, default probabilities are exponentially twisted toward the
/// target loss, with ratio exp(-θ Σ cᵢDᵢ + ψ(θ)).
public struct ImportanceSampling: Sendable, Equatable {
    /// Gross loss (currency) whose exceedance the sampling aims at; the factor shift is chosen so
    /// that the conditional expected loss equals it.
    public var targetLoss: Double?
    /// Alternatively, a tail probability: the factor is shifted to its (1 - p) quantile along
    /// the portfolio's loading direction.
    public var targetProbability: Double?
    /// Explicit shift of each factor's innovation (one per factor), overriding the targets.
    public var shift: [Double]?
    /// Apply the Glasserman-Li exponential twist (one-year horizons only).
    public var twist: Bool
}

extension ScenarioLoader {
    /// Reads `simulation.method` and `simulation.importance_sampling`.
    static func parseMethod(_ map: MapReader) throws -> SimulationMethod {
        let name = try map.optional("method")?.choice(["monte_carlo", "importance_sampling", "qmc", "semi_analytic"]) ?? "monte_carlo"
        let isReader = map.optional("importance_sampling")
        if name != "importance_sampling", let isReader {
            throw isReader.error("only applies with simulation.method: importance_sampling", showValue: false)
        }
        switch name {
        case "qmc": return .quasiMonteCarlo
        case "semi_analytic": return .semiAnalytic
        case "monte_carlo": return .monteCarlo
        default: break
        }
        guard let isReader else {
            throw map.reader.error(
                "needs importance_sampling: {target_loss: X} or {target_probability: P} with method importance_sampling", showValue: false)
        }
        let settings = try isReader.map()
        let lossReader = settings.optional("target_loss")
        let loss = try lossReader?.number(in: 0...1e18, allowed: "a loss in [0, 1e18]")
        if let loss, loss > 0, loss < 1e-6 {
            // The twist divides every loan's loss by the target: 1e-320 overflows them to ∞ and
            // the likelihood ratios to NaN. Below a millionth of a currency unit it means nothing.
            throw lossReader!.error("must be 0 or at least 0.000001 (a loss in currency units)")
        }
        let probability = try settings.optional("target_probability")?.number(in: 1e-12...0.5, allowed: "a probability in [1e-12, 0.5]")
        let shift = try settings.optional("shift")?.list(maxCount: 64).map {
            try $0.number(in: -10...10, allowed: "a shift in [-10, 10] standard deviations")
        }
        let twist = try settings.optional("twist")?.bool() ?? true
        try settings.finish()
        if loss == nil && probability == nil && shift == nil {
            throw isReader.error("needs target_loss, target_probability or shift", showValue: false)
        }
        return .importanceSampling(ImportanceSampling(targetLoss: loss, targetProbability: probability, shift: shift, twist: twist))
    }

    /// Checks the method against the rest of the scenario.
    static func checkMethod(
        _ method: SimulationMethod, simulation: SimulationSettings, economy: Economy,
        hasRiskSharing: Bool, reader: NodeReader?
    ) throws {
        let file = reader?.file ?? ""
        func refuse(_ message: String) -> ScenarioError {
            ScenarioError(file: file, path: "simulation.method", line: reader?.node.line, value: "\"\(method.name)\"", message: message)
        }
        switch method {
        case .monteCarlo: return
        case .importanceSampling(let settings):
            if let shift = settings.shift, shift.count != economy.factors.count {
                throw refuse("importance_sampling.shift has \(shift.count) values; it needs one per factor (\(economy.factors.count))")
            }
            if economy.factors.isEmpty && !(settings.twist && simulation.horizonYears == 1) {
                throw refuse("needs at least one factor to shift (or a one-year horizon with twist: true)")
            }
        case .quasiMonteCarlo:
            let dimensions = SobolSequence.dimensions(
                factors: economy.factors.count, years: simulation.horizonYears,
                studentT: economy.copula != .gaussian)
            if dimensions > SobolSequence.maximumDimension {
                throw refuse(
                    "needs \(dimensions) quasi-random dimensions (factors × years, plus one a year for the t copula); GSL's Sobol generator supports at most \(SobolSequence.maximumDimension)"
                )
            }
            if dimensions == 0 { throw refuse("needs at least one factor: QMC is applied to the systematic factors only") }
        case .semiAnalytic:
            if economy.factors.count != 1 { throw refuse("needs exactly one factor (economy.factors has \(economy.factors.count))") }
            if economy.copula != .gaussian { throw refuse("needs the Gaussian copula") }
            if simulation.horizonYears != 1 { throw refuse("needs horizon_years: 1") }
            if hasRiskSharing { throw refuse("does not support risk_sharing; use monte_carlo") }
        }
    }
}
