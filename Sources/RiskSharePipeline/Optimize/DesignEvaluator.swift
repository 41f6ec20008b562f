import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// One design simulated: the values of the searched parameters and the metrics read from its
/// report, in the order of the setup's metrics.
public struct DesignEvaluation: Sendable, Equatable {
    public var values: [Double]
    public var readings: [MetricPath.Reading]
}

/// Simulates designs of one scenario on common random numbers and remembers them.
///
/// A design is the scenario with each searched path set to a number, exactly as
/// `riskshare run FILE --set PATH=VALUE ...` would simulate it (same seed, same report), so a
/// metric is a deterministic function of the values. Every design is simulated once: asking
/// again for the same values returns the stored readings.
public struct DesignEvaluator: Sendable {
    /// The scenario (overrides applied) and the metrics to read; its grid is not used.
    public let setup: SweepSetup
    public let paths: [ParameterPath]
    public let threads: Int
    /// Every design simulated, in order.
    public private(set) var evaluations: [DesignEvaluation] = []
    private var index: [[Double]: Int] = [:]
    /// Called after each new simulation (for `--verbose`).
    let progress: (@Sendable (DesignEvaluation) -> Void)?
    /// Defaults recorded once and replayed for designs that change only `risk_sharing`, `report`
    /// or `capital`; may be shared by evaluators whose scenarios agree outside those sections.
    public let defaults: EvaluationDefaults

    public init(
        setup: SweepSetup, paths: [ParameterPath], threads: Int, progress: (@Sendable (DesignEvaluation) -> Void)? = nil,
        defaults: EvaluationDefaults = EvaluationDefaults()
    ) {
        self.setup = setup
        self.paths = paths
        self.threads = threads
        self.progress = progress
        self.defaults = defaults
    }

    /// The readings at `values` (one per path), simulating the design if it is new.
    public mutating func evaluate(_ values: [Double]) throws -> DesignEvaluation {
        precondition(values.count == paths.count)
        if let i = index[values] { return evaluations[i] }
        var design = setup
        design.grid = try SweepGrid(
            axes: zip(paths, values).map { path, x in
                SweepAxis(path: path, values: [ScenarioNode(.number(x))], labels: [NumberFormat.plain(x)])
            }, zipped: false)
        guard let row = try SweepRunner.evaluate(design, variant: design.grid.variants[0], threads: threads, defaults: defaults) else {
            throw CancellationError()
        }
        for (metric, reading) in zip(setup.metrics, row.readings) where !reading.value.isFinite {
            let point = zip(paths, values).map { "\($0)=\(NumberFormat.plain($1))" }.joined(separator: ", ")
            throw ScenarioError(
                file: setup.file, path: metric.description, line: nil, value: nil,
                message: "is not a finite number at the design \(point); a search needs finite metrics")
        }
        let evaluation = DesignEvaluation(values: values, readings: row.readings)
        index[values] = evaluations.count
        evaluations.append(evaluation)
        progress?(evaluation)
        return evaluation
    }
}
