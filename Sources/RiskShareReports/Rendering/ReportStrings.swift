import RiskShareKit
import RiskShareSupport

/// Every phrase of the readable reports (report.md, report.html, the terminal summary) in
/// English and Chinese, side by side, so a translation can never be missing. Chinese uses the
/// domain's own terms: 风险补偿资金池 (compensation pool), 融资担保 (guarantee), 再担保
/// (re-guarantee), 不良率容忍度 (NPL tolerance), 财政成本 (fiscal cost), 预期损失 (expected
/// loss), 风险价值 (VaR), 预期短缺 (expected shortfall), 贴息 (interest subsidy), 首贷 (first loan).
///
/// Numbers are passed in already formatted (see `NumberWriter`); a phrase never formats one.
public struct ReportStrings: Sendable {
    public let language: ReportLanguage

    public init(language: ReportLanguage) { self.language = language }

    func t(_ en: String, _ zh: String) -> String { language == .en ? en : zh }

    /// Texts with digits that are words, not data ("1-in-100", "95%" of a method's interval,
    /// "SHA-256"); tests that check every shown number against the model remove these first.
    public var fixedTextsWithDigits: [String] {
        [
            t("1-in-100", "百年一遇"), t("95% confidence intervals", "95% 置信区间"), t("VaR 95% CI", "风险价值 95% 置信区间"),
            "SHA-256", t("sd / sqrt(paths)", "sd / sqrt(路径数)"), t("sqrt(p (1 - p) / paths)", "sqrt(p (1 - p) / 路径数)"),
            "1 - q", t("95% interval", "95% 置信区间"), "1e-12", t("fewer than 100 paths lie beyond VaR", "超过风险价值的路径少于 100 条"),
            t("1 in expectation", "期望为 1"),
        ]
    }

    // MARK: Lists and punctuation

    /// "a, b and c" / "a、b 和 c".
    public func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: t(", ", "、")) + t(" and ", " 和 ") + items.last!
    }
    public var sentenceEnd: String { t(".", "。") }
    /// Between the items of an inline list of values ("`bank` 20%, `guarantor` 80%").
    public var itemSeparator: String { t(", ", "，") }
    /// Between a label and its value ("Cap per loan: none").
    public var labelSeparator: String { t(": ", "：") }
    /// The label of a note block ("Note." / "注意：").
    public var note: String { t("Note.", "注意：") }
    /// The currency as a word: the code in English; 元 for CNY in Chinese.
    public func currencyWord(_ currency: String) -> String { language == .zh && currency == "CNY" ? "元" : currency }
    public var sentenceSeparator: String { t(" ", "") }
    public func withUnit(_ what: String, _ unit: String) -> String { t("\(what) (\(unit))", "\(what)（\(unit)）") }
    public var none: String { t("none", "无") }
    public var yes: String { t("yes", "是") }
    public var no: String { t("no", "否") }
    public var notComputed: String { t("not computed", "未计算") }
    public var notDefined: String { t("not defined", "无定义") }
    public var notReported: String { t("not reported", "未报告") }
    public var notApplicable: String { t("—", "—") }
    public var allSegments: String { t("all segments", "全部分组") }

    // MARK: Title and introduction

    public func reportTitle(_ name: String) -> String { t("RiskShare report: \(name)", "RiskShare 报告：\(name)") }
    public func introUnits(_ currency: String) -> String {
        t(
            "Amounts are in \(currency), each in a unit that fits it (thousands, millions or billions); every table and sentence states its unit.",
            "金额以\(currency == "CNY" ? "人民币元" : " \(currency) ")计，按各项规模分别以万元或亿元列示，各表和各句均注明单位。")
    }
    public var introUncertainty: String {
        t(
            "Every estimate comes from Monte Carlo paths and carries its uncertainty: ± is one standard error, brackets are 95% confidence intervals.",
            "所有估计均来自蒙特卡洛模拟路径并附其不确定性：± 为一个标准误，方括号为 95% 置信区间。")
    }
    public var introExact: String {
        t(
            "Figures come from the exact (semi-analytic) loss distribution and carry no sampling error.",
            "各项数值来自精确（半解析）损失分布，不含抽样误差。")
    }

    // MARK: Key findings

    public var keyFindings: String { t("Key findings", "主要结论") }
    public var who: String { t("Who", "对象") }
    public var expectedLossWithError: String { t("Expected loss ± s.e.", "预期损失 ± 标准误") }
    public func valueAtRiskAt(_ level: String) -> String { t("VaR \(level) [95% interval]", "\(level) 风险价值 [95% 置信区间]") }
    public func expectedShortfallAt(_ level: String) -> String { t("ES \(level) ± s.e.", "\(level) 预期短缺 ± 标准误") }
    public var unit: String { t("Unit", "单位") }
    public var publicCost: String { t("Public cost", "财政成本") }
    public var noLevelsReported: String {
        t(
            "No quantile levels were reported (`report.quantiles` is empty), so VaR and ES are not computed.",
            "未设定报告分位数（`report.quantiles` 为空），因此未计算风险价值和预期短缺。")
    }
    public func nearestLevelNote(level: String, requested: String) -> String {
        t(
            "\(requested) is not among the reported levels; the findings use the nearest reported level, \(level).",
            "报告分位数中没有 \(requested)，以下结论采用最接近的已报告水平 \(level)。")
    }
    public var oneInHundred: String { t("in a 1-in-100 outcome", "在百年一遇的情形下") }
    public func nearestOutcome(_ level: String) -> String {
        t("at the reported level nearest to 1-in-100 (\(level))", "在最接近百年一遇的已报告水平（\(level)）下")
    }
    public func bearsNoLoss(_ who: String) -> String { t("\(who) bears no loss on any path.", "\(who) 在任何路径上都不承担损失。") }
    public func bearsConstantLoss(_ who: String, value: String, unit: String) -> String {
        t("\(who) bears the same loss on every path: \(value) \(unit).", "\(who) 在每条路径上承担相同的损失：\(value) \(unit)。")
    }
    public func expectedLossOnly(_ who: String, mean: String, unit: String, years: String) -> String {
        t(
            "\(who) bears an expected loss of \(mean) \(unit) over the \(years)-year horizon.",
            "\(who) 在 \(years) 年期内的预期损失为 \(mean) \(unit)。")
    }
    public func expectedLossOutsideRegion(_ who: String, mean: String, unit: String, years: String, outcome: String) -> String {
        t(
            "\(who) bears an expected loss of \(mean) \(unit) over the \(years)-year horizon; its loss \(outcome) lies outside the region importance sampling covers and is not estimated.",
            "\(who) 在 \(years) 年期内的预期损失为 \(mean) \(unit)；\(outcome)的损失位于重要性抽样未覆盖的区域，不予估计。")
    }
    public func expectedLossCapped(
        _ who: String, mean: String, unit: String, years: String, outcome: String, valueAtRisk: String, level: String
    ) -> String {
        t(
            "\(who) bears an expected loss of \(mean) \(unit) over the \(years)-year horizon; \(outcome) it loses \(valueAtRisk) \(unit) (VaR \(level)), and no path loses more: its loss is capped there.",
            "\(who) 在 \(years) 年期内的预期损失为 \(mean) \(unit)；\(outcome)损失为 \(valueAtRisk) \(unit)（\(level) 风险价值），没有路径的损失更高：其损失在此封顶。")
    }
    public func expectedLossWithTail(
        _ who: String, mean: String, unit: String, years: String, outcome: String, valueAtRisk: String,
        interval: (String, String)?, expectedShortfall: String, level: String, esLevel: String
    ) -> String {
        let enInterval = interval.map { ", 95% interval [\($0.0), \($0.1)]" } ?? ""
        let zhInterval = interval.map { "，95% 置信区间 [\($0.0), \($0.1)]" } ?? ""
        return t(
            "\(who) bears an expected loss of \(mean) \(unit) over the \(years)-year horizon; \(outcome) it loses \(valueAtRisk) \(unit) or more (VaR \(level)\(enInterval)), and \(expectedShortfall) \(unit) on average in those outcomes (ES \(esLevel)).",
            "\(who) 在 \(years) 年期内的预期损失为 \(mean) \(unit)；\(outcome)损失不低于 \(valueAtRisk) \(unit)（\(level) 风险价值\(zhInterval)），这些情形下的平均损失为 \(expectedShortfall) \(unit)（\(esLevel) 预期短缺）。"
        )
    }
    public func publicCostFinding(mean: String, unit: String, outcome: String, valueAtRisk: String, level: String) -> String {
        t(
            "Public cost (claims paid by parties other than the bank, net of the guarantee fees they receive, plus subsidies; pool top-ups not included): \(mean) \(unit) on average over the horizon, and \(valueAtRisk) \(unit) or more \(outcome) (VaR \(level)).",
            "财政成本（银行以外各方支付的代偿，扣除其收取的担保费，加上财政补贴；不含资金池补充资金）：期内平均 \(mean) \(unit)，\(outcome)不低于 \(valueAtRisk) \(unit)（\(level) 风险价值）。")
    }
    public func publicCostCapped(mean: String, unit: String, outcome: String, valueAtRisk: String, level: String) -> String {
        t(
            "Public cost (claims paid by parties other than the bank, net of the guarantee fees they receive, plus subsidies; pool top-ups not included): \(mean) \(unit) on average over the horizon, and \(valueAtRisk) \(unit) \(outcome) (VaR \(level)), which no path exceeds: the cost is capped there.",
            "财政成本（银行以外各方支付的代偿，扣除其收取的担保费，加上财政补贴；不含资金池补充资金）：期内平均 \(mean) \(unit)，\(outcome)为 \(valueAtRisk) \(unit)（\(level) 风险价值），没有路径超过该值：成本在此封顶。"
        )
    }
    public func publicCostMeanOnly(mean: String, unit: String) -> String {
        t(
            "Public cost (claims paid by parties other than the bank, net of the guarantee fees they receive, plus subsidies; pool top-ups not included): \(mean) \(unit) on average over the horizon.",
            "财政成本（银行以外各方支付的代偿，扣除其收取的担保费，加上财政补贴；不含资金池补充资金）：期内平均 \(mean) \(unit)。")
    }
    public func publicCostConstant(value: String, unit: String) -> String {
        t(
            "Public cost (claims net of fees, plus subsidies): the same on every path, \(value) \(unit).",
            "财政成本（代偿扣除担保费，加上财政补贴）在每条路径上相同：\(value) \(unit)。")
    }
    public func topupsFinding(_ mean: String, unit: String) -> String {
        t(
            "Pool top-ups, not part of the public cost above, add \(mean) \(unit) on average.",
            "资金池补充资金（不计入上述财政成本）平均为 \(mean) \(unit)。")
    }
    public func poolNeverExhausted(_ pool: String, paths: String) -> String {
        t(
            "The compensation pool `\(pool)` is never exhausted on the \(paths) simulated paths.",
            "风险补偿资金池 `\(pool)` 在全部 \(paths) 条模拟路径上均未耗尽。")
    }
    public func poolExhausted(_ pool: String, p: String, year: String?) -> String {
        let enYear = year.map { ", most often in year \($0)" } ?? ""
        let zhYear = year.map { "，最常见于第 \($0) 年" } ?? ""
        return t(
            "The compensation pool `\(pool)` runs out of money (a due claim goes unpaid for lack of balance) on \(p) of paths\(enYear).",
            "风险补偿资金池 `\(pool)` 在 \(p) 的路径上耗尽（因余额不足而有应付代偿未能支付）\(zhYear)。")
    }
    public func poolSuspended(_ pool: String, year: String, p: String) -> String {
        t(
            "The NPL trigger suspends compensation by `\(pool)` most often in year \(year), on \(p) of paths.",
            "不良率触发条款暂停 `\(pool)` 补偿最常见于第 \(year) 年，发生于 \(p) 的路径。")
    }
    public func poolNeverSuspended(_ pool: String) -> String {
        t("Compensation by `\(pool)` is never suspended.", "`\(pool)` 的补偿从未被暂停。")
    }
    public func poolExhaustedColumn(_ pool: String) -> String { t("`\(pool)` exhausted", "`\(pool)` 耗尽概率") }
    public func poolSuspendedColumn(_ pool: String) -> String { t("`\(pool)` suspended", "`\(pool)` 暂停概率") }
    public func toleranceFinding(level: String, p: String) -> String {
        t(
            "The covered book's NPL ratio breaches the tolerance of \(level) in at least one year on \(p) of paths.",
            "受保贷款的不良率至少有一年突破不良率容忍度 \(level) 的概率为 \(p)。")
    }
    public func leverageFinding(leverage: String, volume: String, unit: String, currency: String) -> String {
        t(
            "Each \(currency) of expected public cost supports \(leverage) \(currency) of covered lending (covered volume \(volume) \(unit)).",
            "每\(currencyWord(currency))预期财政成本撬动 \(leverage) \(currencyWord(currency))受保贷款（受保贷款规模 \(volume) \(unit)）。")
    }
    public var leverageUndefined: String {
        t(
            "Lending per unit of public money is not defined: the expected public cost is not positive.",
            "财政资金撬动倍数无定义：预期财政成本不为正。")
    }

    // MARK: Scheme terms

    public var schemeTerms: String { t("Scheme terms and assumptions", "方案条款与模型假设") }
    public var layersHeading: String { t("Risk-sharing layers, in waterfall order", "风险分担层（按分担顺序）") }
    public var noLayers: String {
        t("The scenario has no risk-sharing layer: the bank bears every loss.", "情景未设风险分担层：银行承担全部损失。")
    }
    public func layerTitle(key: String, type: String, position: String) -> String {
        t("**Layer \(position), `\(key)`: \(type).**", "**第 \(position) 层 `\(key)`：\(type)。**")
    }
    public func mechanismName(_ type: String) -> String {
        switch type {
        case "guarantee": return t("loan-level guarantee, split pari passu with re-guarantee chain", "融资担保（逐笔按比例分担，含再担保链）")
        case "portfolio_guarantee": return t("capped portfolio guarantee", "组合担保（设赔付上限）")
        case "tranche": return t("first- or second-loss tranche", "分层损失保护（首损或次损）")
        case "compensation_pool": return t("risk compensation pool", "风险补偿资金池")
        case "interest": return t("interest subsidy", "贴息")
        case "tolerance": return t("NPL tolerance", "不良率容忍度")
        default: return "`\(type)`"
        }
    }
    public var subsidiesHeading: String { t("Subsidies", "财政补贴") }
    public func subsidyTitle(position: String) -> String { t("**Interest subsidy \(position).**", "**贴息 \(position)。**") }
    public var toleranceHeading: String { t("NPL tolerance rule", "不良率容忍度规则") }
    public var toleranceRuleExplanation: String {
        t(
            "A year breaches the tolerance when the gross NPL ratio of the covered segments (principal defaulting in the year over principal outstanding at its start) is strictly above the level; risk sharing does not change this ratio.",
            "某年受保分组的不良率（当年违约本金除以年初未偿本金）严格高于容忍度即为突破；风险分担不改变该比率。")
    }
    public var noTolerance: String { t("The scheme has no NPL tolerance rule.", "方案未设不良率容忍度。") }
    public var modelHeading: String { t("Default model", "违约模型") }
    public var segmentsHeading: String { t("**Segments.**", "**贷款分组。**") }

    /// Label of a scenario key in the terms section; unknown keys are shown as code.
    public func termLabel(_ key: String) -> String {
        guard let label = Self.termLabels[key] else { return "`\(key)`" }
        return t(label.en, label.zh)
    }

    /// Readable labels of the scenario keys stated in the terms section.
    public static let termLabels: [String: (en: String, zh: String)] = [
        "segments": ("Covered segments", "覆盖分组"),
        "beneficiary": ("Beneficiary (whose retained loss the layer relieves)", "受益方（其自留损失获得分担）"),
        "shares": ("Shares of the guaranteed loss", "担保损失分担比例"),
        "per_loan_cap": ("Cap per loan", "单笔上限"),
        "fee_rate": ("Guarantee fee per year, on the guaranteed balance", "年担保费率（按在保余额）"),
        "fee_to": ("Fee paid to", "担保费收取方"),
        "annual_cap_rate": ("Annual payout cap, share of the party's guaranteed balance", "年度代偿上限（占该方在保余额比例）"),
        "capital": ("Capital (cumulative payout limit, plus fees received)", "资本金（累计代偿上限，加已收担保费）"),
        "overflow": ("Parties taking over what a limit leaves unpaid", "超限部分承接方"),
        "payer": ("Payer", "支付方"),
        "rate": ("Share paid", "支付比例"),
        "cap_rate": ("Cap, share of covered volume", "赔付上限（占受保规模比例）"),
        "cap": ("Cap (amount)", "赔付上限（金额）"),
        "attach": ("Attachment point, share of covered volume", "起赔点（占受保规模比例）"),
        "detach": ("Detachment point, share of covered volume", "止赔点（占受保规模比例）"),
        "share": ("Share of the tranche borne by the payer", "支付方承担的分层比例"),
        "basis": ("Loss basis", "损失计算基础"),
        "initial_balance": ("Initial balance", "初始余额"),
        "ratio": ("Compensation ratio", "补偿比例"),
        "uplift.first_loan": ("Uplift for first loans", "首贷补偿比例上浮"),
        "uplift.product": ("Uplift per product", "按产品补偿比例上浮"),
        "max_ratio": ("Maximum ratio after uplifts", "上浮后最高补偿比例"),
        "annual_cap": ("Annual payout cap", "年度补偿上限"),
        "party_cap_share": ("All compensation at most this share of the beneficiary's loss", "补偿总额不超过受益方损失的比例"),
        "npl_trigger.reduce_above": ("NPL ratio above which the ratio is reduced", "补偿比例下调的不良率阈值"),
        "npl_trigger.factor": ("Reduction factor", "下调系数"),
        "npl_trigger.suspend_above": ("NPL ratio above which compensation is suspended", "暂停补偿的不良率阈值"),
        "shortfall": ("When claims exceed the money", "代偿超过可用资金时的处理"),
        "topup.per_year": ("Top-up per year", "每年补充资金"),
        "topup.replenish_paid": ("Replenishes what it paid", "按已付金额补足"),
        "claim_lag_years": ("Claim lag (years)", "代偿滞后（年）"),
        "first_loan_rate": ("Share of interest paid for first loans", "首贷贴息比例"),
        "level": ("Tolerated NPL ratio", "容忍的不良率"),
        "horizon_years": ("Horizon (years)", "期限（年）"),
        "method": ("Simulation method", "模拟方法"),
        "importance_sampling.target_loss": ("Importance sampling: target loss", "重要性抽样：目标损失"),
        "importance_sampling.target_probability": ("Importance sampling: target tail probability", "重要性抽样：目标尾部概率"),
        "importance_sampling.shift": ("Importance sampling: factor shift", "重要性抽样：因子平移"),
        "importance_sampling.twist": ("Importance sampling: exponential twist", "重要性抽样：指数倾斜"),
        "copula": ("Copula", "Copula 类型"),
        "dof": ("Degrees of freedom", "自由度"),
        "factors": ("Systematic factors", "系统性因子"),
        "persistence": ("Year-to-year factor persistence (autoregressive coefficient)", "因子年度持续性（自回归系数）"),
        "stress.pd_multiplier": ("PD multiplier per year", "各年违约概率压力乘数"),
        "renewal": ("Maturing loans renewed", "到期贷款续贷"),
        "portfolio.seed": ("Seed of the generated loan book", "生成贷款组合的随机种子"),
        "stage": ("Stage", "发展阶段"),
        "product": ("Product", "产品"),
        "loans_file": ("Loan tape", "贷款明细文件"),
        "count": ("Loans", "笔数"),
        "exposure": ("Principal per loan", "单笔本金"),
        "exposure.median": ("Median principal (lognormal)", "本金中位数（对数正态）"),
        "exposure.sigma": ("Log-scale sd of principal", "本金对数标准差"),
        "pd": ("Annual PD", "年违约概率"),
        "lgd.mean": ("Mean LGD", "平均违约损失率"),
        "lgd.sd": ("LGD sd (zero: fixed, otherwise Beta)", "违约损失率标准差（为零时固定，否则为 Beta 分布）"),
        "term_years": ("Term (years)", "期限（年）"),
        "first_loan_share": ("First-loan share", "首贷占比"),
        "interest_rate": ("Interest rate", "利率"),
        "loadings": ("Factor loadings", "因子载荷"),
    ]

    // MARK: Provenance and portfolio

    public var provenance: String { t("Run provenance", "运行信息") }
    public var item: String { t("Item", "项目") }
    public var value: String { t("Value", "取值") }
    public var scenarioName: String { t("Scenario", "情景") }
    public var scenarioFile: String { t("Scenario file", "情景文件") }
    public var scenarioHash: String { t("Scenario SHA-256", "情景 SHA-256") }
    public var seed: String { t("Seed", "随机种子") }
    public var paths: String { t("Paths", "路径数") }
    public var horizonYears: String { t("Horizon (years)", "期限（年）") }
    public var blockPaths: String { t("Paths per random-number block", "每个随机数块的路径数") }
    public var method: String { t("Method", "方法") }
    public var overrides: String { t("Overrides", "参数覆盖") }
    public var riskShareVersion: String { t("RiskShare version", "RiskShare 版本") }
    public var gslVersion: String { t("GSL version", "GSL 版本") }
    public var schemaVersion: String { t("Report schema version", "报告结构版本") }
    public var reproducibility: String {
        t(
            "The same scenario file, overrides, seed and paths reproduce every number of this report, whatever the number of threads (check with `riskshare run SCENARIO --check report.json`). The SHA-256 covers the scenario file, its includes, its loan tapes and the overrides.",
            "相同的情景文件、参数覆盖、随机种子和路径数可复现本报告的每一个数字，与线程数无关（可用 `riskshare run SCENARIO --check report.json` 核对）。SHA-256 覆盖情景文件、其引用文件、贷款明细和参数覆盖。")
    }
    public var portfolio: String { t("Portfolio", "贷款组合") }
    public func portfolioSentence(loans: String, exposure: String, unit: String) -> String {
        t("\(loans) loans with a total exposure of \(exposure) \(unit).", "共 \(loans) 笔贷款，总敞口 \(exposure) \(unit)。")
    }
    public var segment: String { t("Segment", "分组") }
    public var loans: String { t("Loans", "笔数") }
    public var exposure: String { t("Exposure", "敞口") }
    public var exposureWeightedPD: String { t("Exposure-weighted PD", "敞口加权违约概率") }
    public var firstLoans: String { t("First loans", "首贷笔数") }

    // MARK: Losses

    public var lossesByParty: String { t("Losses by party", "各方损失") }
    public func lossesExplanation(isExact: Bool) -> String {
        let en =
            "Losses are summed over the whole horizon. VaR at level q is the loss not exceeded on a share q of outcomes; ES (expected shortfall) is the average loss in the worst 1 - q of outcomes."
        let zh = "损失为整个期限内的合计。水平 q 的风险价值（VaR）是在 q 比例的情形下不被超过的损失；预期短缺（ES）是最差 1 - q 比例情形下的平均损失。"
        if isExact { return t(en, zh) }
        return t(en + " \"Paths beyond VaR\" counts the paths a tail estimate rests on.", zh + "“超过风险价值的路径数”为尾部估计所依据的路径数。")
    }
    public var grossLossTitle: String { t("Gross loss (before risk sharing)", "总损失（风险分担前）") }
    public var grossLossLabel: String { t("gross loss", "总损失") }
    public var grossLoss: String { t("Gross loss", "总损失") }
    public func partyLossTitle(_ name: String) -> String { t("Loss borne by `\(name)`", "`\(name)` 承担的损失") }
    public func partyLossLabel(_ name: String) -> String { t("loss of `\(name)`", "`\(name)` 的损失") }
    public func constantSentence(label: String, value: String, unit: String) -> String {
        t(
            "The \(label) is the same on every path: \(value) \(unit). It has no spread and no tail.",
            "\(label)在每条路径上相同：\(value) \(unit)，没有波动，也没有尾部。")
    }
    public func meanSentence(
        label: String, mean: String, stderr: String, sd: String, minimum: String, maximum: String, unit: String,
        isExact: Bool
    ) -> String {
        if isExact {
            return t(
                "Expected \(label): \(mean) \(unit) (exact; \(stderr) standard error); standard deviation \(sd); smallest and largest value \(minimum) and \(maximum).",
                "预期\(label)：\(mean) \(unit)（精确值，标准误 \(stderr)）；标准差 \(sd)；最小值和最大值分别为 \(minimum) 和 \(maximum)。")
        }
        return t(
            "Expected \(label): \(mean) ± \(stderr) \(unit); standard deviation \(sd); smallest and largest path \(minimum) and \(maximum).",
            "预期\(label)：\(mean) ± \(stderr) \(unit)；标准差 \(sd)；路径最小值和最大值分别为 \(minimum) 和 \(maximum)。")
    }
    public var level: String { t("Level", "水平") }
    public var valueAtRisk: String { t("VaR", "风险价值") }
    public var varInterval: String { t("VaR 95% CI", "风险价值 95% 置信区间") }
    public var expectedShortfall: String { t("ES", "预期短缺") }
    public var standardErrorShort: String { t("s.e.", "标准误") }
    public var pathsBeyondVaR: String { t("Paths beyond VaR", "超过风险价值的路径数") }
    public var outsideSampledRegionCell: String { t("outside sampled region", "抽样未覆盖") }
    public func noTailNote(levels: String) -> String {
        t(
            "No path lies beyond VaR at \(levels) (values equal to VaR up to a relative 1e-12 count as ties): the loss is capped or constant there, so ES equals VaR and there is no tail to estimate.",
            "在 \(levels) 水平没有路径超过风险价值（与风险价值的相对差不超过 1e-12 视为相等）：损失在此封顶或恒定，预期短缺等于风险价值，不存在需要估计的尾部。")
    }
    public func thinTailNote(levels: String, paths: String) -> String {
        t(
            "At \(levels) fewer than 100 paths lie beyond VaR (\(paths) paths), so those VaR and ES estimates are rough: read them with their confidence intervals, or run more paths.",
            "在 \(levels) 水平超过风险价值的路径少于 100 条（\(paths) 条），相应的风险价值和预期短缺估计较粗略：请结合置信区间解读，或增加路径数。")
    }
    public func outsideSampledRegionItem(level: String, paths: String, error: String) -> String {
        t("\(level): \(paths) paths at or below VaR, relative standard error \(error)", "\(level)：风险价值及以下 \(paths) 条路径，相对标准误 \(error)")
    }
    public func outsideSampledRegionNote(items: String, minimum: String, limit: String) -> String {
        t(
            "Importance sampling concentrates on worse outcomes, so these levels are outside the sampled region (fewer than \(minimum) sampled paths at or below VaR, or a relative standard error of the tail probability above \(limit)); their VaR and ES are not estimated. \(items).",
            "重要性抽样集中于更差的情形，以下水平位于抽样未覆盖的区域（风险价值及以下的抽样路径少于 \(minimum) 条，或尾部概率估计的相对标准误超过 \(limit)），不估计其风险价值和预期短缺。\(items)。")
    }
    public func exceedanceItem(label: String, threshold: String, unit: String, p: String) -> String {
        t("P(\(label) > \(threshold) \(unit)) = \(p)", "P（\(label) > \(threshold) \(unit)）= \(p)")
    }
    public var largeLossesTitle: String { t("Probability of large losses", "大额损失的概率") }
    public var largeLossesExplanation: String {
        t("The chart shows, for each amount x, the share of paths on which the loss exceeds x.", "下图给出每个金额 x 对应的损失超过 x 的路径比例。")
    }
    public var whoBearsTitle: String { t("Who bears the expected loss", "预期损失由谁承担") }
    public var party: String { t("Party", "参与方") }
    public var expectedLoss: String { t("Expected loss", "预期损失") }
    public var expectedValue: String { t("Expected over the horizon ± s.e.", "期内期望值 ± 标准误") }
    public var shareOfGross: String { t("Share of expected gross loss", "占预期总损失比例") }
    public var feesReceived: String { t("Guarantee fees received", "收取的担保费") }
    public var subsidiesPaid: String { t("Subsidies paid", "支付的财政补贴") }

    // MARK: Years

    public var yearByYear: String { t("Year by year", "逐年结果") }
    public var year: String { t("Year", "年份") }
    public var defaultsMean: String { t("Defaults (mean)", "违约笔数（均值）") }
    public var nplMean: String { t("NPL ratio (mean)", "不良率（均值）") }
    public func nplAtLevel(_ level: String) -> String { t("NPL ratio VaR \(level)", "不良率 \(level) 分位") }
    public var yearsExplanation: String {
        t(
            "Means with one standard error. Losses are by year of default. The NPL ratio of a year is the principal that defaults in the year divided by the principal outstanding at its start.",
            "均值附一个标准误。损失按违约年份归属。某年不良率为当年违约本金除以年初未偿本金。")
    }

    // MARK: Pools, caps, tolerance, fiscal cost

    public var poolsHeading: String { t("Compensation pools", "风险补偿资金池") }
    public func poolTitle(_ name: String) -> String { t("Pool `\(name)`", "资金池 `\(name)`") }
    public func poolPays(mean: String, unit: String) -> String {
        t("It pays out \(mean) \(unit) on average over the horizon", "期内平均代偿 \(mean) \(unit)")
    }
    public func poolPaysTail(outcome: String, valueAtRisk: String, unit: String, level: String) -> String {
        t("; \(outcome) it pays \(valueAtRisk) \(unit) or more (VaR \(level))", "；\(outcome)代偿不低于 \(valueAtRisk) \(unit)（\(level) 风险价值）")
    }
    public func poolTopups(_ mean: String, unit: String) -> String {
        t("Top-ups add \(mean) \(unit) on average.", "补充资金平均为 \(mean) \(unit)。")
    }
    public func poolUnpaid(_ mean: String, unit: String) -> String {
        t(
            "Claims left unpaid (for lack of money, by an annual cap, or still pending at the horizon) average \(mean) \(unit).",
            "未获支付的代偿（因资金不足、年度上限或期末仍待支付）平均为 \(mean) \(unit)。")
    }
    public var balanceEndMean: String { t("End balance, mean", "年末余额均值") }
    public var balanceEndMedian: String { t("End balance, median", "年末余额中位数") }
    public var probabilityExhausted: String { t("P(exhausted)", "耗尽概率") }
    public var probabilitySuspended: String { t("P(suspended)", "暂停补偿概率") }
    public var capsHeading: String { t("Caps and limits", "上限与限额") }
    public var capsExplanation: String {
        t(
            "A limit binds in a year when it leaves part of a payment due in that year unpaid (a tranche: when its covered loss has reached the detachment point). What it leaves unpaid stays with the beneficiary or passes to the overflow parties.",
            "某年限额“生效”指其使当年应付款项有部分未获支付（分层保护：受保损失达到止赔点）。未支付部分由受益方自留或转由超限承接方承担。")
    }
    public func capBinds(layer: String, type: String, parties: String, p: String) -> String {
        t(
            "The limit of \(parties) in layer `\(layer)` (\(type)) binds in some year on \(p) of paths",
            "第 `\(layer)` 层（\(type)）中 \(parties) 的限额在 \(p) 的路径上至少有一年生效")
    }
    public func capMostOften(year: String) -> String { t(", most often in year \(year)", "，最常见于第 \(year) 年") }
    public func capColumn(_ layer: String) -> String { t("`\(layer)` binds", "`\(layer)` 生效概率") }
    public var toleranceSectionHeading: String { t("NPL tolerance", "不良率容忍度") }
    public func toleranceLevelSentence(_ level: String) -> String { t("The NPL tolerance is \(level).", "不良率容忍度为 \(level)。") }
    public func toleranceBreachSentence(_ p: String) -> String {
        t("The NPL ratio breaches it in at least one year on \(p) of paths.", "不良率至少有一年突破容忍度的概率为 \(p)。")
    }
    public func toleranceMostLikely(_ year: String) -> String { t("A breach is most likely in year \(year).", "突破最可能发生在第 \(year) 年。") }
    public func exceededPart(ratio: String, probability: String) -> String {
        t("\(ratio) (probability \(probability))", "\(ratio)（概率 \(probability)）")
    }
    public func exceededSentence(_ parts: String) -> String {
        t("The worst year's NPL ratio exceeds \(parts).", "最差年份的不良率超过 \(parts)。")
    }
    public var probabilityAboveTolerance: String { t("P(NPL ratio above tolerance)", "不良率高于容忍度的概率") }
    public func exceededColumn(_ probability: String) -> String {
        t("NPL ratio exceeded with probability \(probability)", "以 \(probability) 概率被超过的不良率")
    }
    public var fiscalHeading: String { t("Fiscal cost", "财政成本") }
    public var fiscalDefinition: String {
        t(
            "The public cost is, on each path, the claims paid by every party other than the bank (pools included), net of the guarantee fees those parties receive, plus the interest subsidies they pay. Pool top-ups are not part of it: they refill pools whose claims are already counted, and are shown apart.",
            "财政成本为每条路径上银行以外各方（含资金池）支付的代偿，扣除其收取的担保费，加上其支付的贴息。资金池补充资金不计入：它们补充的资金池代偿已计入成本，另行列示。")
    }
    public var publicCostLabel: String { t("public cost", "财政成本") }
    public var publicCostChartTitle: String { t("Public cost", "财政成本") }
    public func fiscalTopups(_ mean: String, unit: String) -> String {
        t("Pool top-ups, not included in the cost above: \(mean) \(unit) on average.", "资金池补充资金（不计入上述成本）：平均 \(mean) \(unit)。")
    }
    public func coveredVolumeSentence(_ volume: String, unit: String) -> String {
        t("The schemes cover \(volume) \(unit) of loans.", "方案覆盖贷款 \(volume) \(unit)。")
    }
    public func leverageSentence(_ leverage: String, currency: String) -> String {
        t(
            "Each \(currency) of expected public cost supports \(leverage) \(currency) of covered lending.",
            "每\(currencyWord(currency))预期财政成本撬动 \(leverage) \(currencyWord(currency))受保贷款。")
    }
    public func subsidyPayerTitle(_ name: String) -> String { t("Subsidies paid by `\(name)`", "`\(name)` 支付的财政补贴") }
    public func subsidyPayerOnly(_ name: String) -> String {
        t(
            "`\(name)` pays interest subsidies and bears no loss; its subsidies are part of the public cost.",
            "`\(name)` 支付贴息，不承担贷款损失；其补贴计入财政成本。")
    }
    public func subsidyPayerAlsoBearsLoss(_ name: String) -> String {
        t(
            "`\(name)` also bears loss (see Losses by party); its subsidies are part of the public cost.",
            "`\(name)` 同时承担损失（见各方损失）；其补贴计入财政成本。")
    }
    public func subsidiesLabel(_ name: String) -> String { t("subsidies paid by `\(name)`", "`\(name)` 支付的补贴") }
    public var importanceSamplingHeading: String { t("Importance sampling", "重要性抽样") }
    public func importanceSamplingSentence(ess: String, paths: String, meanWeight: String, minimum: String, limit: String) -> String {
        t(
            "The paths were drawn by importance sampling toward bad outcomes and carry likelihood-ratio weights. Effective sample size: \(ess) of \(paths) paths; mean weight \(meanWeight) (1 in expectation). A level with fewer than \(minimum) sampled paths at or below its VaR, or whose tail-probability estimate has a relative standard error above \(limit), is outside the sampled region and is not estimated.",
            "路径按重要性抽样向不利情形倾斜抽取，并带有似然比权重。有效样本量：\(ess)（共 \(paths) 条路径）；平均权重 \(meanWeight)（期望为 1）。风险价值及以下的抽样路径少于 \(minimum) 条、或尾部概率估计的相对标准误超过 \(limit) 的水平，位于抽样未覆盖的区域，不予估计。"
        )
    }

    // MARK: Definitions

    public var definitions: String { t("Definitions", "定义") }
    public func definitionItems(isExact: Bool) -> [String] {
        var items = [
            t("VaR_q is the smallest value whose distribution function reaches q.", "VaR_q 为分布函数达到 q 的最小值。"),
            t(
                "ES_q is the Acerbi-Tasche expected shortfall: the average of VaR_u over u from q to one.",
                "ES_q 为 Acerbi-Tasche 预期短缺：VaR_u 在 u 从 q 到一上的平均。"),
        ]
        if !isExact {
            items += [
                t("The interval of VaR_q is a distribution-free 95% interval from order statistics.", "VaR_q 的区间为基于次序统计量的无分布假设 95% 置信区间。"),
                t(
                    "Standard errors of means are sd / sqrt(paths); of probabilities sqrt(p (1 - p) / paths).",
                    "均值的标准误为 sd / sqrt(路径数)；概率的标准误为 sqrt(p (1 - p) / 路径数)。"),
            ]
        }
        items.append(
            t(
                "Figures not in report.json, such as each party's share of the expected gross loss, are computed from its unrounded values.",
                "report.json 中没有的数字（如各方占预期总损失的比例）由未经舍入的数值计算。"))
        return items
    }
}

/// Phrases of the terminal summary.
extension ReportStrings {
    public func summaryScenario(_ name: String) -> String { t("Scenario \(name)", "情景 \(name)") }
    public func summaryRun(paths: String, seed: String, years: String, threads: String, seconds: String) -> String {
        t(
            "paths \(paths), seed \(seed), horizon \(years) years, \(threads) threads, \(seconds) s",
            "路径 \(paths) 条，随机种子 \(seed)，期限 \(years) 年，\(threads) 个线程，用时 \(seconds) 秒")
    }
    public func summaryPortfolio(loans: String, exposure: String, currency: String) -> String {
        t("portfolio \(loans) loans, exposure \(exposure) \(currency)", "贷款组合 \(loans) 笔，敞口 \(exposure)\(currencyWord(currency))")
    }
    public func summaryOverrides(_ list: String) -> String { t("overrides: \(list)", "参数覆盖：\(list)") }
    public func summaryLossColumn(_ currency: String) -> String { t("loss (\(currency))", "损失（\(currencyWord(currency))）") }
    public var summaryMean: String { t("mean", "均值") }
    public var summaryGross: String { t("gross", "总损失") }
    public func summaryPool(_ name: String, paid: String, currency: String, exhausted: String) -> String {
        t(
            // A pool named like a pool ("pool", "shenzhen_pool") is not announced twice.
            "\(name.lowercased().contains("pool") ? name : "pool " + name): pays \(paid) \(currency) on average; exhausted on \(exhausted) of paths",
            "风险补偿资金池 \(name)：平均代偿 \(paid)\(currencyWord(currency))；耗尽概率 \(exhausted)")
    }
    public func summaryMostOften(_ year: String) -> String { t(", most often in year \(year)", "，最常见于第 \(year) 年") }
    public func summarySuspended(year: String, p: String) -> String {
        t("; compensation suspended most often in year \(year) (\(p) of paths)", "；暂停补偿最常见于第 \(year) 年（概率 \(p)）")
    }
    public func summaryCap(_ layer: String, parties: String, p: String) -> String {
        t("cap \(layer) (limit of \(parties)): binds on \(p) of paths", "上限 \(layer)（\(parties) 的限额）：生效概率 \(p)")
    }
    public func summaryTolerance(level: String, p: String) -> String {
        t("NPL tolerance \(level): breached in some year on \(p) of paths", "不良率容忍度 \(level)：至少一年突破的概率 \(p)")
    }
    public func summaryWorstYear(_ ratioA: String, _ pA: String, _ ratioB: String, _ pB: String) -> String {
        t(
            "; the worst year's NPL ratio exceeds \(ratioA) with probability \(pA) and \(ratioB) with \(pB)",
            "；最差年份不良率以 \(pA) 概率超过 \(ratioA)，以 \(pB) 概率超过 \(ratioB)")
    }
    public func summaryPublicCost(_ mean: String, currency: String) -> String {
        t(
            "public cost (claims net of fees, plus subsidies): \(mean) \(currency) on average over the horizon",
            "财政成本（代偿扣除担保费，加财政补贴）：期内平均 \(mean)\(currencyWord(currency))")
    }
    public func summaryOneInHundred(_ value: String) -> String { t(", \(value) in a 1-in-100 outcome", "，百年一遇情形下 \(value)") }
    public func summaryNearestLevel(_ value: String, level: String) -> String {
        t(", \(value) at VaR \(level) (the reported level nearest to 1-in-100)", "，\(level) 风险价值 \(value)（最接近百年一遇的已报告水平）")
    }
    public func summaryLeverage(_ leverage: String, currency: String) -> String {
        t(
            "; \(leverage) \(currency) of covered lending per \(currency) of expected public cost",
            "；每\(currencyWord(currency))预期财政成本撬动 \(leverage) \(currencyWord(currency))受保贷款")
    }
    public func summaryTopups(_ mean: String, currency: String) -> String {
        t("pool top-ups (not in the public cost): \(mean) \(currency) on average", "资金池补充资金（不计入财政成本）：平均 \(mean)\(currencyWord(currency))")
    }
    public func summaryImportanceSampling(ess: String, meanWeight: String) -> String {
        t("importance sampling: effective sample size \(ess), mean weight \(meanWeight)", "重要性抽样：有效样本量 \(ess)，平均权重 \(meanWeight)")
    }
    public var summaryYear: String { t("year", "年份") }
    public var summaryGrossMean: String { t("gross loss mean", "总损失均值") }
    public var summaryDefaultsMean: String { t("defaults mean", "违约笔数均值") }
    public var summaryNPLMean: String { t("NPL mean", "不良率均值") }
    public func summaryNPLAt(_ level: String) -> String { t("NPL \(level)", "不良率 \(level)") }
}
