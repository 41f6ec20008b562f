import RiskShareKit
import RiskShareSupport

/// report.csv: every statistic of the report model as one tidy table, one row per
/// (section, name, quantity, year, statistic, level), ready for `pandas.read_csv` or R's `read.csv`.
///
/// Columns:
/// - `section`: `portfolio`, `gross`, `party`, `pool`, `cap`, `tolerance`, `fiscal`,
///   `capital_regulatory`, `capital_economic`, `contributions`, `semi_analytic`, `importance_sampling`;
/// - `name`: the party, pool, cap or segment; empty for the whole book; for `contributions`,
///   `<subject>/<tag>/<value>` (see `contributionRows`);
/// - `quantity`: what is measured (`loss`, `defaults`, `npl_ratio`, `paid`, `balance_end`, `exhausted`, ...);
/// - `year`: 1-based year, empty for the whole horizon;
/// - `statistic`: `mean`, `sd`, `min`, `max`, `quantile` (VaR), `expected_shortfall`, `tail_paths`,
///   `exceedance` (P(value > level)), `probability`, `value`, or, under importance sampling for a
///   level the sampling does not cover, `outside_sampled_region_paths_at_or_below` and
///   `outside_sampled_region_relative_error`;
/// - `level`: the quantile level or exceedance threshold, empty otherwise;
/// - `value`, `stderr` (Monte Carlo standard error where known), `ci95_lower`, `ci95_upper`
///   (95% interval for quantiles).
///
/// Numbers are written in full precision exactly as in report.json. Run facts (`run.*`) and the
/// scheme terms (`terms`) are left out: they are not statistics, and `elapsed_seconds` would make
/// the file differ between runs.
public enum CSVReport {
    public static let header = ["section", "name", "quantity", "year", "statistic", "level", "value", "stderr", "ci95_lower", "ci95_upper"]

    /// One row of the table; empty strings stand for missing cells.
    public struct Row: Sendable, Equatable {
        public var section: String
        public var name: String = ""
        public var quantity: String
        public var year: String = ""
        public var statistic: String
        public var level: String = ""
        public var value: String
        public var stderr: String = ""
        public var ciLower: String = ""
        public var ciUpper: String = ""

        var cells: [String] { [section, name, quantity, year, statistic, level, value, stderr, ciLower, ciUpper] }
    }

    /// The text of report.csv.
    public static func render(report: Report) -> String {
        var out = header.joined(separator: ",") + "\n"
        for row in rows(report: report) {
            out += row.cells.map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The rows in report order.
    public static func rows(report: Report) -> [Row] {
        var rows: [Row] = []
        let p = report.portfolio
        rows.append(Row(section: "portfolio", quantity: "loans", statistic: "value", value: String(p.loans)))
        rows.append(Row(section: "portfolio", quantity: "exposure", statistic: "value", value: number(p.exposure)))
        rows.append(
            Row(
                section: "portfolio", quantity: "expected_loss_first_year_unstressed", statistic: "value",
                value: number(p.expectedLossFirstYearUnstressed)))
        for segment in p.segments {
            func value(_ quantity: String, _ text: String) -> Row {
                Row(section: "portfolio", name: segment.name, quantity: quantity, statistic: "value", value: text)
            }
            rows.append(value("loans", String(segment.loans)))
            rows.append(value("exposure", number(segment.exposure)))
            if let pd = segment.exposureWeightedPD { rows.append(value("exposure_weighted_pd", number(pd))) }
            rows.append(value("first_loans", String(segment.firstLoans)))
        }
        rows += statRows(report.grossLoss, section: "gross", name: "", quantity: "loss", year: "")
        if let defaults = report.defaults { rows += statRows(defaults, section: "gross", name: "", quantity: "defaults", year: "") }
        for year in report.years {
            let t = String(year.year)
            rows += statRows(year.grossLoss, section: "gross", name: "", quantity: "loss", year: t)
            if let defaults = year.defaults { rows += statRows(defaults, section: "gross", name: "", quantity: "defaults", year: t) }
            if let npl = year.nplRatio { rows += statRows(npl, section: "gross", name: "", quantity: "npl_ratio", year: t) }
        }
        for party in report.parties {
            rows += statRows(party.loss, section: "party", name: party.name, quantity: "loss", year: "")
            for (t, stat) in party.lossByYear.enumerated() {
                rows += statRows(stat, section: "party", name: party.name, quantity: "loss", year: String(t + 1))
            }
            if let fees = party.fees { rows += statRows(fees, section: "party", name: party.name, quantity: "fees", year: "") }
            if let subsidies = party.subsidies {
                rows += statRows(
                    subsidies, section: "party", name: party.name, quantity: "subsidies",
                    year: "")
            }
        }
        for pool in report.pools {
            rows += statRows(pool.paid, section: "pool", name: pool.name, quantity: "paid", year: "")
            rows += statRows(pool.topups, section: "pool", name: pool.name, quantity: "topups", year: "")
            rows += statRows(pool.unpaid, section: "pool", name: pool.name, quantity: "unpaid", year: "")
            for (t, stat) in pool.balanceEndByYear.enumerated() {
                rows += statRows(stat, section: "pool", name: pool.name, quantity: "balance_end", year: String(t + 1))
            }
            rows.append(probability(pool.exhausted, section: "pool", name: pool.name, quantity: "exhausted", year: ""))
            for (t, e) in pool.exhaustedByYear.enumerated() {
                rows.append(probability(e, section: "pool", name: pool.name, quantity: "exhausted", year: String(t + 1)))
            }
            for (t, e) in pool.suspendedByYear.enumerated() {
                rows.append(probability(e, section: "pool", name: pool.name, quantity: "suspended", year: String(t + 1)))
            }
        }
        for cap in report.caps {
            rows.append(probability(cap.binds, section: "cap", name: cap.layer, quantity: "binds", year: ""))
        }
        for cap in report.caps {
            for (t, e) in cap.bindsByYear.enumerated() {
                rows.append(probability(e, section: "cap", name: cap.layer, quantity: "binds", year: String(t + 1)))
            }
        }
        if let tolerance = report.tolerance {
            rows.append(Row(section: "tolerance", quantity: "level", statistic: "value", value: number(tolerance.level)))
            for (t, e) in tolerance.breachByYear.enumerated() {
                rows.append(probability(e, section: "tolerance", name: "", quantity: "breach", year: String(t + 1)))
            }
            rows.append(probability(tolerance.breachAny, section: "tolerance", name: "", quantity: "breach_any", year: ""))
            for e in tolerance.exceeded {
                rows.append(
                    Row(
                        section: "tolerance", quantity: "npl_ratio_exceeded_with_probability", statistic: "value",
                        level: levelKey(e.probability), value: number(e.worstYear)))
            }
            for e in tolerance.exceeded {
                for (t, x) in e.byYear.enumerated() where x.isFinite {
                    rows.append(
                        Row(
                            section: "tolerance", quantity: "npl_ratio_exceeded_with_probability", year: String(t + 1),
                            statistic: "value", level: levelKey(e.probability), value: number(x)))
                }
            }
        }
        if let fiscal = report.fiscal {
            rows += statRows(fiscal.cost, section: "fiscal", name: "", quantity: "cost", year: "")
            rows += statRows(fiscal.topups, section: "fiscal", name: "", quantity: "topups", year: "")
            rows.append(Row(section: "fiscal", quantity: "covered_volume", statistic: "value", value: number(fiscal.coveredVolume)))
            if let leverage = fiscal.leverage {
                rows.append(Row(section: "fiscal", quantity: "leverage", statistic: "value", value: number(leverage)))
            }
            for payer in fiscal.subsidies {
                rows += statRows(payer.subsidies, section: "fiscal", name: payer.name, quantity: "subsidies", year: "")
            }
        }
        if let capital = report.capital { rows += capitalRows(capital) }
        if let contributions = report.contributions { rows += contributionRows(contributions) }
        if let details = report.semiAnalytic {
            func value(_ quantity: String, _ text: String) -> Row {
                Row(section: "semi_analytic", quantity: quantity, statistic: "value", value: text)
            }
            rows.append(value("lattice_step", number(details.latticeStep)))
            rows.append(value("lattice_points", String(details.latticePoints)))
            rows.append(value("discretisation_bound", number(details.discretisationBound)))
            rows.append(value("quadrature_nodes", String(details.quadratureNodes)))
            if let change = details.quadratureRelativeChange { rows.append(value("quadrature_relative_change", number(change))) }
            rows.append(value("lgd_discretised", details.lgdDiscretised ? "1" : "0"))
            rows.append(value("total_probability", number(details.totalProbability)))
        }
        if let sampling = report.importanceSampling {
            for (quantity, x) in [
                ("effective_sample_size", sampling.effectiveSampleSize), ("mean_weight", sampling.meanWeight),
                ("minimum_paths_at_or_below", Double(sampling.coverage.minimumPathsAtOrBelow)),
                ("relative_error_limit", sampling.coverage.relativeErrorLimit),
            ] {
                rows.append(Row(section: "importance_sampling", quantity: quantity, statistic: "value", value: number(x)))
            }
        }
        return rows
    }

    static func probability(_ e: ProbabilityEstimate, section: String, name: String, quantity: String, year: String) -> Row {
        Row(
            section: section, name: name, quantity: quantity, year: year, statistic: "probability", value: number(e.p),
            stderr: number(e.stderr))
    }

    /// The rows of a distribution: moments, then per level VaR (with interval), ES and tail
    /// paths, then exceedance probabilities, then levels outside the sampled region.
    static func statRows(_ stat: DistributionSummary, section: String, name: String, quantity: String, year: String) -> [Row] {
        func row(_ statistic: String, _ value: String, level: String = "", stderr: String = "") -> Row {
            Row(
                section: section, name: name, quantity: quantity, year: year, statistic: statistic, level: level, value: value,
                stderr: stderr)
        }
        var rows = [
            row("mean", number(stat.mean.value), stderr: number(stat.mean.stderr)), row("sd", number(stat.sd)),
            row("min", number(stat.minimum)), row("max", number(stat.maximum)),
        ]
        for level in stat.levels {
            let key = levelKey(level.level)
            var quantile = row("quantile", number(level.valueAtRisk), level: key)
            if let interval = level.interval {
                quantile.ciLower = number(interval.lower)
                quantile.ciUpper = number(interval.upper)
            }
            rows.append(quantile)
            rows.append(
                row(
                    "expected_shortfall", number(level.expectedShortfall.value), level: key,
                    stderr: number(level.expectedShortfall.stderr)))
            if !stat.isExact { rows.append(row("tail_paths", level.tailPaths.map(String.init) ?? "", level: key)) }
        }
        for point in stat.exceedance {
            rows.append(
                row(
                    "exceedance", number(point.probability.p), level: levelKey(point.threshold),
                    stderr: number(point.probability.stderr)))
        }
        for level in stat.levels {
            if case let .outsideSampledRegion(below, relative) = level.coverage {
                rows.append(row("outside_sampled_region_paths_at_or_below", String(below), level: levelKey(level.level)))
                rows.append(row("outside_sampled_region_relative_error", number(relative), level: levelKey(level.level)))
            }
        }
        return rows
    }

    /// A number exactly as report.json writes it; empty when not finite.
    static func number(_ x: Double) -> String { x.isFinite ? JSONValue.format(x) : "" }

    /// RFC 4180 quoting when a field holds a comma, quote or line break, after `neutralised`.
    static func field(_ s: String) -> String {
        let s = neutralised(s)
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text cell a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a
    /// tab or a carriage return, e.g. a segment named `=HYPERLINK(...)`) gets a leading `'`, which
    /// spreadsheets show as text. Numbers (`-0.5`, `+1e-3`) are left as they are.
    public static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return s }
        if let x = Double(s), x.isFinite { return s }
        return "'" + s
    }
}
