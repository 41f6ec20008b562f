import RiskShareKit
import RiskShareSupport

/// The language of the readable reports (`riskshare run --lang`): report.md, report.html and
/// the terminal summary. report.json and report.csv are language-neutral.
public enum ReportLanguage: String, CaseIterable, Sendable {
    /// English, the default.
    case en
    /// Simplified Chinese, with the domain's own terms (风险补偿资金池, 融资担保, 不良率容忍度, 财政成本 ...).
    case zh

    /// The BCP 47 tag for an HTML `lang` attribute.
    public var htmlTag: String { self == .en ? "en" : "zh-CN" }
}
