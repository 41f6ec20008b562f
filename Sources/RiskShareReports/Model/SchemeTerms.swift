import RiskShareKit
import RiskShareSupport

/// The scheme's terms and the model's assumptions, restated from the scenario so that a reader
/// can tell two designs apart from the report alone (report.json `terms`).
public struct SchemeTerms: Sendable, Equatable {
    /// Risk-sharing layers in waterfall order.
    public var layers: [MechanismTerms]
    /// Interest subsidies.
    public var subsidies: [MechanismTerms]
    /// The NPL tolerance rule, when the scheme has one.
    public var tolerance: MechanismTerms?
    /// The default model: copula, factors, persistence, stress, renewal, horizon, method.
    public var model: [SchemeTerm]
    /// Each segment's stage, product, size, PD, LGD model, term, first-loan share, rate and loadings.
    public var segments: [MechanismTerms]

    public init(
        layers: [MechanismTerms], subsidies: [MechanismTerms], tolerance: MechanismTerms?,
        model: [SchemeTerm], segments: [MechanismTerms]
    ) {
        self.layers = layers
        self.subsidies = subsidies
        self.tolerance = tolerance
        self.model = model
        self.segments = segments
    }
}
