import Foundation
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The numbers a reader sees in report.md and report.html are those of report.json, rounded
/// to the shown decimals. Checked by parsing the shown text back and comparing it with the
/// value read from the rendered report.json text.
@Suite struct ReportNumbersTests {
    /// |shown × scale - json| ≤ half a unit of the last shown digit (plus float slack).
    static func agrees(_ number: ShownNumber, json: JSONValue) -> Bool {
        guard let expected = json.at(pointer: number.pointer)?.doubleValue,
              let shown = MarkdownNumbers.parseShown(number.text) else { return false }
        let tolerance = 0.5 * pow(10, -Double(number.decimals)) * number.scale
        return abs(shown * number.scale - expected) <= tolerance * (1 + 1e-9) + abs(expected) * 1e-12
    }

    @Test("every number shown in md and html equals report.json", arguments: [false, true])
    func shownNumbersEqualJSON(riskSharing: Bool) throws {
        let run = riskSharing ? ReportFixtures.riskSharing : ReportFixtures.golden
        let json = try JSONValue.parse(run.report.rendered())
        let document = MarkdownReport.document(for: run.report)
        let markdown = document.markdown()
        let html = HTMLReport.render(report: run.report, table: run.table)
        #expect(document.shown.count > 100)
        for number in document.shown {
            #expect(Self.agrees(number, json: json), "\(number.pointer): shown \(number.text), json \(String(describing: json.at(pointer: number.pointer)))")
            #expect(markdown.contains(number.text), "\(number.text) missing from md")
            #expect(html.contains(number.text), "\(number.text) missing from html")
        }
        // The headline figures are among them.
        let pointers = Set(document.shown.map(\.pointer))
        for pointer in ["/gross_loss/mean", "/gross_loss/stderr", "/gross_loss/quantiles/0.99", "/gross_loss/expected_shortfall/0.99",
                        "/gross_loss/quantile_ci95/0.99/0", "/run/seed", "/run/paths", "/parties/bank/loss/mean"] {
            #expect(pointers.contains(pointer), "\(pointer) is not shown")
        }
        if riskSharing {
            for pointer in ["/pools/pool/p_exhausted/p", "/pools/pool/p_exhausted/stderr", "/tolerance/level",
                            "/tolerance/p_breach_any/p", "/caps/pool_claims/p", "/fiscal/cost/mean", "/fiscal/leverage",
                            "/tolerance/npl_ratio_exceeded_with_probability/0.05",
                            "/tolerance/npl_ratio_exceeded_with_probability_by_year/0.01/2", "/pools/pool/unpaid/mean",
                            "/parties/guarantor/fees/mean", "/fiscal/covered_volume"] {
                #expect(pointers.contains(pointer), "\(pointer) is not shown")
            }
        }
    }

    @Test("the md headline table, parsed as a reader would, gives the json VaR and ES")
    func headlineTableParsesBack() throws {
        let run = ReportFixtures.golden
        let json = try JSONValue.parse(run.report.rendered())
        let markdown = MarkdownReport.render(report: run.report)
        // The first table after the gross-loss heading.
        let after = try #require(markdown.components(separatedBy: "### Gross loss (before risk sharing)").dropFirst().first)
        let section = after.components(separatedBy: "\n### ")[0]
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| 99% ") || $0.hasPrefix("| 95% ") }
        #expect(rows.count == 2)
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let level = cells[0] == "99%" ? "0.99" : "0.95"
            let varShown = try #require(MarkdownNumbers.parseShown(cells[1]))
            // The ES cell reads "ES ± standard error".
            let esParts = cells[3].components(separatedBy: " ± ")
            let esShown = try #require(MarkdownNumbers.parseShown(esParts[0]))
            if esParts.count == 2 {
                let esErrorShown = try #require(MarkdownNumbers.parseShown(esParts[1]))
                let esErrorJSON = try #require(json["gross_loss"]?["expected_shortfall_stderr"]?[level]?.doubleValue)
                #expect(abs(esErrorShown * 1e6 - esErrorJSON) <= 0.005e6)
            }
            let varJSON = try #require(json["gross_loss"]?["quantiles"]?[level]?.doubleValue)
            let esJSON = try #require(json["gross_loss"]?["expected_shortfall"]?[level]?.doubleValue)
            #expect(abs(varShown * 1e6 - varJSON) <= 0.005e6)
            #expect(abs(esShown * 1e6 - esJSON) <= 0.005e6)
            #expect(Int(cells[4]) == json["gross_loss"]?["tail_paths"]?[level].flatMap { $0.doubleValue }.map { Int($0) })
        }
    }

    @Test("a tail resting on fewer than 100 paths beyond VaR gets a note")
    func thinTailNote() {
        let markdown = MarkdownReport.render(report: ReportFixtures.golden.report)
        // 2000 paths: 20 beyond VaR 99%, 2 beyond VaR 99.9%; 100 beyond VaR 95% needs no note.
        #expect(markdown.contains("> **Note.** At 99%, 99.5% and 99.9% fewer than 100 paths lie beyond VaR (20, 10 and 2 paths)"))
    }

    @Test("pool and tolerance findings read as sentences")
    func findings() throws {
        let run = ReportFixtures.riskSharing
        let markdown = MarkdownReport.render(report: run.report)
        let p = try #require(run.report["pools"]?["pool"]?["p_exhausted"]?["p"]?.doubleValue)
        let se = try #require(run.report["pools"]?["pool"]?["p_exhausted"]?["stderr"]?.doubleValue)
        let byYear = MarkdownReport.probabilities(run.report["pools"]?["pool"]?["p_exhausted_by_year"])
        let year = try #require(MarkdownReport.mostLikelyYear(byYear))
        #expect(markdown.contains("The pool `pool` is exhausted on \(String(format: "%.2f", p * 100))% ± \(String(format: "%.2f", se * 100))% of paths, most often in year \(year)."))
        #expect(markdown.contains("The NPL tolerance is 8.00%."))
        #expect(markdown.contains("The cap `pool_claims` binds on"))
        #expect(markdown.contains("Each yuan of expected fiscal cost supports"))
    }

    @Test("most likely year reads cumulative lists by their increase")
    func mostLikelyYear() {
        #expect(MarkdownReport.mostLikelyYear([0.01, 0.05, 0.06]) == 2)
        #expect(MarkdownReport.mostLikelyYear([0.04, 0.01, 0.02]) == 1)
        #expect(MarkdownReport.mostLikelyYear([0, 0, 0]) == nil)
        #expect(MarkdownReport.mostLikelyYear([0.01, 0.02, 0.05], cumulative: false) == 3)
    }

    @Test("number formats: grouping, rounding, levels")
    func formats() {
        #expect(MarkdownNumbers.grouped(1349347167.472602 / 1e6, decimals: 2) == "1,349.35")
        #expect(MarkdownNumbers.grouped(-0.001, decimals: 2) == "0.00")
        #expect(MarkdownNumbers.grouped(-1234.5, decimals: 1) == "-1,234.5")
        #expect(MarkdownNumbers.grouped(999.999, decimals: 2) == "1,000.00")
        #expect(MarkdownNumbers.levelLabel("0.995") == "99.5%")
        #expect(MarkdownNumbers.levelLabel("0.5") == "50%")
        #expect(MarkdownNumbers.parseShown("1,349.35") == 1349.35)
        #expect(MarkdownNumbers.parseShown("3.21%") == 3.21)
    }
}
