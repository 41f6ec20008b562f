import RiskShareKit
import RiskShareSupport

/// Phrases of the risk-contributions section, English and Chinese.
extension ReportStrings {
    public var contributionsHeading: String { t("Risk contributions", "风险贡献") }
    public func contributionsExplanation(level: String) -> String {
        t(
            "Which part of the book drives each loss (Euler allocation): a part's contribution to expected loss is the mean of its share of the loss; its contribution to expected shortfall at \(level) is its mean share over the paths in the tail of that loss, with the same tail weights as the expected shortfall itself, so the contributions add up to it. A party's loss is allocated to the segments whose defaults it bore. report.json has every level.",
            "贷款组合各部分对各项损失的贡献（欧拉分配）：对预期损失的贡献为该部分所占损失的均值；对 \(level) 预期短缺的贡献为该损失尾部路径上其所占损失的均值，尾部权重与预期短缺本身相同，因此各部分贡献之和等于预期短缺。各方损失分配到其所承担违约所在的分组。各水平的数值见 report.json。"
        )
    }
    public func contributionsByTag(_ tag: String) -> String {
        switch tag {
        case "segment": return t("By segment", "按分组")
        case "stage": return t("By stage", "按发展阶段")
        case "product": return t("By product", "按产品")
        default: return t("By cluster (the factor with the largest loading)", "按产业集群（载荷最大的因子）")
        }
    }
    public func contributionPart(_ tag: String) -> String {
        switch tag {
        case "segment": return segment
        case "stage": return t("Stage", "阶段")
        case "product": return t("Product", "产品")
        default: return t("Cluster", "集群")
        }
    }
    public var contributionsELCaption: String { t("Contributions to expected loss (± s.e.):", "对预期损失的贡献（± 标准误）：") }
    public func contributionsESCaption(level: String) -> String {
        t("Contributions to expected shortfall at \(level) (± s.e.):", "对 \(level) 预期短缺的贡献（± 标准误）：")
    }
    public func expectedShortfallAxis(_ level: String, _ unit: String) -> String {
        t("ES contribution at \(level) (\(unit))", "\(level) 预期短缺贡献（\(unit)）")
    }
    public func contributionsOmitted(cells: String, parties: String, limit: String) -> String {
        t(
            "Risk contributions are not computed: the book has \(cells) allocation cells (segment, stage and product) and \(parties) loss-bearing parties, and recording their losses by cell on every path would take more than \(limit) columns.",
            "未计算风险贡献：贷款组合有 \(cells) 个分配单元（分组、阶段与产品）和 \(parties) 个承担损失的参与方，逐路径按单元记录其损失将超过 \(limit) 列。")
    }
    public var total: String { t("Total", "合计") }
    public var contributionsChartTitle: String { t("Contributions to expected shortfall by segment", "各分组对预期短缺的贡献") }
    public var topLoansHeading: String { t("Loans with the largest contributions", "贡献最大的贷款") }
    public var topLoansNotComputed: String {
        t(
            "Top loans are not computed: no segment's loans come from a loan tape, and only tape loans have identifiers. The segment, stage, product and cluster contributions above cover every loan.",
            "未计算贡献最大的贷款：没有分组的贷款来自贷款明细表，只有明细表中的贷款有编号。上文按分组、阶段、产品和集群的贡献已涵盖全部贷款。")
    }
    public func topLoansExplanation(level: String, shown: String, listed: String) -> String {
        t(
            "Each loan's contribution to expected shortfall at \(level), the highest reported level: its mean share of the loss over that loss's tail paths, found by simulating those paths again. A party's loss in a segment, stage and product cell is shared among the cell's defaulted loans in proportion to their gross losses; the loans of a homogeneous group share their group's contribution equally. The first \(shown) of each loss; report.json lists \(listed).",
            "每笔贷款对 \(level)（报告的最高水平）预期短缺的贡献：在该损失尾部路径上其所占损失的均值，通过重新模拟这些路径得到。参与方在某一分组、阶段与产品单元中的损失按单元内违约贷款的总损失比例分摊；同质贷款组内各笔贷款平均分摊该组的贡献。每项损失列出前 \(shown) 笔；report.json 列出 \(listed) 笔。"
        )
    }
    public var rank: String { t("Rank", "排名") }
    public var loanID: String { t("Loan", "贷款编号") }
    public var esContribution: String { t("ES contribution", "预期短缺贡献") }
    public var shareOfES: String { t("Share of ES", "占预期短缺比例") }
    /// The summary's line on what drives a party's tail: `parts` are "segment amount (share)".
    public func summaryDrivers(party: String, level: String, parts: [String], more: String?) -> String {
        let list = parts.joined(separator: t(", ", "，"))
        return t(
            "\(party) ES \(level) by segment: \(list)\(more.map { ", \($0) more in report.md" } ?? "")",
            "\(party) \(level) 预期短缺按分组：\(list)\(more.map { "，其余 \($0) 个见 report.md" } ?? "")")
    }
    public func summaryLargestLoan(party: String, level: String, id: String, amount: String, share: String) -> String {
        t(
            "\(party) ES \(level): largest loan contribution \(id) \(amount) (\(share))",
            "\(party) \(level) 预期短缺：贡献最大的贷款 \(id) \(amount)（\(share)）")
    }
    public func summaryLargestLoanSuffix(id: String, amount: String, share: String) -> String {
        t("; largest loan \(id) \(amount) (\(share))", "；贡献最大的贷款 \(id) \(amount)（\(share)）")
    }
}
