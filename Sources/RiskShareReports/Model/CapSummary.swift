import RiskShareKit
import RiskShareSupport

/// A layer with a limit (report.json `caps.<layer>`): which party's limit it is and how often
/// the limit binds, over the horizon and by year.
///
/// A limit binds in a year when it leaves part of a payment due in that year unpaid (a
/// tranche: when its covered loss has reached the detachment point by the end of the year).
public struct CapSummary: Sendable, Equatable {
    /// The layer's `name`, or its 0-based index.
    public var layer: String
    /// The layer's `type`: guarantee, portfolio_guarantee, tranche or compensation_pool.
    public var layerType: String
    /// The parties whose limit this is (a guarantee chain may limit several).
    public var parties: [String]
    /// P(the limit binds in some year).
    public var binds: ProbabilityEstimate
    /// P(the limit binds in year t), t = 1...horizon.
    public var bindsByYear: [ProbabilityEstimate]

    public init(layer: String, layerType: String, parties: [String], binds: ProbabilityEstimate, bindsByYear: [ProbabilityEstimate]) {
        self.layer = layer
        self.layerType = layerType
        self.parties = parties
        self.binds = binds
        self.bindsByYear = bindsByYear
    }
}
