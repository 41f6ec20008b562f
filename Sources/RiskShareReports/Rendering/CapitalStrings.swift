import RiskShareKit
import RiskShareSupport

/// Phrases of the capital section (report.md, report.html, the terminal summary), English and Chinese.
extension ReportStrings {
    public var capitalHeading: String { t("Capital", "资本") }
    public var regulatoryCapitalTitle: String { t("Regulatory capital", "监管资本") }
    public func regulatoryCapitalExplanation(approach: String) -> String {
        t(
            "Capital the bank must hold for the initial book (approach `\(approach)`): risk-weighted assets times the capital ratio. After risk sharing, the part of each loan protected by a recognised layer takes the protection provider's risk weight (substitution).",
            "银行为期初贷款组合须持有的资本（方法 `\(approach)`）：风险加权资产乘以资本充足率。风险分担后，经认可的分担层保障的部分按保障提供方的风险权重计量（替代法）。")
    }
    public var capitalBeforeSharing: String { t("Before risk sharing", "风险分担前") }
    public var capitalAfterSharing: String { t("After risk sharing", "风险分担后") }
    public var riskWeightedAssets: String { t("Risk-weighted assets", "风险加权资产") }
    public func requiredCapital(_ ratio: String) -> String { t("Capital (\(ratio) of RWA)", "资本（风险加权资产的 \(ratio)）") }
    public var rwaBefore: String { t("RWA before", "分担前风险加权资产") }
    public var rwaAfter: String { t("RWA after", "分担后风险加权资产") }
    public var protectionProvider: String { t("Protection provider", "保障提供方") }
    public var protectedExposure: String { t("Protected exposure", "受保障敞口") }
    public var guarantorRiskWeight: String { t("Risk weight", "风险权重") }
    public func reliefSentence(_ relief: String, unit: String) -> String {
        t("Risk sharing frees \(relief) \(unit) of capital.", "风险分担释放资本 \(relief) \(unit)。")
    }
    public func reliefPerPublicCostSentence(_ perCost: String, cost: String, unit: String, currency: String) -> String {
        t(
            "That is \(perCost) \(currency) of capital relief per \(currency) of expected public cost (\(cost) \(unit)).",
            "即每\(currencyWord(currency))预期财政成本（\(cost) \(unit)）释放 \(perCost) \(currencyWord(currency))资本。")
    }
    public var reliefPerPublicCostUndefined: String {
        t(
            "Relief per unit of expected public cost is not defined: the scenario has no public cost.",
            "每单位预期财政成本释放的资本无定义：本情景没有财政成本。")
    }
    public var economicCapitalTitle: String { t("Economic capital", "经济资本") }
    public func economicCapitalExplanation(varLevel: String, esLevel: String) -> String {
        t(
            "Economic capital of the bank from the simulated paths: VaR at \(varLevel) minus expected loss, and expected shortfall at \(esLevel), of the gross loss (before risk sharing) and of the loss the bank retains (after).",
            "由模拟路径计算的银行经济资本：\(varLevel) 风险价值减预期损失，以及 \(esLevel) 预期短缺，分别针对总损失（风险分担前）和银行自留损失（分担后）。")
    }
    public func unexpectedLossLabel(_ level: String) -> String { t("VaR \(level) minus EL ± s.e.", "\(level) 风险价值减预期损失 ± 标准误") }
    public var unexpectedLossInterval: String { t("its 95% interval", "其 95% 置信区间") }
    public func economicShortfallLabel(_ level: String) -> String { t("ES \(level) ± s.e.", "\(level) 预期短缺 ± 标准误") }
    public var grossLossBeforeSharing: String { t("Gross loss (before)", "总损失（分担前）") }
    public var bankAfterSharing: String { t("Bank's retained loss (after)", "银行自留损失（分担后）") }
    public var economicCapitalNotComputed: String {
        t("Economic capital is not computed: the method has no simulated paths.", "未计算经济资本：该方法没有模拟路径。")
    }
    public var economicCapitalThinTail: String {
        t(
            "At the highest level fewer than 100 paths lie beyond VaR: the unexpected-loss figures are fragile; run more paths.",
            "在最高水平，超过风险价值的路径少于 100 条：非预期损失数值不稳定，请增加路径数。")
    }
    public func summaryCapital(relief: String, before: String, after: String, currency: String) -> String {
        t(
            "regulatory capital: \(before) before and \(after) after risk sharing, relief \(relief) \(currency)",
            "监管资本：分担前 \(before)，分担后 \(after)，释放 \(relief)\(currencyWord(currency))")
    }
    public func summaryReliefPerCost(_ perCost: String) -> String {
        t(" (\(perCost) per unit of expected public cost)", "（每单位预期财政成本 \(perCost)）")
    }
}
