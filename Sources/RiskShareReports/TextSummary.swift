import RiskShareKit
import RiskShareSupport

/// The summary `riskshare run` prints: the run, the loss of the gross book and of each party
/// with its standard error and tail measures (each row in a unit that fits it), the findings on
/// pools, tolerance and public cost, then the year table. Rendered from the report model in
/// English or Chinese; every number is recorded as in report.md.
public struct TextSummary {
    let report: Report
    let s: ReportStrings
    var n: NumberWriter

    init(report: Report, language: ReportLanguage) {
        self.report = report
        s = ReportStrings(language: language)
        n = NumberWriter(language: language, currency: report.scenario.currency)
    }

    /// The text and the numbers it shows.
    public static func document(report: Report, language: ReportLanguage = .en) -> (text: String, shown: [ShownNumber]) {
        var summary = TextSummary(report: report, language: language)
        let lines = summary.lines()
        return (lines.joined(separator: "\n") + "\n", summary.n.shown)
    }

    public static func render(report: Report, language: ReportLanguage = .en) -> String {
        document(report: report, language: language).text
    }

    mutating func lines() -> [String] {
        let run = report.run
        var lines = [s.summaryScenario(report.scenario.name)]
        lines.append(
            s.summaryRun(
                paths: n.plain(Double(run.paths), at: Pointer.make("run", "paths")),
                seed: n.exact(Double(run.seed), at: Pointer.make("run", "seed")),
                years: n.plain(Double(run.horizonYears), at: Pointer.make("run", "horizon_years")),
                threads: n.plain(Double(run.threads), at: Pointer.make("run", "threads")),
                seconds: n.plain(run.elapsedSeconds, decimals: 2, at: Pointer.make("run", "elapsed_seconds"))))
        let exposureUnit = n.unit(for: report.portfolio.exposure)
        lines.append(
            s.summaryPortfolio(
                loans: n.plain(Double(report.portfolio.loans), at: Pointer.make("portfolio", "loans")),
                exposure: n.compactMoney(
                    report.portfolio.exposure, exposureUnit,
                    at: Pointer.make("portfolio", "exposure")),
                currency: report.scenario.currency))
        if !run.overrides.isEmpty { lines.append(s.summaryOverrides(run.overrides.map { "--set \($0)" }.joined(separator: " "))) }
        lines.append("")
        lines += lossTable()
        lines.append("")
        let findings = self.findings()
        if !findings.isEmpty { lines += findings + [""] }
        lines += yearTable()
        return lines
    }

    /// The levels shown: 95%, 99% and 99.9% when reported, else the three highest reported.
    var levels: [Double] {
        let all = report.grossLoss.levels.map(\.level)
        let preferred = all.filter { [0.95, 0.99, 0.999].contains($0) }
        return preferred.isEmpty ? Array(all.suffix(3)) : preferred
    }

    mutating func lossTable() -> [String] {
        var header = [s.summaryLossColumn(report.scenario.currency), s.summaryMean, "± " + s.standardErrorShort]
        for q in levels { header.append(s.valueAtRisk + " " + n.level(q, at: nil)) }
        for q in levels { header.append(s.expectedShortfall + " " + n.level(q, at: nil)) }
        var rows = [header]
        var subjects: [(String, DistributionSummary, String)] = [(s.summaryGross, report.grossLoss, Pointer.make("gross_loss"))]
        subjects += report.parties.map { ($0.name, $0.loss, Pointer.make("parties", $0.name, "loss")) }
        for (label, stat, base) in subjects {
            let unit = n.unit(for: stat)
            var row = [
                label, n.compactMoney(stat.mean.value, unit, at: base + "/mean"),
                n.compactMoney(stat.mean.stderr, unit, at: base + "/stderr"),
            ]
            var tails: [String] = []
            for q in levels {
                let key = levelKey(q)
                guard let tail = stat.level(q), tail.coverage == .covered else {
                    row.append(stat.level(q) == nil ? s.notComputed : s.outsideSampledRegionCell)
                    tails.append(stat.level(q) == nil ? s.notComputed : s.outsideSampledRegionCell)
                    continue
                }
                row.append(n.compactMoney(tail.valueAtRisk, unit, at: base + "/quantiles/" + key))
                tails.append(n.compactMoney(tail.expectedShortfall.value, unit, at: base + "/expected_shortfall/" + key))
            }
            rows.append(row + tails)
        }
        return Self.table(rows)
    }

    mutating func findings() -> [String] {
        var lines: [String] = []
        let currency = report.scenario.currency
        for pool in report.pools {
            let base = Pointer.make("pools", pool.name)
            let unit = n.unit(for: pool.paid)
            var line = s.summaryPool(
                pool.name, paid: n.compactMoney(pool.paid.mean.value, unit, at: base + "/paid/mean"),
                currency: currency,
                exhausted: probability(pool.exhausted, at: base + "/p_exhausted"))
            if let year = Self.mostLikelyYear(pool.exhaustedByYear) {
                line += s.summaryMostOften(n.plain(Double(year), at: Pointer.make("years", year - 1, "year")))
            }
            if let year = Self.mostLikelyYear(pool.suspendedByYear) {
                line += s.summarySuspended(
                    year: n.plain(Double(year), at: Pointer.make("years", year - 1, "year")),
                    p: probability(pool.suspendedByYear[year - 1], at: base + "/p_suspended_by_year/\(year - 1)"))
            }
            lines.append(line)
        }
        for cap in report.caps {
            let base = Pointer.make("caps", cap.layer)
            lines.append(s.summaryCap(cap.layer, parties: s.list(cap.parties), p: probability(cap.binds, at: base)))
        }
        if let tolerance = report.tolerance {
            var line = s.summaryTolerance(
                level: n.percent(tolerance.level, at: Pointer.make("tolerance", "level")),
                p: probability(tolerance.breachAny, at: Pointer.make("tolerance", "p_breach_any")))
            if tolerance.exceeded.count == 2 {
                let (a, b) = (tolerance.exceeded[0], tolerance.exceeded[1])
                let ratioA = n.percent(
                    a.worstYear,
                    at: Pointer.make(
                        "tolerance", "npl_ratio_exceeded_with_probability",
                        levelKey(a.probability)))
                let pA = n.level(a.probability, at: nil)
                let ratioB = n.percent(
                    b.worstYear,
                    at: Pointer.make(
                        "tolerance", "npl_ratio_exceeded_with_probability",
                        levelKey(b.probability)))
                let pB = n.level(b.probability, at: nil)
                line += s.summaryWorstYear(ratioA, pA, ratioB, pB)
            }
            lines.append(line)
        }
        if let fiscal = report.fiscal {
            let base = Pointer.make("fiscal", "cost")
            let unit = n.unit(for: fiscal.cost)
            var line = s.summaryPublicCost(n.compactMoney(fiscal.cost.mean.value, unit, at: base + "/mean"), currency: currency)
            if let tail = fiscal.cost.nearestLevel(to: 0.99), tail.coverage == .covered {
                let value = n.compactMoney(tail.valueAtRisk, unit, at: base + "/quantiles/" + levelKey(tail.level))
                line +=
                    tail.level == 0.99
                    ? s.summaryOneInHundred(value) : s.summaryNearestLevel(value, level: n.level(tail.level, at: nil))
            }
            if let leverage = fiscal.leverage {
                line += s.summaryLeverage(n.plain(leverage, decimals: 1, at: Pointer.make("fiscal", "leverage")), currency: currency)
            }
            lines.append(line)
            if fiscal.topups.maximum > 0 {
                let topupUnit = n.unit(for: fiscal.topups)
                let mean = n.compactMoney(fiscal.topups.mean.value, topupUnit, at: Pointer.make("fiscal", "topups", "mean"))
                lines.append(s.summaryTopups(mean, currency: currency))
            }
        }
        if let capital = report.capital {
            let r = capital.regulatory
            let base = Pointer.make("capital", "regulatory")
            let unit = n.unit(for: r.capitalBefore)
            var line = s.summaryCapital(
                relief: n.compactMoney(r.relief, unit, at: base + "/relief"),
                before: n.compactMoney(r.capitalBefore, unit, at: base + "/capital_before"),
                after: n.compactMoney(r.capitalAfter, unit, at: base + "/capital_after"), currency: currency)
            if let perCost = r.reliefPerPublicCost {
                line += s.summaryReliefPerCost(n.plain(perCost, decimals: 3, at: base + "/relief_per_public_cost"))
            }
            lines.append(line)
        }
        lines += drivers()
        if let sampling = report.importanceSampling {
            lines.append(
                s.summaryImportanceSampling(
                    ess: n.plain(sampling.effectiveSampleSize, at: Pointer.make("importance_sampling", "effective_sample_size")),
                    meanWeight: n.plain(sampling.meanWeight, decimals: 4, at: Pointer.make("importance_sampling", "mean_weight"))))
        }
        return lines
    }

    /// Segments shown per party in the drivers line; report.md has them all.
    static let shownDrivers = 3

    /// For each loss-bearing party, what drives its ES at 99% (or the nearest reported level):
    /// the segments with the largest ES contributions, largest first, with their share of the ES,
    /// and the loan with the largest contribution when the book has a loan tape.
    mutating func drivers() -> [String] {
        guard let contributions = report.contributions, let k = contributions.shownLevel else { return [] }
        let q = contributions.levels[k]
        var lines: [String] = []
        for subject in contributions.subjects where subject.name != "gross_loss" {
            let es = subject.expectedShortfall[k]
            guard es > 0 else { continue }
            let base = Pointer.make("contributions", subject.name)
            let unit = n.unit(for: es)
            var line: String?
            if let segments = subject.breakdown("segment")?.parts, segments.count > 1 {
                let ranked = segments.filter { $0.expectedShortfall[k].value != 0 }.sorted {
                    $0.expectedShortfall[k].value > $1.expectedShortfall[k].value
                }
                let parts = ranked.prefix(Self.shownDrivers).map { part in
                    let amount = part.expectedShortfall[k].value
                    let at = Pointer.make("contributions", subject.name, "segment", part.name, "expected_shortfall", levelKey(q))
                    return part.name + " " + n.compactMoney(amount, unit, at: at)
                        + " (" + n.percent(amount / es, at: nil, decimals: 0) + ")"
                }
                let more = ranked.count > Self.shownDrivers ? n.plain(Double(ranked.count - Self.shownDrivers), at: nil) : nil
                line = s.summaryDrivers(party: subject.name, level: n.level(q, at: nil), parts: parts, more: more)
            }
            if let loan = subject.topLoans?.first, let level = contributions.topLoansLevel {
                let at = base + "/top_loans/0"
                let amount = n.compactMoney(
                    loan.expectedShortfall.value, n.unit(for: loan.expectedShortfall.value), at: at + "/expected_shortfall")
                let share = n.percent(loan.share, at: at + "/share", decimals: 1)
                if let text = line, level == q {
                    line = text + s.summaryLargestLoanSuffix(id: loan.id, amount: amount, share: share)
                } else {
                    if let text = line { lines.append(text) }
                    line = s.summaryLargestLoan(
                        party: subject.name, level: n.level(level, at: nil), id: loan.id, amount: amount, share: share)
                }
            }
            if let line { lines.append(line) }
        }
        return lines
    }

    mutating func yearTable() -> [String] {
        guard !report.years.isEmpty else { return [] }
        // 95% and 99% when both are reported, else the two highest reported levels.
        let nplLevels: [Double] = {
            let all = report.years.first?.nplRatio?.levels.map(\.level) ?? []
            return all.contains(0.95) && all.contains(0.99) ? [0.95, 0.99] : Array(all.suffix(2))
        }()
        var header = [s.summaryYear, s.summaryGrossMean, s.summaryDefaultsMean, s.summaryNPLMean]
        for q in nplLevels { header.append(s.summaryNPLAt(n.level(q, at: nil))) }
        var rows = [header]
        for (i, year) in report.years.enumerated() {
            let base = Pointer.make("years", i)
            let unit = n.unit(for: year.grossLoss)
            var row = [
                n.plain(Double(year.year), at: base + "/year"),
                n.compactMoney(
                    year.grossLoss.mean.value, unit,
                    at: base + "/gross_loss/mean"),
            ]
            row.append(year.defaults.map { n.plain($0.mean.value, decimals: 1, at: base + "/defaults/mean") } ?? s.notComputed)
            row.append(year.nplRatio.map { n.percent($0.mean.value, at: base + "/npl_ratio/mean") } ?? s.notComputed)
            for q in nplLevels {
                if let tail = year.nplRatio?.level(q) {
                    row.append(n.percent(tail.valueAtRisk, at: base + "/npl_ratio/quantiles/" + levelKey(q)))
                } else {
                    row.append(s.notComputed)
                }
            }
            rows.append(row)
        }
        return Self.table(rows)
    }

    mutating func probability(_ estimate: ProbabilityEstimate, at pointer: String) -> String {
        n.percent(estimate.p, at: pointer + "/p") + " ± " + n.percent(estimate.stderr, at: pointer + "/stderr")
    }

    static func mostLikelyYear(_ byYear: [ProbabilityEstimate]) -> Int? {
        guard let top = byYear.map(\.p).max(), top > 0 else { return nil }
        return byYear.firstIndex { $0.p == top }! + 1
    }

    /// Columns aligned by display width (a CJK character takes two cells), numbers right-aligned,
    /// the first column left-aligned.
    static func table(_ rows: [[String]]) -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        let widths = (0..<width).map { c in rows.map { c < $0.count ? displayWidth($0[c]) : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - displayWidth(cell))
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
    }

    /// Terminal cells taken by `text`: two for East Asian wide characters, one otherwise.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v)
            return width + (wide ? 2 : 1)
        }
    }
}
