import RiskShareKit

/// One point of a trade-off frontier (`riskshare optimize --frontier X,Y`): for one design
/// family and one level xₖ, the family's design with the lowest Y among those evaluated with
/// X ≤ xₖ (and every other constraint met).
public struct FrontierPoint: Sendable, Equatable {
    /// The design family's name.
    public var family: String
    /// The level xₖ of the constraint X ≤ xₖ.
    public var level: Double
    /// The design's parameter values, `(path, value)` in the family's order; empty when no
    /// evaluated design of the family met the constraints.
    public var design: [Design]
    /// X and Y at the design (nil when infeasible).
    public var x: MetricPath.Reading?
    public var y: MetricPath.Reading?
    /// Designs simulated by the search at this level (designs seen at earlier levels are free).
    public var evaluations: Int

    public struct Design: Sendable, Equatable {
        public var path: String
        public var value: Double

        public init(path: String, value: Double) {
            self.path = path
            self.value = value
        }
    }

    public init(family: String, level: Double, design: [Design], x: MetricPath.Reading?, y: MetricPath.Reading?, evaluations: Int) {
        self.family = family
        self.level = level
        self.design = design
        self.x = x
        self.y = y
        self.evaluations = evaluations
    }

    /// Whether a design of the family met the constraints at this level.
    public var feasible: Bool { x != nil && y != nil }
}
