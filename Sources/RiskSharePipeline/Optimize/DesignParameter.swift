import RiskShareKit
import RiskShareSupport

/// One parameter of a design search: a scenario value and the interval it may take, written
/// `--vary PATH=LO:HI` on the command line (e.g.
/// `risk_sharing.layers[type=compensation_pool].ratio=0.1:0.5`).
public struct DesignParameter: Sendable, Equatable {
    /// The scenario value searched over.
    public var path: ParameterPath
    /// Smallest value allowed (finite).
    public var lower: Double
    /// Largest value allowed (finite, above `lower`).
    public var upper: Double

    /// - Parameters:
    ///   - path: the scenario value.
    ///   - lower: the smallest value allowed, finite.
    ///   - upper: the largest value allowed, finite and above `lower`.
    ///   - source: where the bounds came from, for messages (`--vary`, a frontier file).
    /// - Throws: `ScenarioError` for bounds that are not finite or not increasing.
    public init(path: ParameterPath, lower: Double, upper: Double, source: String = "--vary") throws {
        guard lower.isFinite, upper.isFinite else {
            throw ScenarioError(
                file: source, path: path.description, line: nil,
                value: "\(NumberFormat.plain(lower)):\(NumberFormat.plain(upper))", message: "bounds must be finite numbers")
        }
        guard lower < upper else {
            throw ScenarioError(
                file: source, path: path.description, line: nil,
                value: "\(NumberFormat.plain(lower)):\(NumberFormat.plain(upper))", message: "needs LO < HI")
        }
        self.path = path
        self.lower = lower
        self.upper = upper
    }

    /// Parses `PATH=LO:HI` (the `=` is the first one outside brackets, as in `--set`).
    public init(parsing text: String) throws {
        guard let eq = SweepAxis.separator(in: text) else {
            throw ScenarioError(
                file: "--vary", path: "", line: nil, value: text,
                message: "must have the form PATH=LO:HI, e.g. 'risk_sharing.layers[0].rate=0.2:0.8'")
        }
        let pathText = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let bounds = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        let path = try ParameterPath(pathText)
        let parts = bounds.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lower = ScenarioNode.parseNumber(parts[0]), let upper = ScenarioNode.parseNumber(parts[1]) else {
            throw ScenarioError(
                file: "--vary", path: pathText, line: nil, value: bounds.isEmpty ? "(empty)" : bounds,
                message: "must be LO:HI with two numbers, e.g. 0.2:0.8")
        }
        try self.init(path: path, lower: lower, upper: upper)
    }

    /// The value at position `u` of the unit interval: lower + (upper - lower)·u rounded to 12
    /// significant digits (so that positions a few ulps apart, as the reflection produces, are
    /// one design, and values read as typed), exactly `lower` at 0 and `upper` at 1.
    public func value(atUnit u: Double) -> Double {
        if u <= 0 { return lower }
        if u >= 1 { return upper }
        let x = Double(String(format: "%.12g", lower + (upper - lower) * u)) ?? lower
        return min(max(x, lower), upper)
    }

    /// The position of `value` in the unit interval (clamped to [0, 1]).
    public func unit(of value: Double) -> Double {
        min(max((value - lower) / (upper - lower), 0), 1)
    }

    /// `PATH=LO:HI` as typed.
    public var text: String { "\(path)=\(NumberFormat.plain(lower)):\(NumberFormat.plain(upper))" }
}
