/// The outcome of one variant: its values and each metric.
public struct SweepRow: Sendable, Equatable {
    public var variant: Int
    /// The varied values as written in outputs, in axis order.
    public var labels: [String]
    /// One reading per metric, in metric order.
    public var readings: [MetricPath.Reading]
    /// One difference from the sweep's baseline variant per metric, in metric order (zero for
    /// the baseline itself); nil when the row was evaluated alone (e.g. a trial of `solve`).
    public var differences: [MetricDifference]?

    public init(variant: Int, labels: [String], readings: [MetricPath.Reading], differences: [MetricDifference]? = nil) {
        self.variant = variant
        self.labels = labels
        self.readings = readings
        self.differences = differences
    }
}
