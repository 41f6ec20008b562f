import RiskShareKit
import RiskShareSupport

/// The capital section of the readable report: regulatory capital before and after risk
/// sharing with the relief, per segment and per protection provider, then economic capital of
/// the gross and the retained loss. Present only when the model has it.
extension MarkdownReport {
    mutating func capital() {
        guard let capital = report.capital else { return }
        let r = capital.regulatory
        let base = Pointer.make("capital", "regulatory")
        add(.heading(level: 2, text: s.capitalHeading))
        add(.heading(level: 3, text: s.regulatoryCapitalTitle))
        add(.paragraph(s.regulatoryCapitalExplanation(approach: r.approach.rawValue)))
        let unit = n.unit(for: max(r.rwaBefore, r.exposure))
        add(
            .table(
                header: [s.item, s.withUnit(s.capitalBeforeSharing, unit.label), s.withUnit(s.capitalAfterSharing, unit.label)],
                rows: [
                    [
                        s.riskWeightedAssets, n.money(r.rwaBefore, unit, at: base + "/rwa_before"),
                        n.money(r.rwaAfter, unit, at: base + "/rwa_after"),
                    ],
                    [
                        s.requiredCapital(n.percent(r.capitalRatio, at: base + "/capital_ratio")),
                        n.money(r.capitalBefore, unit, at: base + "/capital_before"),
                        n.money(r.capitalAfter, unit, at: base + "/capital_after"),
                    ],
                ], alignments: [.left, .right, .right]))
        let reliefUnit = n.unit(for: abs(r.relief))
        var sentences = [s.reliefSentence(n.money(r.relief, reliefUnit, at: base + "/relief"), unit: reliefUnit.label)]
        if let perCost = r.reliefPerPublicCost, let cost = capital.expectedPublicCost {
            let costUnit = n.unit(for: cost)
            sentences.append(
                s.reliefPerPublicCostSentence(
                    n.plain(perCost, decimals: 3, at: base + "/relief_per_public_cost"),
                    cost: n.money(cost, costUnit, at: base + "/expected_public_cost"), unit: costUnit.label,
                    currency: report.scenario.currency))
        } else {
            sentences.append(s.reliefPerPublicCostUndefined)
        }
        add(.paragraph(sentences.joined(separator: s.sentenceSeparator)))
        let segmentUnit = n.unit(for: r.segments.map { max($0.exposure, $0.rwaBefore) }.max() ?? 0)
        var segmentRows: [[String]] = []
        for (i, segment) in r.segments.enumerated() {
            let at = base + "/segments/\(i)"
            segmentRows.append([
                "`\(segment.name)`", n.money(segment.exposure, segmentUnit, at: at + "/exposure"),
                n.money(segment.rwaBefore, segmentUnit, at: at + "/rwa_before"),
                n.money(segment.rwaAfter, segmentUnit, at: at + "/rwa_after"),
            ])
        }
        add(
            .table(
                header: [
                    s.segment, s.withUnit(s.exposure, segmentUnit.label), s.withUnit(s.rwaBefore, segmentUnit.label),
                    s.withUnit(s.rwaAfter, segmentUnit.label),
                ], rows: segmentRows, alignments: [.left, .right, .right, .right]))
        if !r.providers.isEmpty {
            let providerUnit = n.unit(for: r.providers.map(\.protectedExposure).max() ?? 0)
            var rows: [[String]] = []
            for (i, provider) in r.providers.enumerated() {
                let at = base + "/providers/\(i)"
                rows.append([
                    "`\(provider.party)`", n.money(provider.protectedExposure, providerUnit, at: at + "/protected_exposure"),
                    provider.riskWeight.isFinite ? n.percent(provider.riskWeight, at: at + "/risk_weight", decimals: 0) : s.notDefined,
                    n.money(provider.rwa, providerUnit, at: at + "/rwa"),
                ])
            }
            add(
                .table(
                    header: [
                        s.protectionProvider, s.withUnit(s.protectedExposure, providerUnit.label), s.guarantorRiskWeight,
                        s.withUnit(s.riskWeightedAssets, providerUnit.label),
                    ], rows: rows, alignments: [.left, .right, .right, .right]))
        }
        guard let economic = capital.economic else {
            add(.note(s.economicCapitalNotComputed))
            return
        }
        let e = Pointer.make("capital", "economic")
        add(.heading(level: 3, text: s.economicCapitalTitle))
        let varLevel = n.level(economic.varLevel, at: e + "/var_level")
        let esLevel = n.level(economic.esLevel, at: e + "/es_level")
        add(.paragraph(s.economicCapitalExplanation(varLevel: varLevel, esLevel: esLevel)))
        let economicUnit = n.unit(for: max(economic.before.expectedShortfall.value, economic.before.unexpectedLoss))
        // Each shown level is recorded where it is shown.
        var rows: [[String]] = [
            [s.expectedLoss], [s.unexpectedLossLabel(n.level(economic.varLevel, at: e + "/var_level"))], [s.unexpectedLossInterval],
            [s.economicShortfallLabel(n.level(economic.esLevel, at: e + "/es_level"))], [s.pathsBeyondVaR],
        ]
        for (key, m) in [("before", economic.before), ("after", economic.after)] {
            let at = e + "/" + key
            rows[0].append(
                n.money(m.expectedLoss.value, economicUnit, at: at + "/expected_loss") + " ± "
                    + n.money(m.expectedLoss.stderr, economicUnit, at: at + "/expected_loss_stderr"))
            var ul = n.money(m.unexpectedLoss, economicUnit, at: at + "/unexpected_loss")
            if let se = m.unexpectedLossStderr { ul += " ± " + n.money(se, economicUnit, at: at + "/unexpected_loss_stderr") }
            rows[1].append(ul)
            rows[2].append(
                m.unexpectedLossCI95.map {
                    "[\(n.money($0.lower, economicUnit, at: at + "/unexpected_loss_ci95/0")), "
                        + "\(n.money($0.upper, economicUnit, at: at + "/unexpected_loss_ci95/1"))]"
                } ?? s.notComputed)
            rows[3].append(
                n.money(m.expectedShortfall.value, economicUnit, at: at + "/expected_shortfall") + " ± "
                    + n.money(m.expectedShortfall.stderr, economicUnit, at: at + "/expected_shortfall_stderr"))
            rows[4].append(n.plain(Double(m.tailPaths), at: at + "/tail_paths"))
        }
        add(
            .table(
                header: [
                    s.item, s.withUnit(s.grossLossBeforeSharing, economicUnit.label), s.withUnit(s.bankAfterSharing, economicUnit.label),
                ],
                rows: rows, alignments: [.left, .right, .right]))
        if economic.before.tailPaths < 100 || economic.after.tailPaths < 100 { add(.note(s.economicCapitalThinTail)) }
    }
}
