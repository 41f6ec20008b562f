import Foundation
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// What the readable reports say, section by section, on hand-built models.
@Suite struct ReportContentTests {
    static func section(_ markdown: String, _ heading: String) -> String {
        guard let start = markdown.range(of: heading + "\n") else { return "" }
        let rest = markdown[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test("report.md opens with key findings, then scheme terms and assumptions, then the detail")
    func order() throws {
        let markdown = MarkdownReport.render(report: HandBuiltReports.scheme())
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(Array(headings.prefix(3)) == ["## Key findings", "## Scheme terms and assumptions", "## Run provenance"])
        let document = MarkdownReport.document(for: HandBuiltReports.scheme())
        let ids = document.blocks.compactMap { block -> String? in
            if case .heading(_, _, let id?) = block { return id }
            return nil
        }
        #expect(ids == ["key-findings", "scheme-terms"])
    }

    @Test("key findings: one table with every loss-bearing party's EL, VaR and ES at 99% with intervals, each in its own unit")
    func findingsTable() {
        let findings = Self.section(MarkdownReport.render(report: HandBuiltReports.scheme()), "## Key findings")
        #expect(findings.contains("| Who | Expected loss ± s.e. | VaR 99% [95% interval] | ES 99% ± s.e. | Unit |"))
        // bank (1.2bn) in billions, guarantor (59m) in millions: 59m is not "0.059 bn".
        #expect(findings.contains("| `bank` | 1.200 ± 0.015 | 4.080 [3.958, 4.243] | 4.692 ± 0.163 | CNY bn |"))
        #expect(findings.contains("| `guarantor` | 59.00 ± 0.73 | 200.60 [194.58, 208.62] | 230.69 ± 8.02 | CNY m |"))
        #expect(!findings.contains("`government` |"), "a subsidy-only payer has no loss row")
        #expect(findings.contains("| Public cost | 95.00 ± 1.17 |"))
        #expect(findings.contains("`bank` bears an expected loss of 1.200 ± 0.015 CNY bn over the 2-year horizon; in a 1-in-100 outcome it loses 4.080 CNY bn or more (VaR 99%, 95% interval [3.958, 4.243])"))
        #expect(findings.contains("Pool top-ups, not part of the public cost above, add 10.00 CNY m on average."))
        #expect(findings.contains("runs out of money (a due claim goes unpaid for lack of balance) on 3.10% ± 0.17% of paths, most often in year 2"))
        #expect(findings.contains("The NPL trigger suspends compensation by `pool` most often in year 1, on 1.20% ± 0.11% of paths."))
        #expect(findings.contains("breaches the tolerance of 4.00% in at least one year on 30.00% ± 0.46% of paths"))
        #expect(findings.contains("Each CNY of expected public cost supports 47.4 CNY of covered lending"))
        #expect(findings.contains("| 2 | 3.10% ± 0.17% | 0.00% ± 0.00% |"), "exhaustion and suspension by year")
    }

    @Test("with levels [0.95, 0.999] the 1-in-100 text uses 99.9%, says so, and never shows a 0 for the missing level")
    func nearestLevel() {
        let report = HandBuiltReports.scheme(levels: [0.95, 0.999])
        let markdown = MarkdownReport.render(report: report)
        #expect(markdown.contains("99% is not among the reported levels; the findings use the nearest reported level, 99.9%."))
        #expect(markdown.contains("at the reported level nearest to 1-in-100 (99.9%) it loses"))
        #expect(!markdown.contains("in a 1-in-100 outcome"))
        #expect(markdown.contains("| Who | Expected loss ± s.e. | VaR 99.9% [95% interval] | ES 99.9% ± s.e. | Unit |"))
        let summary = TextSummary.render(report: report)
        #expect(summary.contains("at VaR 99.9% (the reported level nearest to 1-in-100)"))
        #expect(summary.range(of: "\\bnan\\b", options: .regularExpression) == nil && !summary.contains(" 0 in a"))
        #expect(summary.contains("NPL 95%") && summary.contains("NPL 99.9%"))
        let zh = MarkdownReport.render(report: report, language: .zh)
        #expect(zh.contains("在最接近百年一遇的已报告水平（99.9%）下"))
    }

    @Test("a capped loss has no tail: ties at the cap count as no path beyond VaR, and no 'run more paths' advice")
    func cappedLoss() {
        let markdown = MarkdownReport.render(report: HandBuiltReports.scheme())
        let pool = Self.section(markdown, "### Loss borne by `pool`").components(separatedBy: "\n### ")[0]
        #expect(pool.contains("| 99% | 30.00 | [29.98, 30.00] | 30.00 ± 0.00 | 0 |"))
        #expect(pool.contains("No path lies beyond VaR at 90%, 95%, 99%, 99.5% and 99.9%"))
        #expect(!pool.contains("run more paths"))
        #expect(markdown.contains("`pool` bears an expected loss of 18.00 ± 0.22 CNY m over the 2-year horizon; in a 1-in-100 outcome it loses 30.00 CNY m (VaR 99%), and no path loses more: its loss is capped there."))
        // A capped public cost is said to stop at its cap, not "or more".
        var capped = HandBuiltReports.scheme()
        capped.fiscal?.cost = HandBuiltReports.stat(9.5e7, cap: 2.0e8)
        #expect(MarkdownReport.render(report: capped).contains("and 200.00 CNY m in a 1-in-100 outcome (VaR 99%), which no path exceeds: the cost is capped there."))
        let fees = MarkdownReport.render(report: HandBuiltReports.scheme())
        #expect(fees.contains("`guarantor` | Guarantee fees received | 9.00 ± 0.00 | CNY m |"))
    }

    @Test("a subsidy-only payer appears under the fiscal cost with its subsidy distribution, not as a zero loss table")
    func subsidyOnlyPayer() {
        let markdown = MarkdownReport.render(report: HandBuiltReports.scheme())
        #expect(!markdown.contains("Loss borne by `government`"))
        let fiscal = Self.section(markdown, "## Fiscal cost")
        #expect(fiscal.contains("### Subsidies paid by `government`"))
        #expect(fiscal.contains("`government` pays interest subsidies and bears no loss; its subsidies are part of the public cost."))
        #expect(fiscal.contains("Expected subsidies paid by `government`: 12.00 ± 0.15 CNY m"))
        #expect(fiscal.contains("Pool top-ups, not included in the cost above: 10.00 ± 0.00 CNY m on average."))
        #expect(!fiscal.contains("account for"), "top-ups are not said to be part of the cost")
        let json = HandBuiltReports.scheme().json
        #expect(json["parties"]?["government"] == nil)
        #expect(json["fiscal"]?["subsidies"]?["government"]?["mean"]?.doubleValue == 1.2e7)
        let csv = CSVReport.render(report: HandBuiltReports.scheme())
        #expect(csv.contains("\nfiscal,government,subsidies,,mean,,12000000,147600,,\n"))
        #expect(!csv.contains("party,government"))
    }

    @Test("values not computed are said so: no interval or tail paths for an exact distribution, no NPL for a semi-analytic run")
    func notComputed() {
        let report = HandBuiltReports.semiAnalytic()
        let markdown = MarkdownReport.render(report: report)
        #expect(markdown.contains("| 99% | 1,088.00 | not computed | 1,251.20 | not computed |"))
        #expect(markdown.contains("Figures come from the exact (semi-analytic) loss distribution"))
        #expect(markdown.contains("| 1 | 320.00 | 320.00 | not computed | not computed |"), "the year table says defaults and NPL were not computed")
        #expect(markdown.contains("| Who | Expected loss | VaR 99% | ES 99% | Unit |"), "no ± for exact figures")
        #expect(markdown.range(of: "\\bnan\\b|n/a", options: .regularExpression) == nil)
        let json = report.json
        #expect(json["gross_loss"]?["tail_paths"] == nil && json["gross_loss"]?["quantile_ci95"] == nil)
        #expect(json["defaults"] == nil && json["years"]?[0]?["npl_ratio"] == nil)
        let summary = TextSummary.render(report: report)
        #expect(summary.contains("not computed"))
    }

    @Test("under importance sampling, levels outside the sampled region are flagged in md, summary, json and csv")
    func importanceSampling() {
        let report = HandBuiltReports.importanceSampling()
        let markdown = MarkdownReport.render(report: report)
        #expect(markdown.contains("| 50% | outside sampled region | outside sampled region | outside sampled region | 5,000 |"))
        #expect(markdown.contains("so these levels are outside the sampled region (fewer than 100 sampled paths at or below VaR, or a relative standard error of the tail probability above 10%); their VaR and ES are not estimated. 50%: 16 paths at or below VaR, relative standard error 8.20%, 90%: 412 paths at or below VaR, relative standard error 14.00%."))
        #expect(markdown.contains("Effective sample size: 2,346 of 10,000 paths; mean weight 0.9871"))
        #expect(markdown.contains("| 99% | 4.342 | not computed |"), "no order-statistic interval under importance sampling")
        let json = report.json
        #expect(json["gross_loss"]?["outside_sampled_region"]?["0.5"]?["paths_at_or_below"]?.doubleValue == 16)
        #expect(json["gross_loss"]?["outside_sampled_region"]?["0.5"]?["relative_error"]?.doubleValue == 0.082)
        #expect(json["importance_sampling"]?["effective_sample_size"]?.doubleValue == 2345.6)
        let csv = CSVReport.render(report: report)
        #expect(csv.contains("\ngross,,loss,,outside_sampled_region_relative_error,0.9,0.14,,,\n"))
        #expect(csv.contains("\ngross,,loss,,outside_sampled_region_paths_at_or_below,0.5,16,,,\n"))
        #expect(csv.contains("\nimportance_sampling,,mean_weight,,value,,0.9871,,,\n"))
        #expect(TextSummary.render(report: report).contains("importance sampling: effective sample size 2,346, mean weight 0.9871"))
    }

    @Test("scheme terms restate every layer's parameters, the subsidies, the tolerance rule, the model and the segments")
    func schemeTerms() {
        let terms = Self.section(MarkdownReport.render(report: HandBuiltReports.scheme()), "## Scheme terms and assumptions")
        for line in ["**Layer 1, `guarantee`: loan-level guarantee, split pari passu with re-guarantee chain.**",
                     "- Shares of the guaranteed loss: `bank` 20%, `guarantor` 40%, `provincial` 40%",
                     "- Guarantee fee per year, on the guaranteed balance: 0.68%",
                     "- Capital (cumulative payout limit, plus fees received): `guarantor` 400.00 CNY m",
                     "- Parties taking over what a limit leaves unpaid: `provincial`",
                     "**Layer 2, `pool`: risk compensation pool.**", "- Covered segments: all segments",
                     "- Cap per loan: none", "- Annual payout cap: 20.00 CNY m", "- NPL ratio above which compensation is suspended: 8%",
                     "- Claim lag (years): 1", "**Interest subsidy 1.**", "- Share of interest paid for first loans: 70%",
                     "- Tolerated NPL ratio: 4%", "- Copula: `t`", "- Degrees of freedom: 5", "- PD multiplier per year: 1, 1.5",
                     "| `startup` | `startup` | `credit` | 500 |"] {
            #expect(terms.contains(line), "missing: \(line)")
        }
        // Two designs that differ in one term differ in this section.
        var other = HandBuiltReports.scheme()
        other.terms.layers[1].terms[4] = SchemeTerm("ratio", .fraction(0.35))
        let otherTerms = Self.section(MarkdownReport.render(report: other), "## Scheme terms and assumptions")
        #expect(terms.contains("- Compensation ratio: 30%") && otherTerms.contains("- Compensation ratio: 35%"))
    }

    @Test("caps name the layer and the party whose limit binds, how often, and by year")
    func caps() {
        let caps = Self.section(MarkdownReport.render(report: HandBuiltReports.scheme()), "## Caps and limits")
        #expect(caps.contains("The limit of `guarantor` in layer `guarantee` (loan-level guarantee, split pari passu with re-guarantee chain) binds in some year on 25.00% ± 0.43% of paths, most often in year 2."))
        #expect(caps.contains("| Year | `guarantee` binds | `pool` binds |"))
        #expect(caps.contains("| 1 | 11.00% ± 0.31% | 0.00% ± 0.00% |"))
    }

    @Test("--lang zh writes the domain's Chinese terms and no English headings")
    func chinese() {
        let markdown = MarkdownReport.render(report: HandBuiltReports.scheme(), language: .zh)
        for term in ["## 主要结论", "## 方案条款与模型假设", "风险补偿资金池", "融资担保", "不良率容忍度", "## 财政成本", "预期损失", "风险价值", "预期短缺",
                     "万元", "亿元", "贴息"] {
            #expect(markdown.contains(term), "missing \(term)")
        }
        for english in ["## Key findings", "Expected loss", "Compensation pools", "not computed", "Note."] {
            #expect(!markdown.contains(english), "English text \(english) in the Chinese report")
        }
        let summary = TextSummary.render(report: HandBuiltReports.scheme(), language: .zh)
        #expect(summary.contains("财政成本") && summary.contains("不良率容忍度") && !summary.contains("public cost"))
    }

    @Test("amounts are never written with an exponent, in any unit or language")
    func noExponents() {
        var report = HandBuiltReports.scheme()
        report.grossLoss = HandBuiltReports.stat(999.6e6)
        for language in ReportLanguage.allCases {
            let texts = [MarkdownReport.render(report: report, language: language), TextSummary.render(report: report, language: language)]
            for text in texts {
                #expect(text.range(of: "[0-9]e[+-][0-9]", options: .regularExpression) == nil || text.contains("1e-12"))
                #expect(!text.contains("e+"))
            }
        }
        #expect(MoneyUnit.fitting(5.9e7, currency: "CNY", language: .en).label == "CNY m")
        #expect(MoneyUnit.fitting(1.3e9, currency: "CNY", language: .en).label == "CNY bn")
        #expect(MoneyUnit.fitting(5.9e7, currency: "CNY", language: .zh).label == "万元")
        #expect(MoneyUnit.fitting(1.3e9, currency: "CNY", language: .zh).label == "亿元")
    }

    @Test("every scheme term key the builder can produce has an English and a Chinese label")
    func termLabels() throws {
        let keys = Set(HandBuiltReports.terms.layers.flatMap(\.terms).map(\.key) + HandBuiltReports.terms.model.map(\.key))
        var all = keys
        let root = TestScenarios.repositoryRoot + "/Scenarios"
        let folders = ["", "/reference", "/scheme-demos", "/sweeps", "/bench"]
        let files = folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: root + folder)) ?? []).filter { $0.hasSuffix(".yaml") }.map { root + folder + "/" + $0 }
        }
        #expect(files.count >= 15)
        for file in files {
            let terms = ReportBuilder.terms(try ScenarioLoader.load(file: file))
            for group in [terms.layers, terms.subsidies, terms.segments, terms.tolerance.map { [$0] } ?? []] {
                all.formUnion(group.flatMap(\.terms).map(\.key))
            }
            all.formUnion(terms.model.map(\.key))
        }
        for key in all.sorted() {
            #expect(ReportStrings.termLabels[key] != nil, "no label for term \(key)")
        }
    }
}
