import RiskShareKit
import RiskShareReports

/// The constraint rule of a design search.
///
/// The simplex minimises an exact penalty function of a design's readings,
///
///     Φ = F / S_F + M · Σᵢ vᵢ / Sᵢ,
///
/// where F is the objective (negated for `--maximize`), vᵢ = max(0, gᵢ - cᵢ) for `gᵢ <= cᵢ`
/// (max(0, cᵢ - gᵢ) for `>=`) is how far constraint i is violated, and M = 1000. The scales make
/// the terms dimensionless and are fixed before the search from its first simplex: S_F is the
/// largest |F| there (1 if all are 0); Sᵢ is |cᵢ|, or when cᵢ = 0 the largest |gᵢ| there (1 if
/// all are 0). Because the penalty is linear in the violation (not squared), the minimum of Φ
/// is exactly the constrained minimum whenever M exceeds the scaled Lagrange multipliers
/// (|∂F/∂gᵢ|·Sᵢ/S_F at the optimum), that is unless tightening a constraint by 0.1% of its limit
/// would buy more than 100% of the objective.
///
/// The answer is then chosen among all designs evaluated, feasibility first (`best`), so a
/// slightly infeasible vertex of the simplex is never reported when a feasible design was seen.
struct DesignPenalty: Sendable {
    /// Readings are laid out as [objective, constraint 1, constraint 2, ...].
    var objective: DesignObjective
    var constraints: [DesignConstraint]
    var objectiveScale: Double
    var constraintScales: [Double]

    /// M, the weight of a violation of one scale unit relative to one scale unit of objective.
    static let weight = 1000.0

    init(objective: DesignObjective, constraints: [DesignConstraint], firstSimplex: [DesignEvaluation]) {
        self.objective = objective
        self.constraints = constraints
        let largest = firstSimplex.map { abs(objective.loss($0.readings[0].value)) }.max() ?? 0
        objectiveScale = largest > 0 ? largest : 1
        constraintScales = constraints.indices.map { i in
            if constraints[i].limit != 0 { return abs(constraints[i].limit) }
            let largest = firstSimplex.map { abs($0.readings[i + 1].value) }.max() ?? 0
            return largest > 0 ? largest : 1
        }
    }

    /// Φ at a design.
    func value(_ design: DesignEvaluation) -> Double {
        objective.loss(design.readings[0].value) / objectiveScale + Self.weight * scaledViolation(design)
    }

    /// Σᵢ vᵢ / Sᵢ: 0 exactly when every constraint is met.
    func scaledViolation(_ design: DesignEvaluation) -> Double {
        constraints.indices.reduce(0) { $0 + constraints[$1].violation(design.readings[$1 + 1].value) / constraintScales[$1] }
    }

    /// The design to report, feasibility first: among the designs meeting every constraint, the
    /// one with the best objective; when none does, the one with the smallest scaled violation
    /// (`feasible` is then false). Ties go to the design evaluated first.
    static func best(
        of designs: [DesignEvaluation], objective: DesignObjective,
        constraints: [DesignConstraint], scales: [Double]
    ) -> (design: DesignEvaluation, feasible: Bool)? {
        func violation(_ d: DesignEvaluation) -> Double {
            constraints.indices.reduce(0) { $0 + constraints[$1].violation(d.readings[$1 + 1].value) / scales[$1] }
        }
        var best: (design: DesignEvaluation, feasible: Bool, key: Double)?
        for design in designs {
            let v = violation(design)
            let feasible = v == 0
            let key = feasible ? objective.loss(design.readings[0].value) : v
            if let current = best {
                if current.feasible && !feasible { continue }
                if current.feasible == feasible && key >= current.key { continue }
            }
            best = (design, feasible, key)
        }
        return best.map { ($0.design, $0.feasible) }
    }
}
