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
}
