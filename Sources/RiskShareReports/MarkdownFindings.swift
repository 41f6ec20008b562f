import RiskShareKit
import RiskShareSupport

/// The report's first section: what a committee decides on, as one table and plain sentences.
extension MarkdownReport {
    /// The level key findings speak of: 99%, or the reported level nearest to it.
    static let findingsLevel = 0.99

    mutating func keyFindings() {
        add(.heading(level: 2, text: s.keyFindings, id: "key-findings"))
        findingsTable()
        var sentences: [String] = []
        for party in report.parties {
            sentences.append(lossFinding(who: "`\(party.name)`", party.loss, at: Pointer.make("parties", party.name, "loss")))
        }
        if let fiscal = report.fiscal { sentences += fiscalFindings(fiscal) }
        for (i, pool) in report.pools.enumerated() { sentences += poolFindings(pool, index: i) }
        if let tolerance = report.tolerance {
            sentences.append(
                s.toleranceFinding(
                    level: n.percent(tolerance.level, at: Pointer.make("tolerance", "level")),
                    p: probability(tolerance.breachAny, at: Pointer.make("tolerance", "p_breach_any"))))
        }
        if let fiscal = report.fiscal {
            let unit = n.unit(for: fiscal.coveredVolume)
            if let leverage = fiscal.leverage {
                sentences.append(
                    s.leverageFinding(
                        leverage: n.plain(leverage, decimals: 1, at: Pointer.make("fiscal", "leverage")),
                        volume: n.money(
                            fiscal.coveredVolume, unit,
                            at: Pointer.make("fiscal", "covered_volume")),
                        unit: unit.label, currency: report.scenario.currency))
            } else {
                sentences.append(s.leverageUndefined)
            }
        }
        if !sentences.isEmpty { add(.bullets(sentences)) }
        if !report.pools.isEmpty { poolYearTable() }
    }

    /// Expected loss, VaR and ES at 99% (or the nearest reported level) with intervals, for the
    /// gross loss and every loss-bearing party, each in its own unit.
    private mutating func findingsTable() {
        guard let level = report.grossLoss.nearestLevel(to: Self.findingsLevel)?.level else {
            add(.paragraph(s.noLevelsReported))
            return
        }
        if level != Self.findingsLevel {
            add(.note(s.nearestLevelNote(level: n.level(level, at: nil), requested: n.level(Self.findingsLevel, at: nil))))
        }
        let levelText = n.level(level, at: nil)
        let header =
            isExact
            ? [s.who, s.expectedLoss, s.valueAtRisk + " " + levelText, s.expectedShortfall + " " + n.level(level, at: nil), s.unit]
            : [s.who, s.expectedLossWithError, s.valueAtRiskAt(levelText), s.expectedShortfallAt(n.level(level, at: nil)), s.unit]
        var rows: [[String]] = []
        var subjects: [(String, DistributionSummary, String)] = [(s.grossLossTitle, report.grossLoss, Pointer.make("gross_loss"))]
        subjects += report.parties.map { ("`\($0.name)`", $0.loss, Pointer.make("parties", $0.name, "loss")) }
        if let fiscal = report.fiscal { subjects.append((s.publicCost, fiscal.cost, Pointer.make("fiscal", "cost"))) }
        for (who, stat, base) in subjects {
            let unit = n.unit(for: stat)
            var row = [who, meanWithError(stat, unit, at: base)]
            let key = levelKey(level)
            if let tail = stat.level(level) {
                if case .outsideSampledRegion = tail.coverage {
                    row += [s.outsideSampledRegionCell, s.outsideSampledRegionCell]
                } else {
                    var v = n.money(tail.valueAtRisk, unit, at: base + "/quantiles/" + key)
                    if let interval = tail.interval {
                        v +=
                            " [\(n.money(interval.lower, unit, at: base + "/quantile_ci95/\(key)/0")), "
                            + "\(n.money(interval.upper, unit, at: base + "/quantile_ci95/\(key)/1"))]"
                    }
                    var es = n.money(tail.expectedShortfall.value, unit, at: base + "/expected_shortfall/" + key)
                    if !stat.isExact {
                        es +=
                            " ± "
                            + n.money(
                                tail.expectedShortfall.stderr, unit,
                                at: base + "/expected_shortfall_stderr/" + key)
                    }
                    row += [v, es]
                }
            } else {
                row += [s.notComputed, s.notComputed]
            }
            row.append(unit.label)
            rows.append(row)
        }
        add(.table(header: header, rows: rows, alignments: [.left, .right, .right, .right, .left]))
    }

    /// "`bank` bears an expected loss of ...; in a 1-in-100 outcome it loses ... or more ...".
    mutating func lossFinding(who: String, _ stat: DistributionSummary, at base: String) -> String {
        let unit = n.unit(for: stat)
        if stat.isConstant {
            if stat.maximum == 0 { return s.bearsNoLoss(who) }
            return s.bearsConstantLoss(who, value: n.money(stat.maximum, unit, at: base + "/max"), unit: unit.label)
        }
        let mean = meanWithError(stat, unit, at: base)
        let years = n.plain(Double(horizon), at: Pointer.make("run", "horizon_years"))
        guard let tail = stat.nearestLevel(to: Self.findingsLevel) else {
            return s.expectedLossOnly(who, mean: mean, unit: unit.label, years: years)
        }
        let outcome = outcomePhrase(tail.level)
        let key = levelKey(tail.level)
        if case .outsideSampledRegion = tail.coverage {
            return s.expectedLossOutsideRegion(who, mean: mean, unit: unit.label, years: years, outcome: outcome)
        }
        let v = n.money(tail.valueAtRisk, unit, at: base + "/quantiles/" + key)
        let label = n.level(tail.level, at: nil)
        if tail.hasNoTail {
            return s.expectedLossCapped(who, mean: mean, unit: unit.label, years: years, outcome: outcome, valueAtRisk: v, level: label)
        }
        let interval = tail.interval.map {
            (n.money($0.lower, unit, at: base + "/quantile_ci95/\(key)/0"), n.money($0.upper, unit, at: base + "/quantile_ci95/\(key)/1"))
        }
        let es = n.money(tail.expectedShortfall.value, unit, at: base + "/expected_shortfall/" + key)
        return s.expectedLossWithTail(
            who, mean: mean, unit: unit.label, years: years, outcome: outcome, valueAtRisk: v,
            interval: interval, expectedShortfall: es, level: label, esLevel: n.level(tail.level, at: nil))
    }

    /// "in a 1-in-100 outcome" for 99%; otherwise names the nearest reported level.
    mutating func outcomePhrase(_ level: Double) -> String {
        level == Self.findingsLevel ? s.oneInHundred : s.nearestOutcome(n.level(level, at: nil))
    }

    private mutating func fiscalFindings(_ fiscal: FiscalSummary) -> [String] {
        var sentences: [String] = []
        let base = Pointer.make("fiscal", "cost")
        let unit = n.unit(for: fiscal.cost)
        if fiscal.cost.isConstant {
            sentences.append(s.publicCostConstant(value: n.money(fiscal.cost.maximum, unit, at: base + "/max"), unit: unit.label))
        } else {
            let mean = meanWithError(fiscal.cost, unit, at: base)
            if let tail = fiscal.cost.nearestLevel(to: Self.findingsLevel), tail.coverage == .covered {
                let outcome = outcomePhrase(tail.level)
                let value = n.money(tail.valueAtRisk, unit, at: base + "/quantiles/" + levelKey(tail.level))
                let label = n.level(tail.level, at: nil)
                sentences.append(
                    tail.hasNoTail
                        ? s.publicCostCapped(mean: mean, unit: unit.label, outcome: outcome, valueAtRisk: value, level: label)
                        : s.publicCostFinding(mean: mean, unit: unit.label, outcome: outcome, valueAtRisk: value, level: label))
            } else {
                sentences.append(s.publicCostMeanOnly(mean: mean, unit: unit.label))
            }
        }
        if fiscal.topups.maximum > 0 {
            let topupUnit = n.unit(for: fiscal.topups)
            sentences.append(
                s.topupsFinding(
                    n.money(fiscal.topups.mean.value, topupUnit, at: Pointer.make("fiscal", "topups", "mean")),
                    unit: topupUnit.label))
        }
        return sentences
    }

    private mutating func poolFindings(_ pool: PoolSummary, index: Int) -> [String] {
        let base = Pointer.make("pools", pool.name)
        var sentences: [String] = []
        if pool.exhausted.p == 0 {
            sentences.append(s.poolNeverExhausted(pool.name, paths: n.plain(Double(report.run.paths), at: Pointer.make("run", "paths"))))
        } else {
            let p = probability(pool.exhausted, at: base + "/p_exhausted")
            let year = mostLikelyYear(pool.exhaustedByYear)
            let yearText = year.map { n.plain(Double($0), at: Pointer.make("years", $0 - 1, "year")) }
            sentences.append(s.poolExhausted(pool.name, p: p, year: yearText))
        }
        if let year = mostLikelyYear(pool.suspendedByYear) {
            let p = probability(pool.suspendedByYear[year - 1], at: base + "/p_suspended_by_year/\(year - 1)")
            sentences.append(s.poolSuspended(pool.name, year: n.plain(Double(year), at: Pointer.make("years", year - 1, "year")), p: p))
        } else {
            sentences.append(s.poolNeverSuspended(pool.name))
        }
        return sentences
    }

    /// Year by year: each pool's probability of exhaustion and of suspension.
    private mutating func poolYearTable() {
        var header = [s.year]
        for pool in report.pools { header += [s.poolExhaustedColumn(pool.name), s.poolSuspendedColumn(pool.name)] }
        var rows: [[String]] = []
        for t in 0..<horizon {
            var row = [n.plain(Double(t + 1), at: Pointer.make("years", t, "year"))]
            for pool in report.pools where t < pool.exhaustedByYear.count && t < pool.suspendedByYear.count {
                let base = Pointer.make("pools", pool.name)
                row.append(probability(pool.exhaustedByYear[t], at: base + "/p_exhausted_by_year/\(t)"))
                row.append(probability(pool.suspendedByYear[t], at: base + "/p_suspended_by_year/\(t)"))
            }
            rows.append(row)
        }
        add(.table(header: header, rows: rows, alignments: [.left] + Array(repeating: .right, count: header.count - 1)))
    }

    /// "p ± stderr" as percents (just p for an exact probability).
    mutating func probability(_ estimate: ProbabilityEstimate, at pointer: String) -> String {
        let p = n.percent(estimate.p, at: pointer + "/p")
        return isExact ? p : p + " ± " + n.percent(estimate.stderr, at: pointer + "/stderr")
    }

    /// The year (1-based) with the largest probability; nil when every probability is zero.
    func mostLikelyYear(_ byYear: [ProbabilityEstimate]) -> Int? {
        guard let best = byYear.indices.max(by: { byYear[$0].p < byYear[$1].p }), byYear[best].p > 0 else { return nil }
        // max(by:) returns the last of equal maxima; take the first year instead.
        return byYear.firstIndex { $0.p == byYear[best].p }! + 1
    }
}
