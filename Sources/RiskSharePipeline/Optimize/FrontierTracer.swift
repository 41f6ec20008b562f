import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// What `riskshare optimize --frontier X,Y` traces.
public struct FrontierRequest: Sendable {
    /// The horizontal metric X (constrained) and the vertical metric Y (minimised); both are
    /// read as costs, lower being better.
    public var x: MetricPath
    public var y: MetricPath
    /// `--subject-to` constraints imposed at every point besides X ≤ xₖ.
    public var constraints: [DesignConstraint]
    public var levels: FrontierLevels
    public var settings: SearchSettings

    public init(
        x: MetricPath, y: MetricPath, constraints: [DesignConstraint] = [], levels: FrontierLevels = .standard,
        settings: SearchSettings = SearchSettings()
    ) {
        self.x = x
        self.y = y
        self.constraints = constraints
        self.levels = levels
        self.settings = settings
    }
}

/// Traces the trade-off between two metrics across design families by the ε-constraint method.
///
/// For each family and each level xₖ (ascending), a Nelder-Mead search (`DesignOptimizer`)
/// minimises Y subject to X ≤ xₖ and the extra constraints, starting from the family's best
/// design for the previous level (its values in the fragment, or the middle of the box, for the
/// first). All searches of a family share one set of simulated designs on common random numbers,
/// so the point reported at xₖ is the family's design with the lowest Y among *all* those
/// simulated that meet X ≤ xₖ and the extra constraints: a family's frontier is therefore
/// non-increasing in xₖ. A level no simulated design meets is reported as infeasible.
/// Unlike a weighted sum of X and Y, the ε-constraint method also finds points where the
/// frontier is not convex.
public enum FrontierTracer {
    /// One family ready to trace.
    public struct Family: Sendable {
        public var family: DesignFamily
        public var setup: SweepSetup
    }

    /// Merges every family into the scenario and checks paths, bounds and metrics (on one-path
    /// probes) before anything long runs.
    public static func prepare(_ base: BaseScenario, definition: FrontierDefinition, request: FrontierRequest) throws -> [Family] {
        let metrics = [request.y, request.x] + request.constraints.map(\.metric)
        return try definition.families.map { family in
            let setup = try DesignSetup.merging(
                family.fragment, label: family.name, into: base,
                parameters: family.parameters, metrics: metrics)
            try SweepRunner.checkMetrics(setup, variant: setup.grid.variants[0])
            return Family(family: family, setup: setup)
        }
    }

    /// The frontier, family by family, levels ascending.
    /// - Parameters:
    ///   - families: the design families, each with its own setup.
    ///   - request: the two metrics, the levels and the search limits.
    ///   - threads: worker threads for each simulation (results do not depend on it).
    ///   - progress: one line per finished level, for standard error.
    ///   - designs: called with the family's name after each design simulated (`--verbose`).
    /// - Returns: one point per family and level, feasible or marked as not reached.
    /// - Throws: simulation or cancellation errors from the evaluations.
    public static func trace(
        _ families: [Family], request: FrontierRequest, threads: Int,
        progress: (@Sendable (String) -> Void)? = nil,
        designs: (@Sendable (String, DesignEvaluation) -> Void)? = nil
    ) throws -> [FrontierPoint] {
        GSL.installErrorHandler()
        var evaluators: [DesignEvaluator] = []
        // Families that differ only in their schemes replay one recording of the defaults (said
        // with the designs, `--verbose`).
        let defaults = EvaluationDefaults(log: designs == nil ? nil : progress)
        for family in families {
            let name = family.family.name
            var report: (@Sendable (DesignEvaluation) -> Void)?
            if let designs { report = { designs(name, $0) } }
            evaluators.append(
                DesignEvaluator(
                    setup: family.setup, paths: family.family.parameters.map(\.path), threads: threads, progress: report,
                    defaults: defaults))
        }
        // Automatic levels: X over the corners of every family's box.
        var cornerRange: ClosedRange<Double>?
        if case .count = request.levels {
            for (f, family) in families.enumerated() {
                let n = family.family.parameters.count
                for mask in 0..<(1 << n) {
                    let values = family.family.parameters.enumerated().map { i, p in mask & (1 << i) == 0 ? p.lower : p.upper }
                    let x = try evaluators[f].evaluate(values).readings[1].value
                    cornerRange = cornerRange.map { min($0.lowerBound, x)...max($0.upperBound, x) } ?? x...x
                }
            }
        }
        let levels = Array(Set(request.levels.levels(cornerRange: cornerRange))).sorted()
        var points: [FrontierPoint] = []
        for (f, family) in families.enumerated() {
            let parameters = family.family.parameters
            var spent: [Int] = []
            for level in levels {
                let constraints = [DesignConstraint(metric: request.x, atLeast: false, limit: level)] + request.constraints
                let problem = try DesignProblem(
                    parameters: parameters, objective: DesignObjective(metric: request.y), constraints: constraints)
                let start: [Double]
                if let previous = DesignPenalty.best(
                    of: evaluators[f].evaluations, objective: problem.objective,
                    constraints: constraints, scales: scales(constraints))
                {
                    start = previous.design.values
                } else {
                    start = DesignOptimizer.startingValues(problem, document: family.setup.document)
                }
                let result = try DesignOptimizer.optimize(problem, evaluator: &evaluators[f], start: start, settings: request.settings)
                spent.append(result.evaluations)
                progress?(
                    "\(family.family.name), \(request.x) <= \(NumberFormat.plain(level)): "
                        + (result.feasible ? "\(request.y) = \(String(format: "%.6g", result.objective.value))" : "infeasible")
                        + " (\(result.evaluations) new designs)")
            }
            // Each level's answer from every design the family simulated.
            for (k, level) in levels.enumerated() {
                let constraints = [DesignConstraint(metric: request.x, atLeast: false, limit: level)] + request.constraints
                let best = DesignPenalty.best(
                    of: evaluators[f].evaluations, objective: DesignObjective(metric: request.y),
                    constraints: constraints, scales: scales(constraints))
                if let best, best.feasible {
                    points.append(
                        FrontierPoint(
                            family: family.family.name, level: level,
                            design: zip(parameters, best.design.values).map { .init(path: $0.path.description, value: $1) },
                            x: best.design.readings[1], y: best.design.readings[0], evaluations: spent[k]))
                } else {
                    points.append(
                        FrontierPoint(family: family.family.name, level: level, design: [], x: nil, y: nil, evaluations: spent[k]))
                }
            }
        }
        return points
    }

    /// Scales for choosing among designs (only the infeasible ranking uses them).
    private static func scales(_ constraints: [DesignConstraint]) -> [Double] {
        constraints.map { $0.limit != 0 ? abs($0.limit) : 1 }
    }

    /// The method in one sentence, for outputs.
    public static let method =
        "Each point minimises the vertical metric subject to the horizontal one being at most the level "
        + "(epsilon-constraint method, Nelder-Mead simplex on common random numbers); it is the family's best design simulated "
        + "that meets the level."
}
