import RiskShareKit
import RiskShareSupport

/// The detail of the risk-sharing sections: pools, caps, NPL tolerance, fiscal cost, and the
/// diagnostics of importance sampling. Each appears only when the model has it.
extension MarkdownReport {
    mutating func pools() {
        guard !report.pools.isEmpty else { return }
        add(.heading(level: 2, text: s.poolsHeading))
        for pool in report.pools {
            let base = Pointer.make("pools", pool.name)
            add(.heading(level: 3, text: s.poolTitle(pool.name)))
            let unit = n.unit(for: pool.paid)
            var sentences: [String] = []
            var paid = s.poolPays(mean: meanWithError(pool.paid, unit, at: base + "/paid"), unit: unit.label)
            if let tail = pool.paid.nearestLevel(to: Self.findingsLevel), tail.coverage == .covered, !pool.paid.isConstant {
                paid += s.poolPaysTail(
                    outcome: outcomePhrase(tail.level),
                    valueAtRisk: n.money(tail.valueAtRisk, unit, at: base + "/paid/quantiles/" + levelKey(tail.level)),
                    unit: unit.label, level: n.level(tail.level, at: nil))
            }
            sentences.append(paid + s.sentenceEnd)
            let topupUnit = n.unit(for: pool.topups)
            sentences.append(s.poolTopups(n.money(pool.topups.mean.value, topupUnit, at: base + "/topups/mean"), unit: topupUnit.label))
            let unpaidUnit = n.unit(for: pool.unpaid)
            sentences.append(s.poolUnpaid(meanWithError(pool.unpaid, unpaidUnit, at: base + "/unpaid"), unit: unpaidUnit.label))
            add(.paragraph(sentences.joined(separator: s.sentenceSeparator)))
            let balanceUnit = n.unit(for: pool.balanceEndByYear.map(\.mean.value).max() ?? 0)
            var rows: [[String]] = []
            for t in 0..<pool.balanceEndByYear.count {
                let b = pool.balanceEndByYear[t]
                let bBase = base + "/balance_end_by_year/\(t)"
                let median = b.level(0.5).map { n.money($0.valueAtRisk, balanceUnit, at: bBase + "/quantiles/0.5") } ?? s.notReported
                rows.append([
                    n.plain(Double(t + 1), at: Pointer.make("years", t, "year")), meanWithError(b, balanceUnit, at: bBase), median,
                    t < pool.exhaustedByYear.count
                        ? probability(pool.exhaustedByYear[t], at: base + "/p_exhausted_by_year/\(t)") : s.notComputed,
                    t < pool.suspendedByYear.count
                        ? probability(pool.suspendedByYear[t], at: base + "/p_suspended_by_year/\(t)") : s.notComputed,
                ])
            }
            add(
                .table(
                    header: [
                        s.year, s.withUnit(s.balanceEndMean, balanceUnit.label), s.balanceEndMedian, s.probabilityExhausted,
                        s.probabilitySuspended,
                    ],
                    rows: rows, alignments: [.left, .right, .right, .right, .right]))
            add(.chart(.poolFan(pool: pool.name)))
        }
    }

    mutating func caps() {
        guard !report.caps.isEmpty else { return }
        add(.heading(level: 2, text: s.capsHeading))
        add(.paragraph(s.capsExplanation))
        var items: [String] = []
        for cap in report.caps {
            let base = Pointer.make("caps", cap.layer)
            let p = n.percent(cap.binds.p, at: base + "/p") + " ± " + n.percent(cap.binds.stderr, at: base + "/stderr")
            var sentence = s.capBinds(
                layer: cap.layer, type: s.mechanismName(cap.layerType),
                parties: list(cap.parties.map { "`\($0)`" }), p: p)
            if let year = mostLikelyYear(cap.bindsByYear) {
                sentence += s.capMostOften(year: n.plain(Double(year), at: Pointer.make("years", year - 1, "year")))
            }
            items.append(sentence + s.sentenceEnd)
        }
        add(.bullets(items))
        var rows: [[String]] = []
        for t in 0..<horizon {
            var row = [n.plain(Double(t + 1), at: Pointer.make("years", t, "year"))]
            for cap in report.caps where t < cap.bindsByYear.count {
                let base = Pointer.make("caps", cap.layer, "p_by_year", t)
                let p = n.percent(cap.bindsByYear[t].p, at: base + "/p")
                row.append(p + " ± " + n.percent(cap.bindsByYear[t].stderr, at: base + "/stderr"))
            }
            rows.append(row)
        }
        let header = [s.year] + report.caps.map { s.capColumn($0.layer) }
        add(.table(header: header, rows: rows, alignments: [.left] + Array(repeating: .right, count: report.caps.count)))
        add(.chart(.capsByYear))
    }

    mutating func tolerance() {
        guard let tolerance = report.tolerance else { return }
        add(.heading(level: 2, text: s.toleranceSectionHeading))
        var sentences = [
            s.toleranceLevelSentence(n.percent(tolerance.level, at: Pointer.make("tolerance", "level"))),
            s.toleranceBreachSentence(probability(tolerance.breachAny, at: Pointer.make("tolerance", "p_breach_any"))),
        ]
        if let year = mostLikelyYear(tolerance.breachByYear) {
            sentences.append(s.toleranceMostLikely(n.plain(Double(year), at: Pointer.make("years", year - 1, "year"))))
        }
        if !tolerance.exceeded.isEmpty {
            var parts: [String] = []
            for e in tolerance.exceeded {
                let key = levelKey(e.probability)
                let ratio = n.percent(e.worstYear, at: Pointer.make("tolerance", "npl_ratio_exceeded_with_probability", key))
                parts.append(s.exceededPart(ratio: ratio, probability: n.level(e.probability, at: nil)))
            }
            sentences.append(s.exceededSentence(list(parts)))
        }
        add(.paragraph(sentences.joined(separator: s.sentenceSeparator)))
        var header = [s.year, s.probabilityAboveTolerance]
        for e in tolerance.exceeded { header.append(s.exceededColumn(n.level(e.probability, at: nil))) }
        var rows: [[String]] = []
        for t in 0..<tolerance.breachByYear.count {
            var row = [
                n.plain(Double(t + 1), at: Pointer.make("years", t, "year")),
                probability(tolerance.breachByYear[t], at: Pointer.make("tolerance", "p_breach_by_year", t)),
            ]
            for e in tolerance.exceeded where t < e.byYear.count {
                row.append(
                    n.percent(
                        e.byYear[t],
                        at: Pointer.make(
                            "tolerance", "npl_ratio_exceeded_with_probability_by_year",
                            levelKey(e.probability), t)))
            }
            rows.append(row)
        }
        add(.table(header: header, rows: rows, alignments: [.left] + Array(repeating: .right, count: header.count - 1)))
    }

    mutating func fiscal() {
        guard let fiscal = report.fiscal else { return }
        add(.heading(level: 2, text: s.fiscalHeading))
        add(.paragraph(s.fiscalDefinition))
        statistics(fiscal.cost, at: Pointer.make("fiscal", "cost"), label: s.publicCostLabel)
        add(.chart(.lossHistogram(title: s.publicCostChartTitle, quantity: .publicCost)))
        var sentences: [String] = []
        let topupUnit = n.unit(for: fiscal.topups)
        sentences.append(
            s.fiscalTopups(
                meanWithError(fiscal.topups, topupUnit, at: Pointer.make("fiscal", "topups")),
                unit: topupUnit.label))
        let volumeUnit = n.unit(for: fiscal.coveredVolume)
        sentences.append(
            s.coveredVolumeSentence(
                n.money(fiscal.coveredVolume, volumeUnit, at: Pointer.make("fiscal", "covered_volume")),
                unit: volumeUnit.label))
        if let leverage = fiscal.leverage {
            sentences.append(
                s.leverageSentence(
                    n.plain(leverage, decimals: 1, at: Pointer.make("fiscal", "leverage")),
                    currency: report.scenario.currency))
        } else {
            sentences.append(s.leverageUndefined)
        }
        add(.paragraph(sentences.joined(separator: s.sentenceSeparator)))
        for payer in fiscal.subsidies {
            add(.heading(level: 3, text: s.subsidyPayerTitle(payer.name)))
            add(.paragraph(payer.bearsLoss ? s.subsidyPayerAlsoBearsLoss(payer.name) : s.subsidyPayerOnly(payer.name)))
            statistics(payer.subsidies, at: Pointer.make("fiscal", "subsidies", payer.name), label: s.subsidiesLabel(payer.name))
        }
    }

    mutating func importanceSampling() {
        guard let sampling = report.importanceSampling else { return }
        add(.heading(level: 2, text: s.importanceSamplingHeading))
        let base = Pointer.make("importance_sampling")
        add(
            .paragraph(
                s.importanceSamplingSentence(
                    ess: n.plain(sampling.effectiveSampleSize, at: base + "/effective_sample_size"),
                    paths: n.plain(Double(report.run.paths), at: Pointer.make("run", "paths")),
                    meanWeight: n.plain(sampling.meanWeight, decimals: 4, at: base + "/mean_weight"),
                    minimum: n.plain(Double(sampling.coverage.minimumPathsAtOrBelow), at: base + "/minimum_paths_at_or_below"),
                    limit: n.percent(sampling.coverage.relativeErrorLimit, at: base + "/relative_error_limit", decimals: 0))))
    }
}
