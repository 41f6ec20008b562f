import RiskShareKit
import RiskShareSupport

/// Turns a `LossDistribution` into the report's STAT object, with the keys of the Monte Carlo
/// `Summary.json`: mean, sd, stderr (0: there is no sampling error), min, max, quantiles,
/// expected_shortfall (with stderr 0), exceedance and exceedance_stderr (0). Keys that only make sense for
/// paths (quantile_ci95, tail_paths) are left out. `details` describes the computation.
public enum SemiAnalyticReport {
    /// The STAT object for the quantile levels and exceedance thresholds of `settings`
    /// (or `thresholds` when given).
    public static func json(_ distribution: LossDistribution, settings: ReportSettings,
                            exceedance thresholds: [Double]? = nil) -> JSONValue {
        let levels = settings.quantiles
        let xs = thresholds ?? settings.exceedance
        return .object([
            ("mean", .finite(distribution.mean)), ("sd", .finite(distribution.sd)), ("stderr", .finite(0)),
            ("min", .finite(distribution.minimum)), ("max", .finite(distribution.maximum)),
            ("quantiles", .object(levels.map { (NumberFormat.plain($0), .finite(distribution.quantile($0))) })),
            ("expected_shortfall", .object(levels.map { (NumberFormat.plain($0), .finite(distribution.expectedShortfall($0))) })),
            ("expected_shortfall_stderr", .object(levels.map { (NumberFormat.plain($0), .finite(0)) })),
            ("exceedance", .object(xs.map { (NumberFormat.plain($0), .finite(distribution.exceedance($0))) })),
            ("exceedance_stderr", .object(xs.map { (NumberFormat.plain($0), .finite(0)) })),
        ])
    }

    /// How the distribution was computed: lattice step and size, discretisation bound, factor
    /// quadrature nodes and last relative change, whether a Beta LGD was discretised.
    public static func details(_ distribution: LossDistribution) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("lattice_step", .finite(distribution.step)),
            ("lattice_points", .integer(distribution.count)),
            ("discretisation_bound", .finite(distribution.discretisationBound)),
            ("quadrature_nodes", .integer(distribution.quadrature.nodes)),
        ]
        if let change = distribution.quadrature.relativeChange {
            members.append(("quadrature_relative_change", .finite(change)))
        }
        members.append(("lgd_discretised", .bool(distribution.lgdDiscretised)))
        members.append(("total_probability", .finite(distribution.totalProbability)))
        return .object(members)
    }
}
