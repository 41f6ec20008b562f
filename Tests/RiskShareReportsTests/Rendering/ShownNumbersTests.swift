import Foundation
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Every number a reader sees in report.md and in the printed summary is a value of the report
/// model, rounded to the shown decimals: the numbers are parsed out of the rendered text, matched
/// one for one with the numbers the renderer recorded, and each recorded number is checked
/// against the value its JSON pointer names in report.json (the encoded model).
@Suite struct ShownNumbersTests {
    /// The reports checked: hand-built (all sections; levels without 99%; importance sampling;
    /// semi-analytic) and simulated.
    static let reports: [(name: String, report: Report)] = [
        ("scheme", HandBuiltReports.scheme()), ("sparse levels", HandBuiltReports.scheme(levels: [0.95, 0.999])),
        ("importance sampling", HandBuiltReports.importanceSampling()), ("semi-analytic", HandBuiltReports.semiAnalytic()),
        ("simulated", ReportFixtures.golden.report),
    ]

    static var cases: [(Int, ReportLanguage)] { reports.indices.flatMap { i in ReportLanguage.allCases.map { (i, $0) } } }

    /// Number tokens a reader finds in `text`, after removing code spans, the scenario's own
    /// description, `names` (party, pool and layer names the summary prints bare) and the
    /// strings table's fixed phrases that contain digits.
    static func numbers(in text: String, report: Report, language: ReportLanguage, names: [String] = []) -> [String] {
        var text = text.replacingOccurrences(of: "`[^`]*`", with: " ", options: .regularExpression)
        if !report.scenario.description.isEmpty { text = text.replacingOccurrences(of: report.scenario.description, with: " ") }
        for phrase in (ReportStrings(language: language).fixedTextsWithDigits + names).sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: phrase, with: " ")
        }
        let regex = try! NSRegularExpression(pattern: "(?<![\\p{L}\\d_.,])-?\\d+(?:,\\d{3})*(?:\\.\\d+)?")
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { String(text[Range($0.range, in: text)!]) }
    }

    /// Why `number` does not agree with the model, or nil when it does: the pointer names the
    /// value the renderer used, and the text is that value rounded to the shown decimals.
    static func disagreement(_ number: ShownNumber, json: JSONValue) -> String? {
        guard let shown = GroupedNumber.parse(number.text) else { return "\(number.text) does not parse" }
        if let pointer = number.pointer {
            guard let expected = json.at(pointer: pointer)?.doubleValue else { return "\(pointer) is not a number in report.json" }
            if expected != number.value { return "\(pointer): renderer used \(number.value), report.json has \(expected)" }
        }
        let halfUnit = 0.5 * pow(10, -Double(number.decimals)) * number.scale
        if abs(shown * number.scale - number.value) > halfUnit * (1 + 1e-9) + abs(number.value) * 1e-12 {
            return "\(number.pointer ?? "derived"): shown \(number.text) is not \(number.value) rounded to \(number.decimals) decimals"
        }
        return nil
    }

    static func check(text: String, shown: [ShownNumber], report: Report, language: ReportLanguage, names: [String] = []) throws {
        let json = try JSONValue.parse(report.json.rendered())
        for number in shown {
            if let problem = disagreement(number, json: json) { Issue.record(Comment(rawValue: problem)) }
        }
        let inText = numbers(in: text, report: report, language: language, names: names).sorted()
        let recorded = shown.map(\.text).sorted()
        #expect(inText == recorded, "numbers in the text but not recorded: \(Self.difference(inText, recorded).prefix(10)); recorded but not in the text: \(Self.difference(recorded, inText).prefix(10))")
    }

    /// Elements of `a` not matched in `b` (as multisets).
    static func difference(_ a: [String], _ b: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for x in b { counts[x, default: 0] += 1 }
        return a.filter { x in
            if let c = counts[x], c > 0 { counts[x] = c - 1; return false }
            return true
        }
    }

    @Test("every number in report.md is a model value, rounded as documented", arguments: cases)
    func markdown(_ index: Int, _ language: ReportLanguage) throws {
        let report = Self.reports[index].report
        let document = MarkdownReport.document(for: report, language: language)
        #expect(document.shown.count > 50)
        try Self.check(text: document.markdown(), shown: document.shown, report: report, language: language)
    }

    @Test("every number in the printed summary is a model value, rounded as documented", arguments: cases)
    func summary(_ index: Int, _ language: ReportLanguage) throws {
        let report = Self.reports[index].report
        let (text, shown) = TextSummary.document(report: report, language: language)
        let names = [report.scenario.name] + report.parties.map(\.name) + report.pools.map(\.name) + report.caps.map(\.layer)
            + report.caps.flatMap(\.parties) + report.run.overrides.map { "--set \($0)" }
        try Self.check(text: text, shown: shown, report: report, language: language, names: names)
    }

    @Test("the key findings show each party's VaR and ES at 99% with intervals, the public cost, pools, caps, tolerance and leverage")
    func headlineFigures() {
        let document = MarkdownReport.document(for: HandBuiltReports.scheme())
        let pointers = Set(document.shown.compactMap(\.pointer))
        for pointer in ["/gross_loss/quantiles/0.99", "/gross_loss/quantile_ci95/0.99/0", "/parties/bank/loss/expected_shortfall/0.99",
                        "/parties/guarantor/loss/quantile_ci95/0.99/1", "/parties/guarantor/loss/expected_shortfall_stderr/0.99",
                        "/fiscal/cost/mean", "/fiscal/cost/quantiles/0.99", "/fiscal/leverage", "/fiscal/covered_volume",
                        "/pools/pool/p_exhausted_by_year/1/p", "/pools/pool/p_suspended_by_year/0/p", "/tolerance/p_breach_any/p",
                        "/caps/guarantee/p_by_year/1/p", "/fiscal/subsidies/government/mean", "/fiscal/topups/mean",
                        "/terms/layers/0/shares/guarantor", "/terms/layers/1/npl_trigger.suspend_above", "/terms/segments/0/pd",
                        "/terms/model/dof", "/run/seed", "/run/paths", "/portfolio/segments/1/exposure"] {
            #expect(pointers.contains(pointer), "\(pointer) is not shown")
        }
    }
}
