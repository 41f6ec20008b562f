
/// The outcome of one variant: its values and each metric.
public struct SweepRow: Sendable, Equatable {
    public var variant: Int
    /// The varied values as written in outputs, in axis order.
    public var labels: [String]
    /// One reading per metric, in metric order.
    public var readings: [MetricPath.Reading]

    public init(variant: Int, labels: [String], readings: [MetricPath.Reading]) {
        self.variant = variant
        self.labels = labels
        self.readings = readings
    }
}
