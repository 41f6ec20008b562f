import RiskShareKit
import RiskShareReports

/// The metric a design search improves: `--minimize METRIC` or `--maximize METRIC`.
public struct DesignObjective: Sendable, Equatable {
    public var metric: MetricPath
    /// true for `--maximize`: the search minimises the metric's negative.
    public var maximize: Bool

    public init(metric: MetricPath, maximize: Bool = false) {
        self.metric = metric
        self.maximize = maximize
    }

    /// The value the search minimises.
    func loss(_ value: Double) -> Double { maximize ? -value : value }

    /// `minimize METRIC` or `maximize METRIC`.
    public var description: String { "\(maximize ? "maximize" : "minimize") \(metric)" }
}
