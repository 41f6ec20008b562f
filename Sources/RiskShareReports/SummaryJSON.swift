import RiskShareKit
import RiskShareSupport

extension Summary {
    /// The report's STAT object: mean, sd, stderr, min, max, quantiles (VaR) with 95% intervals,
    /// expected shortfall, the number of paths beyond each VaR, and exceedance probabilities
    /// with standard errors. Keys of quantiles and thresholds are written as plain decimals.
    public func json(_ settings: ReportSettings, exceedance thresholds: [Double]? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("mean", .finite(mean)), ("sd", .finite(sd)), ("stderr", .finite(stderr)),
            ("min", .finite(minimum)), ("max", .finite(maximum)),
        ]
        let levels = settings.quantiles
        members.append(("quantiles", .object(levels.map { (NumberFormat.plain($0), .finite(quantile($0))) })))
        if levels.contains(where: { quantileInterval($0) != nil }) {
            members.append(("quantile_ci95", .object(levels.compactMap { q in
                quantileInterval(q).map { (NumberFormat.plain(q), .array([.finite($0.lower), .finite($0.upper)])) }
            })))
        }
        members.append(("expected_shortfall", .object(levels.map { (NumberFormat.plain($0), .finite(expectedShortfall($0))) })))
        members.append(("expected_shortfall_stderr", .object(levels.map { (NumberFormat.plain($0), .finite(expectedShortfallStderr($0))) })))
        members.append(("tail_paths", .object(levels.map { (NumberFormat.plain($0), .integer(tailCount($0))) })))
        let xs = thresholds ?? settings.exceedance
        let probabilities = xs.map { exceedance($0) }
        members.append(("exceedance", .object(zip(xs, probabilities).map { (NumberFormat.plain($0), .finite($1.p)) })))
        members.append(("exceedance_stderr", .object(zip(xs, probabilities).map { (NumberFormat.plain($0), .finite($1.stderr)) })))
        return .object(members)
    }
}

/// A probability estimated from paths, with its Monte Carlo standard error.
public struct Probability: Sendable {
    public var p: Double
    public var stderr: Double

    /// Share of paths where `indicator` is true, weighted when the table carries weights.
    public init(indicator: [Bool], weights: [Double]? = nil) {
        let n = Double(indicator.count)
        guard n > 0 else { p = 0; stderr = 0; return }
        if let weights {
            let terms = zip(indicator, weights).map { $0 ? $1 : 0 }
            p = GSL.mean(terms)
            stderr = indicator.count > 1 ? GSL.standardDeviation(terms, mean: p) / n.squareRoot() : 0
        } else {
            p = Double(indicator.lazy.filter { $0 }.count) / n
            stderr = (p * (1 - p) / n).squareRoot()
        }
    }

    public var json: JSONValue { .object([("p", .finite(p)), ("stderr", .finite(stderr))]) }
}
