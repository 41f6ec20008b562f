import Foundation
import RiskShareSupport

/// What `riskshare calibrate` prints and writes: the `--json` document and the scenario
/// fragment that sets a segment's `pd` and `loadings`.
public enum CalibrationOutput {
    /// The `--json` document, exactly
    /// `{pd, rho, pd_stderr, rho_stderr, pd_ci95: [lo, hi], rho_ci95: [lo, hi], log_likelihood, years}`;
    /// a standard error that could not be computed is null.
    public static func json(_ fit: VasicekFit) -> JSONValue {
        func optional(_ x: Double?) -> JSONValue { x.map(JSONValue.finite) ?? .null }
        return .object([
            ("pd", .finite(fit.pd)),
            ("rho", .finite(fit.rho)),
            ("pd_stderr", optional(fit.pdStderr)),
            ("rho_stderr", optional(fit.rhoStderr)),
            ("pd_ci95", .array([.finite(fit.pdInterval.lower), .finite(fit.pdInterval.upper)])),
            ("rho_ci95", .array([.finite(fit.rhoInterval.lower), .finite(fit.rhoInterval.upper)])),
            ("log_likelihood", .finite(fit.logLikelihood)),
            ("years", .integer(fit.years)),
        ])
    }

    /// A scenario fragment for `include`: `portfolio.segments` with one item naming `segment`
    /// and setting `pd` and, when ρ is identified, `loadings: {factor: sqrt(ρ)}`; and
    /// `economy.factors: [factor]` for a scenario that has no factors yet. The fit, and the
    /// equivalent `--set` arguments, are recorded in comments.
    /// - Parameters:
    ///   - fit: the calibration.
    ///   - series: the series it was fitted to (file name, years, kind of data).
    ///   - segment: the segment's name in the scenario.
    ///   - factor: the factor that carries the loading.
    ///   - nplDurationYears: the divisor that turned NPL ratios into default rates (recorded in
    ///     the comments when the series was given as NPL ratios).
    /// - Returns: YAML text with `pd` and `loadings` for the segment and the fit in comments.
    public static func fragment(
        _ fit: VasicekFit, series: DefaultRateSeries, segment: String, factor: String,
        nplDurationYears: Double
    ) -> String {
        func g(_ x: Double) -> String { String(format: "%.4g", x) }
        func interval(_ i: ProfileInterval) -> String {
            "\(i.lowerIsOpen ? "(open) " : "")\(g(i.lower)) to \(g(i.upper))\(i.upperIsOpen ? " (open)" : "")"
        }
        func error(_ x: Double?) -> String { x.map(g) ?? "not computed" }
        let data: String
        switch series.observations {
        case .rates:
            data =
                series.convertedFromNPL
                ? "NPL ratios converted to default rates by dividing by \(NumberFormat.plain(nplDurationYears)) years (large-portfolio likelihood)"
                : "default rates (large-portfolio likelihood)"
        case .counts: data = "default counts (binomial-mixture likelihood)"
        }
        let quotedSegment = quoted(segment), quotedFactor = quoted(factor)
        var lines = [
            "# Calibrated with `riskshare calibrate \((series.file as NSString).lastPathComponent)`: the one-factor Vasicek",
            "# model fitted by maximum likelihood to \(series.count) years (\(series.years.min()!)-\(series.years.max()!)) of \(data).",
            "#   pd  = \(g(fit.pd))  standard error \(error(fit.pdStderr)), 95% profile-likelihood interval \(interval(fit.pdInterval))",
            "#   rho = \(g(fit.rho))  standard error \(error(fit.rhoStderr)), 95% profile-likelihood interval \(interval(fit.rhoInterval))",
            "#   log-likelihood \(String(format: "%.6f", fit.logLikelihood))",
        ]
        let setPD = "--set 'portfolio.segments[\(segment)].pd=\(NumberFormat.plain(fit.pd))'"
        switch fit.identification {
        case .identified:
            lines += [
                "# loading = sqrt(rho) on factor \(factor). If the segment also loads on other factors, the fitted rho is",
                "# its total systematic variance (the sum of its squared loadings): scale the loadings to match.",
                "# Include this file from a scenario whose segment \(quotedSegment) does not set pd or loadings itself (the",
                "# including file's keys win), or pass the same values on the command line:",
                "#   \(setPD) --set 'portfolio.segments[\(segment)].loadings.\(factor)=\(NumberFormat.plain(fit.loading))'",
            ]
        case .notIdentified(let reason):
            lines += [
                "# RHO IS NOT IDENTIFIED: \(reason).",
                "# Loadings are therefore not set here: choose them from other evidence (e.g. the Basel corporate",
                "# correlation). Include this file from a scenario whose segment \(quotedSegment) does not set pd itself,",
                "# or pass the PD on the command line:",
                "#   \(setPD)",
            ]
        }
        lines += [
            "economy:",
            "  factors: [\(quotedFactor)]",
            "portfolio:",
            "  segments:",
            "    - name: \(quotedSegment)",
            "      pd: \(NumberFormat.plain(fit.pd))",
        ]
        if fit.identification.isIdentified {
            lines.append("      loadings: {\(quotedFactor): \(NumberFormat.plain(fit.loading))}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar (JSON string syntax, which YAML accepts).
    static func quoted(_ text: String) -> String { JSONValue.string(text).compactText() }
}
