import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// A design search: parameters with their boxes, the objective and the constraints.
public struct DesignProblem: Sendable {
    public var parameters: [DesignParameter]
    public var objective: DesignObjective
    public var constraints: [DesignConstraint]

    /// At most this many searched parameters: the simplex method degrades beyond a handful.
    public static let maximumParameters = 10

    public init(parameters: [DesignParameter], objective: DesignObjective, constraints: [DesignConstraint]) throws {
        if parameters.isEmpty {
            throw ScenarioError(file: "--vary", path: "", line: nil, value: nil, message: "a search needs at least one --vary PATH=LO:HI")
        }
        if parameters.count > Self.maximumParameters {
            throw ScenarioError(
                file: "--vary", path: "", line: nil, value: nil,
                message: "searches \(parameters.count) parameters; at most \(Self.maximumParameters) are allowed")
        }
        var seen: Set<String> = []
        for p in parameters where !seen.insert(p.path.description).inserted {
            throw ScenarioError(file: "--vary", path: p.path.description, line: nil, value: nil, message: "is varied twice")
        }
        self.parameters = parameters
        self.objective = objective
        self.constraints = constraints
    }

    /// The metrics a design's report is read for: the objective, then each constraint's.
    public var metrics: [MetricPath] { [objective.metric] + constraints.map(\.metric) }
}

/// When to stop a search (see `SimplexMinimizer` for the rule).
public struct SearchSettings: Sendable, Equatable {
    /// Stop when the simplex size is below this, in units of each parameter's range.
    public var sizeTolerance = 1e-3
    /// At most this many designs are asked for by one search.
    public var maxEvaluations = 200
    /// Fresh simplices from the best design after convergence, while they improve.
    public var restarts = 1
    /// Edge of the first simplex, in units of each parameter's range.
    public var initialStep = 0.25
    /// The decrease of the penalty function Φ (scaled to order 1 by `DesignPenalty`) that counts,
    /// with a move beyond the size tolerance, as progress for the stall rule.
    public var progressTolerance = 1e-4

    public init() {}
}

/// A constraint at the reported design.
public struct ConstraintStatus: Sendable, Equatable {
    public var constraint: DesignConstraint
    public var reading: MetricPath.Reading
    public var met: Bool
    /// Within 2 standard errors of its limit (`DesignConstraint.isActive`).
    public var active: Bool
}

/// The outcome of a search.
public struct OptimizeResult: Sendable {
    public var parameters: [DesignParameter]
    public var goal: DesignObjective
    /// The reported design: the best evaluated one, feasibility first.
    public var values: [Double]
    /// The objective's metric there, with its Monte Carlo standard error.
    public var objective: MetricPath.Reading
    public var constraints: [ConstraintStatus]
    /// Whether the reported design meets every constraint.
    public var feasible: Bool
    /// Designs simulated by this search (a design asked for twice is simulated once).
    public var evaluations: Int
    /// Simplex steps, restarts made, and the simplex size at the stop.
    public var iterations: Int
    public var restarts: Int
    public var finalSize: Double
    /// Why the search ended.
    public var stop: SearchStop
}

/// Why a search ended (the stopping rule of `SimplexMinimizer`).
public enum SearchStop: Sendable, Equatable {
    /// The simplex became smaller than the size tolerance.
    case converged
    /// The simplex stopped making progress: 5·(n + 1) designs in a row brought no better design
    /// both farther than the tolerance and lower in Φ by 1e-4 while the simplex did not halve, or
    /// its steps asked for no new design (a plateau, a flat direction, or a kink approached by
    /// ever smaller steps).
    case stalled
    /// The evaluation budget ran out first.
    case evaluationBudget
}

/// Nelder-Mead simplex search (GSL's nmsimplex2) for the best design on common random numbers.
///
/// Every evaluation simulates the scenario with the same seed, so objective and constraints are
/// deterministic functions of the parameters and the simplex converges on the optimum of that
/// function; what remains is its Monte Carlo error (the standard errors reported with it).
///
/// Parameters are searched in the unit box: parameter i is lowerᵢ + (upperᵢ - lowerᵢ)·u(zᵢ) with
/// u the reflection of `BoxReflection`, and zᵢ the simplex coordinate. Constraints follow
/// `DesignPenalty`.
public enum DesignOptimizer {
    /// Where a search starts: each parameter's current value in the scenario when it is a number
    /// inside the box, else the middle of the box.
    public static func startingValues(_ problem: DesignProblem, document: ScenarioNode) -> [Double] {
        problem.parameters.map { p in
            if case .number(let x)? = p.path.value(in: document)?.value, x >= p.lower, x <= p.upper { return x }
            return p.value(atUnit: 0.5)
        }
    }

    /// Searches from `start` (values inside the box). The evaluator's earlier designs count as
    /// candidates for the answer too (they are designs of the same scenario).
    public static func optimize(
        _ problem: DesignProblem, evaluator: inout DesignEvaluator, start: [Double],
        settings: SearchSettings
    ) throws -> OptimizeResult {
        let parameters = problem.parameters
        let n = parameters.count
        if !(settings.sizeTolerance > 0 && settings.sizeTolerance < 1) {
            throw ScenarioError(
                file: "--tolerance", path: "", line: nil, value: NumberFormat.plain(settings.sizeTolerance),
                message: "must be between 0 and 1 (a fraction of each parameter's range)")
        }
        if settings.maxEvaluations < n + 1 {
            throw ScenarioError(
                file: "--max-evaluations", path: "", line: nil, value: String(settings.maxEvaluations),
                message: "must be at least \(n + 1) (the first simplex of \(n) parameters)")
        }
        let before = evaluator.evaluations.count
        func values(_ z: [Double]) -> [Double] { zip(parameters, z).map { $0.value(atUnit: BoxReflection.unit($1)) } }

        let z0 = zip(parameters, start).map { $0.unit(of: $1) }
        let steps = z0.map { BoxReflection.firstStep(from: $0, size: settings.initialStep) }
        var first = [try evaluator.evaluate(values(z0))]
        for i in 0..<n {
            var z = z0
            z[i] += steps[i]
            first.append(try evaluator.evaluate(values(z)))
        }
        let penalty = DesignPenalty(objective: problem.objective, constraints: problem.constraints, firstSimplex: first)
        let search: SimplexMinimizer.Minimum
        do {
            search = try SimplexMinimizer.minimize(
                from: z0, steps: steps, sizeTolerance: settings.sizeTolerance,
                maxEvaluations: settings.maxEvaluations, restarts: settings.restarts,
                progressTolerance: settings.progressTolerance
            ) { z in
                penalty.value(try evaluator.evaluate(values(z)))
            }
        } catch SimplexMinimizer.Failure.invalidSetup(let why) {
            throw ScenarioError(file: "optimize", path: "", line: nil, value: nil, message: why)
        }
        let (best, feasible) = DesignPenalty.best(
            of: evaluator.evaluations, objective: problem.objective,
            constraints: problem.constraints, scales: penalty.constraintScales)!
        let statuses = problem.constraints.enumerated().map { i, c in
            let reading = best.readings[i + 1]
            return ConstraintStatus(constraint: c, reading: reading, met: c.isMet(by: reading.value), active: c.isActive(reading))
        }
        return OptimizeResult(
            parameters: parameters, goal: problem.objective, values: best.values, objective: best.readings[0], constraints: statuses,
            feasible: feasible, evaluations: evaluator.evaluations.count - before, iterations: search.iterations,
            restarts: search.restarts, finalSize: search.size,
            stop: search.stop == .converged ? .converged : search.stop == .stalled ? .stalled : .evaluationBudget)
    }
}
