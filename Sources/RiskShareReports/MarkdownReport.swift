import Foundation
import RiskShareKit
import RiskShareSupport

/// Builds the readable report (report.md, and the text of report.html) from the report model.
///
/// Order: title, key findings, scheme terms and assumptions, then the detail (provenance,
/// portfolio, losses by party, year by year, pools, caps, tolerance, fiscal cost, importance
/// sampling, definitions). Sections the model does not have are left out. Every number goes
/// through `NumberWriter`, which records it with its JSON pointer in report.json, so tests can
/// prove that what the reader sees is what the model says.
public struct MarkdownReport {
    let report: Report
    let s: ReportStrings
    var n: NumberWriter
    var blocks: [MarkdownDocument.Block] = []

    init(report: Report, language: ReportLanguage) {
        self.report = report
        s = ReportStrings(language: language)
        n = NumberWriter(language: language, currency: report.scenario.currency)
    }

    /// The document for a report in `language`.
    public static func document(for report: Report, language: ReportLanguage = .en) -> MarkdownDocument {
        var builder = MarkdownReport(report: report, language: language)
        builder.title()
        builder.keyFindings()
        builder.schemeTerms()
        builder.provenance()
        builder.portfolio()
        builder.losses()
        builder.years()
        builder.pools()
        builder.caps()
        builder.tolerance()
        builder.fiscal()
        builder.capital()
        builder.contributions()
        builder.importanceSampling()
        builder.definitions()
        return MarkdownDocument(blocks: builder.blocks, shown: builder.n.shown, language: language)
    }

    /// report.md text.
    public static func render(report: Report, language: ReportLanguage = .en) -> String {
        document(for: report, language: language).markdown()
    }

    mutating func add(_ block: MarkdownDocument.Block) { blocks.append(block) }

    var horizon: Int { report.run.horizonYears }
    var isExact: Bool { report.semiAnalytic != nil }

    // MARK: Sections

    mutating func title() {
        add(.heading(level: 1, text: s.reportTitle(report.scenario.name)))
        if !report.scenario.description.isEmpty { add(.paragraph(MarkdownDocument.visibleControls(report.scenario.description))) }
        add(.paragraph(s.introUnits(report.scenario.currency) + s.sentenceSeparator + (isExact ? s.introExact : s.introUncertainty)))
    }

    mutating func provenance() {
        add(.heading(level: 2, text: s.provenance))
        let run = report.run
        var rows: [[String]] = [
            [s.scenarioName, "`\(report.scenario.name)`"],
            [s.scenarioFile, "`\(report.scenario.file)`"],
            [s.scenarioHash, "`\(report.scenario.sha256)`"],
            [s.seed, n.exact(Double(run.seed), at: Pointer.make("run", "seed"))],
            [s.paths, n.plain(Double(run.paths), at: Pointer.make("run", "paths"))],
            [s.horizonYears, n.plain(Double(run.horizonYears), at: Pointer.make("run", "horizon_years"))],
        ]
        if let block = run.blockPaths { rows.append([s.blockPaths, n.plain(Double(block), at: Pointer.make("run", "block_paths"))]) }
        rows.append([s.method, "`\(run.method)`"])
        rows.append([
            s.overrides,
            run.overrides.isEmpty ? s.none : run.overrides.map { "`--set \($0)`" }.joined(separator: s.itemSeparator),
        ])
        rows.append([s.riskShareVersion, "`\(run.version)`"])
        rows.append([s.gslVersion, "`\(run.gslVersion)`"])
        rows.append([s.schemaVersion, n.plain(Double(report.schemaVersion), at: Pointer.make("schema_version"))])
        add(.table(header: [s.item, s.value], rows: rows, alignments: [.left, .left]))
        add(.paragraph(s.reproducibility))
    }

    mutating func portfolio() {
        let portfolio = report.portfolio
        add(.heading(level: 2, text: s.portfolio))
        let unit = n.unit(for: portfolio.exposure)
        add(
            .paragraph(
                s.portfolioSentence(
                    loans: n.plain(Double(portfolio.loans), at: Pointer.make("portfolio", "loans")),
                    exposure: n.money(portfolio.exposure, unit, at: Pointer.make("portfolio", "exposure")),
                    unit: unit.label)))
        guard !portfolio.segments.isEmpty else { return }
        let segmentUnit = n.unit(for: portfolio.segments.map(\.exposure).max() ?? 0)
        var rows: [[String]] = []
        for (i, segment) in portfolio.segments.enumerated() {
            let base = Pointer.make("portfolio", "segments", i)
            rows.append([
                "`\(segment.name)`", n.plain(Double(segment.loans), at: base + "/loans"),
                n.money(segment.exposure, segmentUnit, at: base + "/exposure"),
                segment.exposureWeightedPD.map { n.percent($0, at: base + "/exposure_weighted_pd") } ?? s.notDefined,
                n.plain(Double(segment.firstLoans), at: base + "/first_loans"),
            ])
        }
        add(
            .table(
                header: [s.segment, s.loans, s.withUnit(s.exposure, segmentUnit.label), s.exposureWeightedPD, s.firstLoans],
                rows: rows, alignments: [.left, .right, .right, .right, .right]))
    }

    /// The gross loss, then each party's loss.
    var lossSubjects: [(title: String, label: String, stat: DistributionSummary, pointer: String, quantity: MarkdownDocument.ChartQuantity)]
    {
        [(s.grossLossTitle, s.grossLossLabel, report.grossLoss, Pointer.make("gross_loss"), .grossLoss)]
            + report.parties.map { party in
                (
                    s.partyLossTitle(party.name), s.partyLossLabel(party.name), party.loss, Pointer.make("parties", party.name, "loss"),
                    .partyLoss(party.name)
                )
            }
    }

    mutating func losses() {
        add(.heading(level: 2, text: s.lossesByParty))
        add(.paragraph(s.lossesExplanation(isExact: isExact)))
        for subject in lossSubjects {
            add(.heading(level: 3, text: subject.title))
            statistics(subject.stat, at: subject.pointer, label: subject.label)
            add(.chart(.lossHistogram(title: subject.title.replacingOccurrences(of: "`", with: ""), quantity: subject.quantity)))
        }
        add(.heading(level: 3, text: s.largeLossesTitle))
        add(.paragraph(s.largeLossesExplanation))
        add(.chart(.exceedance))
        allocation()
    }

    /// Mean, sd and range in a sentence, then one row per level, then exceedance probabilities,
    /// then notes on levels with few or no paths beyond VaR. A quantity that is the same on every
    /// path gets one sentence.
    mutating func statistics(_ stat: DistributionSummary, at base: String, label: String) {
        let unit = n.unit(for: stat)
        if stat.isConstant {
            add(.paragraph(s.constantSentence(label: label, value: n.money(stat.minimum, unit, at: base + "/min"), unit: unit.label)))
            return
        }
        let mean = n.money(stat.mean.value, unit, at: base + "/mean")
        let se = n.money(stat.mean.stderr, unit, at: base + "/stderr")
        let sd = n.money(stat.sd, unit, at: base + "/sd")
        let low = n.money(stat.minimum, unit, at: base + "/min")
        let high = n.money(stat.maximum, unit, at: base + "/max")
        add(
            .paragraph(
                s.meanSentence(
                    label: label, mean: mean, stderr: se, sd: sd, minimum: low, maximum: high, unit: unit.label,
                    isExact: stat.isExact)))
        var rows: [[String]] = []
        var thin: [TailLevel] = [], noTail: [TailLevel] = [], outside: [(level: Double, below: Int, error: Double)] = []
        for level in stat.levels {
            let key = levelKey(level.level)
            let label = n.level(level.level, at: nil)
            if case let .outsideSampledRegion(below, relative) = level.coverage {
                rows.append([
                    label, s.outsideSampledRegionCell, s.outsideSampledRegionCell, s.outsideSampledRegionCell,
                    level.tailPaths.map { n.plain(Double($0), at: base + "/tail_paths/" + key) } ?? s.notComputed,
                ])
                outside.append((level.level, below, relative))
                continue
            }
            var row = [label, n.money(level.valueAtRisk, unit, at: base + "/quantiles/" + key)]
            if let interval = level.interval {
                row.append(
                    "[\(n.money(interval.lower, unit, at: base + "/quantile_ci95/\(key)/0")), "
                        + "\(n.money(interval.upper, unit, at: base + "/quantile_ci95/\(key)/1"))]")
            } else {
                row.append(s.notComputed)
            }
            var es = n.money(level.expectedShortfall.value, unit, at: base + "/expected_shortfall/" + key)
            if !stat.isExact {
                es += " ± " + n.money(level.expectedShortfall.stderr, unit, at: base + "/expected_shortfall_stderr/" + key)
            }
            row.append(es)
            if let paths = level.tailPaths {
                row.append(n.plain(Double(paths), at: base + "/tail_paths/" + key))
                if level.hasNoTail { noTail.append(level) } else if paths < 100 { thin.append(level) }
            } else {
                row.append(s.notComputed)
            }
            rows.append(row)
        }
        if !rows.isEmpty {
            add(
                .table(
                    header: [
                        s.level, s.withUnit(s.valueAtRisk, unit.label), s.varInterval,
                        s.withUnit(s.expectedShortfall, unit.label) + (stat.isExact ? "" : " ± " + s.standardErrorShort),
                        s.pathsBeyondVaR,
                    ],
                    rows: rows, alignments: [.left, .right, .right, .right, .right]))
        }
        if !noTail.isEmpty { add(.note(s.noTailNote(levels: list(noTail.map { n.level($0.level, at: nil) })))) }
        if !thin.isEmpty {
            let levels = list(thin.map { n.level($0.level, at: nil) })
            let paths = list(thin.map { n.plain(Double($0.tailPaths ?? 0), at: base + "/tail_paths/" + levelKey($0.level)) })
            add(.note(s.thinTailNote(levels: levels, paths: paths)))
        }
        if !outside.isEmpty, let sampling = report.importanceSampling {
            var items: [String] = []
            for o in outside {
                let at = base + "/outside_sampled_region/" + levelKey(o.level)
                items.append(
                    s.outsideSampledRegionItem(
                        level: n.level(o.level, at: nil),
                        paths: n.plain(Double(o.below), at: at + "/paths_at_or_below"),
                        error: n.percent(o.error, at: at + "/relative_error")))
            }
            let rule = Pointer.make("importance_sampling")
            add(
                .note(
                    s.outsideSampledRegionNote(
                        items: items.joined(separator: s.itemSeparator),
                        minimum: n.plain(
                            Double(sampling.coverage.minimumPathsAtOrBelow),
                            at: rule + "/minimum_paths_at_or_below"),
                        limit: n.percent(
                            sampling.coverage.relativeErrorLimit,
                            at: rule + "/relative_error_limit", decimals: 0))))
        }
        if !stat.exceedance.isEmpty {
            add(
                .bullets(
                    stat.exceedance.map { point in
                        let key = levelKey(point.threshold)
                        let thresholdUnit = n.unit(for: point.threshold)
                        var text = s.exceedanceItem(
                            label: label, threshold: n.money(point.threshold, thresholdUnit, at: nil),
                            unit: thresholdUnit.label,
                            p: n.percent(point.probability.p, at: base + "/exceedance/" + key))
                        if !stat.isExact { text += " ± " + n.percent(point.probability.stderr, at: base + "/exceedance_stderr/" + key) }
                        return text
                    }))
        }
    }

    /// Who bears the expected gross loss: each party's expected loss and share, then fees and subsidies.
    mutating func allocation() {
        guard !report.parties.isEmpty else { return }
        add(.heading(level: 3, text: s.whoBearsTitle))
        let gross = report.grossLoss.mean.value
        var rows: [[String]] = []
        for party in report.parties {
            let unit = n.unit(for: party.loss)
            let base = Pointer.make("parties", party.name, "loss")
            let share = gross > 0 ? n.percent(party.loss.mean.value / gross, at: nil) : s.notDefined
            rows.append([
                "`\(party.name)`",
                n.money(party.loss.mean.value, unit, at: base + "/mean") + " ± "
                    + n.money(party.loss.mean.stderr, unit, at: base + "/stderr"), unit.label, share,
            ])
        }
        add(.table(header: [s.party, s.expectedLoss, s.unit, s.shareOfGross], rows: rows, alignments: [.left, .right, .left, .right]))
        let extras = report.parties.filter { $0.fees != nil || $0.subsidies != nil }
        guard !extras.isEmpty else { return }
        var extraRows: [[String]] = []
        for party in extras {
            for (stat, what, key) in [(party.fees, s.feesReceived, "fees"), (party.subsidies, s.subsidiesPaid, "subsidies")] {
                guard let stat else { continue }
                let unit = n.unit(for: stat)
                let base = Pointer.make("parties", party.name, key)
                extraRows.append([
                    "`\(party.name)`", what,
                    n.money(stat.mean.value, unit, at: base + "/mean") + " ± "
                        + n.money(stat.mean.stderr, unit, at: base + "/stderr"), unit.label,
                ])
            }
        }
        add(.table(header: [s.party, s.item, s.expectedValue, s.unit], rows: extraRows, alignments: [.left, .left, .right, .left]))
    }

    mutating func years() {
        guard !report.years.isEmpty else { return }
        add(.heading(level: 2, text: s.yearByYear))
        let grossUnit = n.unit(for: report.years.map(\.grossLoss.mean.value).max() ?? 0)
        let partyUnits = report.parties.map { party in n.unit(for: party.lossByYear.map(\.mean.value).max() ?? 0) }
        let nplLevels = tailLevels(report.years.first?.nplRatio)
        // Defaults and NPL ratios are always given a column, saying "not computed" where the
        // method has none (semi-analytic), rather than leaving the reader to wonder.
        let hasDefaults = true
        let hasNPL = true
        var header = [s.year, s.withUnit(s.grossLoss, grossUnit.label)]
        header += zip(report.parties, partyUnits).map { s.withUnit("`\($0.name)`", $1.label) }
        if hasDefaults { header.append(s.defaultsMean) }
        if hasNPL { header.append(s.nplMean) }
        var nplLabels: [String] = []
        for q in nplLevels { nplLabels.append(s.nplAtLevel(n.level(q, at: nil))) }
        header += nplLabels
        var rows: [[String]] = []
        for (i, year) in report.years.enumerated() {
            let base = Pointer.make("years", i)
            var row = [
                n.plain(Double(year.year), at: base + "/year"),
                meanWithError(year.grossLoss, grossUnit, at: base + "/gross_loss"),
            ]
            for (p, party) in report.parties.enumerated() where i < party.lossByYear.count {
                row.append(meanWithError(party.lossByYear[i], partyUnits[p], at: Pointer.make("parties", party.name, "by_year", i)))
            }
            if hasDefaults {
                row.append(year.defaults.map { n.plain($0.mean.value, decimals: 1, at: base + "/defaults/mean") } ?? s.notComputed)
            }
            if hasNPL {
                row.append(year.nplRatio.map { n.percent($0.mean.value, at: base + "/npl_ratio/mean") } ?? s.notComputed)
                for q in nplLevels {
                    if let level = year.nplRatio?.level(q) {
                        row.append(n.percent(level.valueAtRisk, at: base + "/npl_ratio/quantiles/" + levelKey(q)))
                    } else {
                        row.append(s.notComputed)
                    }
                }
            }
            rows.append(row)
        }
        add(.paragraph(s.yearsExplanation))
        add(.table(header: header, rows: rows, alignments: [.left] + Array(repeating: .right, count: header.count - 1)))
        if !report.parties.isEmpty { add(.chart(.allocationByYear)) }
        if report.years.contains(where: { $0.nplRatio != nil }) { add(.chart(.nplByYear)) }
    }

    mutating func definitions() {
        add(.heading(level: 2, text: s.definitions))
        add(.bullets(s.definitionItems(isExact: isExact)))
    }

    // MARK: Helpers

    mutating func meanWithError(_ stat: DistributionSummary, _ unit: MoneyUnit, at base: String) -> String {
        let mean = n.money(stat.mean.value, unit, at: base + "/mean")
        return stat.isExact ? mean : mean + " ± " + n.money(stat.mean.stderr, unit, at: base + "/stderr")
    }

    /// "a, b and c" in the report's language.
    func list(_ items: [String]) -> String { s.list(items) }

    /// The levels worth a column in a per-year table: 95% and 99% when both are reported, else
    /// the two highest reported levels.
    func tailLevels(_ stat: DistributionSummary?) -> [Double] {
        let levels = stat?.levels.map(\.level) ?? []
        return levels.contains(0.95) && levels.contains(0.99) ? [0.95, 0.99] : Array(levels.suffix(2))
    }
}
