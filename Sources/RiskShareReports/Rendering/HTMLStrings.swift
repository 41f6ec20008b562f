/// Phrases only report.html uses (chart titles, axis labels, legends, the table of contents), in
/// English and Chinese side by side like the rest of `ReportStrings`. Numbers come in formatted.
extension ReportStrings {
    public var contents: String { t("Contents", "目录") }

    // MARK: Distributions

    public func distributionTitle(_ subject: String, paths: String) -> String {
        t("\(subject): distribution over \(paths) paths", "\(subject)：\(paths) 条路径上的分布")
    }
    public func lossAxis(_ unit: String) -> String { t("Loss over the horizon (\(unit))", "期内损失（\(unit)）") }
    public func publicCostAxis(_ unit: String) -> String { t("Public cost over the horizon (\(unit))", "期内财政成本（\(unit)）") }
    public var shareOfPaths: String { t("Share of paths", "路径占比") }
    public var pathsPerBin: String { t("paths per bin", "各区间路径占比") }
    public func meanLegend(_ value: String) -> String { t("mean \(value)", "均值 \(value)") }
    public func valueAtRiskLegend(_ level: String, _ value: String) -> String { t("VaR \(level) \(value)", "\(level) 风险价值 \(value)") }
    public func expectedShortfallLegend(_ level: String, _ value: String) -> String {
        t("ES \(level) \(value)", "\(level) 预期短缺 \(value)")
    }
    public var mean: String { t("mean", "均值") }
    public var median: String { t("median", "中位数") }

    // MARK: Exceedance

    public var exceedanceTitle: String { t("Probability that the loss over the horizon exceeds x", "期内损失超过 x 的概率") }
    public var exceedanceAxis: String { t("P(loss > x), log scale", "P(损失 > x)，对数刻度") }
    public func amountAxis(_ unit: String) -> String { t("x (\(unit))", "x（\(unit)）") }
    public var grossLossLegend: String { t("gross loss", "总损失") }

    // MARK: Years

    public var yearAxis: String { t("Year", "年份") }
    public var allocationTitle: String { t("Expected loss by year and who bears it", "各年预期损失及其承担方") }
    public func expectedLossAxis(_ unit: String) -> String { t("Expected loss (\(unit))", "预期损失（\(unit)）") }
    public func poolFanTitle(_ pool: String) -> String { t("Pool \(pool): balance at year end", "资金池 \(pool)：年末余额") }
    public func poolExhaustedSuffix(_ probability: String) -> String {
        t(", exhausted on \(probability) of paths", "，耗尽概率 \(probability)")
    }
    public func balanceAxis(_ unit: String) -> String { t("Balance (\(unit))", "余额（\(unit)）") }
    public var pathsFiveToNinetyFive: String { t("5-95% of paths", "5%–95% 路径区间") }
    public var pathsQuartiles: String { t("25-75% of paths", "25%–75% 路径区间") }
    public var reportedRange: String { t("reported range", "已报告区间") }
    public var nplTitle: String { t("NPL ratio by year", "各年不良率") }
    public var nplAxis: String { t("NPL ratio", "不良率") }
    public func toleranceLegend(_ level: String) -> String { t("tolerance \(level)", "容忍度 \(level)") }
    public var capsChartTitle: String { t("How often each limit binds, by year (±2 s.e.)", "各年上限触及概率（±2 标准误）") }
    public var capsAxis: String { t("P(limit binds in the year)", "当年触及上限的概率") }
    public func capLegend(layer: String, parties: String) -> String { t("\(layer): \(parties)", "\(layer)：\(parties)") }
}
