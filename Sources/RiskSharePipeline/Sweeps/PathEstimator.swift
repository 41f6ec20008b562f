import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// How a report metric is computed from the per-path table, so that the metric can be written
/// as an average of one number per path. Sweeps use it for the standard error of the paired
/// difference between two variants (`PairedDifference`).
///
/// Only metrics that are a mean over paths, or equal to one to first order, have such a form:
/// means, probabilities (`p`, `p_*`, `caps.*`, `exceedance.*`), VaR (`quantiles.q`) and ES
/// (`expected_shortfall.q`) of a quantity with a per-path column. Spreads, extremes, counts of
/// tail paths, intervals, portfolio facts and leverage have none; their paired standard error
/// is "not computed".
///
/// The map from report keys to table columns mirrors `ReportBuilder` and
/// `RiskSharingPlan.reportSections`; a test checks on every such metric of a full report that
/// the per-path form reproduces the reported value.
struct PathEstimator: Sendable, Equatable {
    /// The per-path quantity: one column, or the largest of several on each path (a pool is
    /// exhausted when it is exhausted in some year; the tolerance is breached in some year).
    enum Quantity: Sendable, Equatable {
        case column(String)
        case maximum([String])
        /// The sum of several columns on each path (a contribution part: its cells).
        case sum([String])
    }

    enum Statistic: Sendable, Equatable {
        /// The mean over the paths.
        case mean
        /// P(quantity > threshold).
        case exceedance(threshold: Double)
        /// VaR at level q.
        case quantile(Double)
        /// ES at level q.
        case expectedShortfall(Double)
        /// The quantity's ES contribution at level q to the ES of `total`: the mean of
        /// n·t_j·x_j / (1 - q) with t_j the tail weights of `total` (`RiskContributions`).
        case expectedShortfallContribution(Double, total: String)
    }

    var quantity: Quantity
    var statistic: Statistic

    /// The estimator of `metric` in `report`, or nil when the metric has no per-path form.
    /// `columns` maps `contributions.*` metrics to the run's cell columns (nil when the run
    /// records none).
    static func locate(_ metric: MetricPath, in report: JSONValue, columns: ContributionColumns? = nil) -> PathEstimator? {
        guard var keys = metric.keys(in: report) else { return nil }
        // `...p_exhausted.p` and `...p_exhausted` name the same probability.
        if keys.last == .member("p") { keys.removeLast() }
        let names: [String?] = keys.map { if case .member(let m) = $0 { return m } else { return nil } }
        let items: [Int?] = keys.map { if case .item(let i) = $0 { return i } else { return nil } }
        let years = report["years"]?.items?.count ?? 0
        func member(_ i: Int) -> String? { i < names.count ? names[i] : nil }
        func item(_ i: Int) -> Int? { i < items.count ? items[i] : nil }

        // Probabilities first: they are not STAT members.
        switch (member(0), keys.count) {
        case ("pools", 3) where member(2) == "p_exhausted":
            guard let pool = member(1), years > 0 else { return nil }
            return PathEstimator(
                quantity: .maximum((1...years).map { "pool.\(pool).exhausted.y\($0)" }),
                statistic: .exceedance(threshold: 0.5))
        case ("pools", 4) where member(2) == "p_exhausted_by_year" || member(2) == "p_suspended_by_year":
            guard let pool = member(1), let year = item(3) else { return nil }
            let flag = member(2) == "p_exhausted_by_year" ? "exhausted" : "suspended"
            return PathEstimator(quantity: .column("pool.\(pool).\(flag).y\(year + 1)"), statistic: .exceedance(threshold: 0.5))
        case ("caps", 2):
            guard let layer = member(1) else { return nil }
            return PathEstimator(quantity: .column("cap.\(layer).bound"), statistic: .exceedance(threshold: 0.5))
        case ("tolerance", _):
            guard let level = report["tolerance"]?["level"]?.doubleValue, years > 0 else { return nil }
            if keys.count == 2, member(1) == "p_breach_any" {
                return PathEstimator(
                    quantity: .maximum((1...years).map { "tolerance.npl_ratio.y\($0)" }),
                    statistic: .exceedance(threshold: level))
            }
            if keys.count == 3, member(1) == "p_breach_by_year", let year = item(2) {
                return PathEstimator(quantity: .column("tolerance.npl_ratio.y\(year + 1)"), statistic: .exceedance(threshold: level))
            }
            return nil
        default:
            break
        }

        if member(0) == "contributions" { return columns.flatMap { contribution(names, columns: $0) } }

        // A member of a STAT: find the STAT's column, then the statistic.
        var statLength = 0
        var column: String?
        switch member(0) {
        case "gross_loss", "defaults":
            column = member(0); statLength = 1
        case "years":
            if let year = item(1), let name = member(2), ["gross_loss", "defaults", "npl_ratio"].contains(name) {
                column = "\(name).y\(year + 1)"; statLength = 3
            }
        case "parties":
            if let party = member(1) {
                if member(2) == "by_year", let year = item(3) {
                    column = "party.\(party).loss.y\(year + 1)"; statLength = 4
                } else if let name = member(2), ["loss", "fees", "subsidies"].contains(name) {
                    column = "party.\(party).\(name)"; statLength = 3
                }
            }
        case "pools":
            if let pool = member(1) {
                if member(2) == "balance_end_by_year", let year = item(3) {
                    column = "pool.\(pool).balance.y\(year + 1)"; statLength = 4
                } else if let name = member(2), ["paid", "topups", "unpaid"].contains(name) {
                    column = "pool.\(pool).\(name)"; statLength = 3
                }
            }
        case "fiscal":
            if let name = member(1), ["cost", "topups"].contains(name) { column = "fiscal.\(name)"; statLength = 2 }
        default:
            break
        }
        guard let column else { return nil }
        let rest = Array(names[statLength...])
        switch rest.count {
        case 1 where rest[0] == "mean":
            return PathEstimator(quantity: .column(column), statistic: .mean)
        case 2:
            guard let group = rest[0], let key = rest[1], let x = Double(key) else { return nil }
            switch group {
            case "quantiles": return PathEstimator(quantity: .column(column), statistic: .quantile(x))
            case "expected_shortfall": return PathEstimator(quantity: .column(column), statistic: .expectedShortfall(x))
            case "exceedance": return PathEstimator(quantity: .column(column), statistic: .exceedance(threshold: x))
            default: return nil
            }
        default:
            return nil
        }
    }

    /// `contributions.<subject>[.<tag>.<value>].{expected_loss, expected_shortfall.<q>}`: the mean
    /// of the subject's (or the part's) loss, or its ES contribution with the subject's tail
    /// weights (a subject's own ES is the contribution of its whole loss). `top_loans` and the
    /// standard errors have no per-path form.
    private static func contribution(_ names: [String?], columns: ContributionColumns) -> PathEstimator? {
        guard names.count >= 3, let subject = names[1], let total = columns.lossColumn(subject) else { return nil }
        var rest = Array(names.dropFirst(2))
        var quantity = Quantity.column(total)
        if rest.count >= 3, let tag = rest[0], let value = rest[1] {
            guard let parts = columns.partColumns(subject: subject, tag: tag, value: value) else { return nil }
            quantity = .sum(parts)
            rest.removeFirst(2)
        }
        switch (rest.count, rest.first) {
        case (1, "expected_loss"):
            return PathEstimator(quantity: quantity, statistic: .mean)
        case (2, "expected_shortfall"):
            guard let key = rest[1], let q = Double(key), q > 0, q < 1 else { return nil }
            return PathEstimator(quantity: quantity, statistic: .expectedShortfallContribution(q, total: total))
        default:
            return nil
        }
    }

    /// The per-path values of the quantity, or nil when a column is missing from the table.
    func values(in table: PathTable) -> [Double]? {
        switch quantity {
        case .column(let name):
            return table.has(name) ? table[name] : nil
        case .maximum(let names):
            guard !names.isEmpty, names.allSatisfy(table.has) else { return nil }
            var result = table[names[0]]
            for name in names.dropFirst() {
                let column = table[name]
                for i in result.indices where column[i] > result[i] { result[i] = column[i] }
            }
            return result
        case .sum(let names):
            guard !names.isEmpty, names.allSatisfy(table.has) else { return nil }
            var result = table[names[0]]
            for name in names.dropFirst() {
                let column = table[name]
                for i in result.indices { result[i] += column[i] }
            }
            return result
        }
    }

    /// One number ψᵢ per path whose average is the metric (exactly for means, probabilities and
    /// ES; to first order for VaR), as defined in Scenarios/README.md ("Sweeps: differences from
    /// a baseline"). Nil when the table lacks the quantity, or for VaR and ES under importance
    /// sampling or for VaR without an interval (no standard error to scale it by).
    /// - Parameters:
    ///   - table: the variant's per-path table.
    ///   - reading: the metric as read from the variant's report (VaR uses its value and the
    ///     standard error derived from its 95% interval).
    /// - Returns: ψ in path order, or nil when the metric has no per-path form in this run.
    func contributions(in table: PathTable, reading: MetricPath.Reading) -> [Double]? {
        guard let x = values(in: table) else { return nil }
        let weights = table.weights
        switch statistic {
        case .mean:
            guard let weights else { return x }
            return zip(x, weights).map { $0 * $1 }
        case .exceedance(let threshold):
            guard let weights else { return x.map { $0 > threshold ? 1 : 0 } }
            return zip(x, weights).map { $0 > threshold ? $1 : 0 }
        case .quantile(let q):
            // ψᵢ = VaR + s √n (q − 1{xᵢ ≤ VaR}) / √(q(1−q)): the linearised quantile, with the
            // density at VaR taken from the reported standard error s = √(q(1−q)/n) / f(VaR).
            guard weights == nil, let s = reading.stderr, s.isFinite, q > 0, q < 1 else { return nil }
            let scale = s * Double(x.count).squareRoot() / (q * (1 - q)).squareRoot()
            let v = reading.value
            return x.map { v + scale * (q - ($0 <= v ? 1 : 0)) }
        case .expectedShortfall(let q):
            // ψᵢ = VaR + (xᵢ − VaR)⁺ / (1 − q), whose average is the Acerbi-Tasche ES exactly.
            guard weights == nil, q > 0, q < 1 else { return nil }
            let v = Summary(values: x).quantile(q)
            return x.map { v + max($0 - v, 0) / (1 - q) }
        case .expectedShortfallContribution(let q, let total):
            // ψᵢ = [n·tᵢ·xᵢ − v·(n·tᵢ − (1 − q))] / (1 − q), with tᵢ the tail weights of the
            // subject's loss (importance weights included) and v ≈ E[x | loss = VaR]: its average is
            // the contribution Σ tᵢ·xᵢ / (1 − q) exactly (Σ tᵢ = 1 − q), and the v term is the
            // contribution's first-order response to the estimated VaR, as VaR is in the ES form
            // above (for x the whole loss, v = VaR and ψ is that form).
            guard table.has(total), q > 0, q < 1, !x.isEmpty else { return nil }
            let loss = table[total]
            let t = RiskContributions.tailWeights(loss, weights: weights, level: q)
            let v = RiskContributions.valueAtRiskShare(x, loss: loss, weights: weights, level: q)
            let n = Double(x.count)
            return x.indices.map { (n * t[$0] * x[$0] - v * (n * t[$0] - (1 - q))) / (1 - q) }
        }
    }
}
