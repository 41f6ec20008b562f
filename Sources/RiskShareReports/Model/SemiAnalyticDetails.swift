import RiskShareKit
import RiskShareSupport

/// How a semi-analytic distribution was computed (report.json `semi_analytic`).
public struct SemiAnalyticDetails: Sendable, Equatable {
    /// Spacing of the loss lattice (currency).
    public var latticeStep: Double
    public var latticePoints: Int
    /// Bound on the probability mass misplaced by discretising losses.
    public var discretisationBound: Double
    /// Gauss-Hermite nodes over the factor.
    public var quadratureNodes: Int
    /// Relative change of the tail against half the nodes; nil when not computed.
    public var quadratureRelativeChange: Double?
    /// Whether a Beta LGD was discretised.
    public var lgdDiscretised: Bool
    /// Total probability of the lattice distribution (1 up to rounding).
    public var totalProbability: Double

    public init(
        latticeStep: Double, latticePoints: Int, discretisationBound: Double, quadratureNodes: Int,
        quadratureRelativeChange: Double?, lgdDiscretised: Bool, totalProbability: Double
    ) {
        self.latticeStep = latticeStep
        self.latticePoints = latticePoints
        self.discretisationBound = discretisationBound
        self.quadratureNodes = quadratureNodes
        self.quadratureRelativeChange = quadratureRelativeChange
        self.lgdDiscretised = lgdDiscretised
        self.totalProbability = totalProbability
    }
}
