import Foundation
import FoundationXML
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

#if canImport(FoundationXML)
#endif

/// The sweep page charts each metric against the varied parameters: well-formed, self-contained,
/// one SVG per metric with drawn lines, one line per value of the other grid axis.
@Suite struct SweepHTMLTests {
    static func rows() -> [SweepRow] {
        var rows: [SweepRow] = []
        var variant = 1
        for pool in [2.0e8, 5.0e8] {
            for share in [0.5, 0.6, 0.7] {
                rows.append(SweepRow(variant: variant, labels: [String(share), String(1 - share), String(pool)],
                                     readings: [MetricPath.Reading(value: 1e9 * (1 - share) - pool / 10, stderr: 1e7),
                                                MetricPath.Reading(value: share / 10, stderr: nil)]))
                variant += 1
            }
        }
        return rows
    }

    @Test("one chart per metric, well-formed XML, no external reference, lines drawn per pool size")
    func page() throws {
        let html = SweepHTML.render(rows: Self.rows(), axes: ["layers[0].shares.guarantor", "layers[0].shares.bank", "layers[1].initial_balance"],
                                    metrics: ["parties.bank.loss.mean", "caps.0.p"], scenario: "demo.yaml")
        let parser = XMLParser(data: Data(html.dropFirst("<!DOCTYPE html>\n".count).utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(!html.contains("http"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        // The bank share moves with the guarantor's (zipped), so lines are per pool size only.
        #expect(html.contains("initial_balance = 200m"))
        #expect(html.contains("initial_balance = 500m"))
        #expect(!html.contains("bank = 0.5"))
        #expect(!html.contains("d=\"\""))
    }
}
