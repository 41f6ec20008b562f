import Foundation
import FoundationXML
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The sweep's readable outputs (HTML page and terminal table): metrics with readable labels and
/// units, values with their standard errors, differences from the baseline with the paired
/// standard errors, metrics that do not vary listed rather than plotted.
@Suite struct SweepHTMLTests {
    static let axes = ["risk_sharing.layers[type=guarantee].shares.guarantor", "risk_sharing.layers[type=guarantee].shares.bank",
                       "risk_sharing.layers[type=compensation_pool].initial_balance"]
    static let metrics = ["parties.bank.loss.mean", "pools.pool.p_exhausted", "portfolio.exposure"]

    /// Six variants: guarantor share 50/60/70% (bank share moving with it) for two pool sizes.
    /// The bank's loss falls by 1e8 per 10 points of share and by a tenth of the pool; its
    /// per-variant error is 1e7 and the paired one 1e6. Exhaustion falls with the pool.
    static func summary(blockPaths: Int = 100) -> SweepSummary {
        var rows: [SweepRow] = []
        var variant = 1
        for pool in [2.0e8, 5.0e8] {
            for share in [0.5, 0.6, 0.7] {
                let loss = 1e9 * (1 - share) - pool / 10
                rows.append(SweepRow(variant: variant, labels: [NumberFormat.plain(share), NumberFormat.plain(1 - share), NumberFormat.plain(pool)],
                                     readings: [MetricPath.Reading(value: loss, stderr: 1e7),
                                                MetricPath.Reading(value: pool == 2e8 ? 0.3 : 0.05, stderr: 0.01),
                                                MetricPath.Reading(value: 2.5e10, stderr: nil)],
                                     differences: [MetricDifference(value: loss - 4.8e8, stderr: variant == 1 ? 0 : 1e6),
                                                   MetricDifference(value: (pool == 2e8 ? 0.3 : 0.05) - 0.3, stderr: variant == 1 ? 0 : 0.002),
                                                   MetricDifference(value: 0, stderr: nil)]))
                variant += 1
            }
        }
        return SweepSummary(scenario: "Scenarios/sweeps/demo.yaml", currency: "CNY", paths: 1000, blockPaths: blockPaths,
                            axes: axes, metrics: metrics, baseline: 1, rows: rows)
    }

    @Test("metric and parameter paths read as labels with the kind of number they are")
    func labels() {
        #expect(MetricLabel("parties.bank.loss.quantiles.0.99") == MetricLabel(text: "bank: loss, VaR 99%", kind: .money))
        #expect(MetricLabel("parties.bank.loss.expected_shortfall.0.995") == MetricLabel(text: "bank: loss, ES 99.5%", kind: .money))
        #expect(MetricLabel("pools.pool.p_exhausted") == MetricLabel(text: "P(pool pool exhausted)", kind: .fraction))
        #expect(MetricLabel("pools.pool.p_exhausted.p") == MetricLabel(text: "P(pool pool exhausted)", kind: .fraction))
        #expect(MetricLabel("years[2].npl_ratio.quantiles.0.99") == MetricLabel(text: "Year 3: NPL ratio, VaR 99%", kind: .fraction))
        #expect(MetricLabel("tolerance.p_breach_by_year[0]") == MetricLabel(text: "P(NPL tolerance breached in year 1)", kind: .fraction))
        #expect(MetricLabel("gross_loss.exceedance.15000000") == MetricLabel(text: "P(Gross loss > 15m)", kind: .fraction))
        #expect(MetricLabel("defaults.mean") == MetricLabel(text: "Defaults, mean", kind: .count))
        #expect(MetricLabel("fiscal.leverage").kind == .plain)
        #expect(MetricLabel("something.unknown") == MetricLabel(text: "something.unknown", kind: .plain))
        #expect(ParameterLabel("portfolio.segments[startup-credit].pd") == ParameterLabel(text: "startup-credit: PD", kind: .fraction))
        #expect(ParameterLabel(Self.axes[0]) == ParameterLabel(text: "guarantee: guarantor share", kind: .fraction))
        #expect(ParameterLabel(Self.axes[2]) == ParameterLabel(text: "compensation_pool: initial balance", kind: .money))
        #expect(ParameterLabel("portfolio.segments[0].exposure.median") == ParameterLabel(text: "#1: exposure median", kind: .money))
        #expect(ParameterLabel("economy.persistence") == ParameterLabel(text: "persistence", kind: .plain))
    }

    @Test("values share one fitting unit per metric, differences carry a sign, parameters read as written by people")
    func formats() {
        let sweep = Self.summary()
        let money = sweep.format(metric: 0)
        #expect(money.unit == "CNY m" && money.decimals == 2)
        #expect(money.withError(4.8e8, 1e7) == "480.00 ± 10.00")
        #expect(money.signed(-1.2e8) == "\u{2212}120.00" && money.signed(5e6) == "+5.00" && money.signed(0) == "0.00")
        #expect(sweep.format(metric: 1).unit == "%")
        #expect(sweep.format(metric: 1).text(0.3) == "30.00")
        #expect(sweep.axisValue(sweep.rows[0], axis: 0) == "50%")
        #expect(sweep.axisValue(sweep.rows[3], axis: 2) == "500m")
        #expect(sweep.varyingMetrics == [0, 1] && sweep.constantMetrics == [2])
    }

    @Test("the page: one section per varying metric with a level chart, a difference chart and a table; well-formed and self-contained")
    func page() throws {
        let html = SweepHTML.render(Self.summary())
        let parser = XMLParser(data: Data(html.dropFirst("<!DOCTYPE html>\n".count).utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(!html.contains("http"))
        // Two varying metrics, two charts each; the exposure is listed, not plotted.
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(html.contains("<h2>bank: loss, mean (CNY m)</h2>"))
        #expect(html.contains("<h2>P(pool pool exhausted) (%)</h2>"))
        #expect(html.contains("<li>Exposure: 25.000 CNY bn (<code>portfolio.exposure</code>)</li>"))
        // Lines per pool size only: the bank share moves with the guarantor's.
        #expect(html.contains(">initial balance 200m</text>") && html.contains(">initial balance 500m</text>"))
        #expect(!html.contains(">bank share 50%</text>"))
        // Table cells: value ± s.e. and Δ ± paired s.e. in the metric's unit.
        #expect(html.contains("<td class=\"num\">380.00 ± 10.00</td><td class=\"num\">\u{2212}100.00 ± 1.00</td>"))
        #expect(html.contains("<td class=\"num\">baseline</td>"))
        #expect(html.contains("Difference from variant 1, ±2 paired s.e."))
        #expect(!html.contains("d=\"\""))
        #expect(!html.contains("e+"))
    }

    @Test("the terminal table says what was compared and lines up its columns")
    func terminal() {
        let text = SweepTable.render(Self.summary())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Sweep of Scenarios/sweeps/demo.yaml: 6 variants on common random numbers, 1000 paths each.")
        #expect(lines[1] == "Baseline: variant 1 (guarantee: guarantor share 50%, guarantee: bank share 50%, compensation_pool: initial balance 200m).")
        #expect(text.contains("\nbank: loss, mean (CNY m)\n"))
        #expect(text.contains("\nThe same in every variant:\n  Exposure: 25.000 CNY bn\n"))
        let table = lines.drop { $0 != "bank: loss, mean (CNY m)" }.dropFirst().prefix(7)
        #expect(table.first == "variant  guarantor share  bank share  initial balance    value ± s.e.        Δ ± s.e.")
        #expect(table.dropFirst().first == "      1              50%         50%             200m  480.00 ± 10.00        baseline")
        #expect(Set(table.map(\.count)).count == 1, "columns line up: \(table)")
        #expect(text.contains("Standard errors of the differences rest on 10 random-number blocks") == false)
    }

    @Test("without two random-number blocks the paired errors are said to be missing, once")
    func singleBlock() {
        let text = SweepTable.render(Self.summary(blockPaths: 1000))
        #expect(text.components(separatedBy: "are not computed: the 1000 paths form a single random-number block").count == 2)
        #expect(SweepHTML.render(Self.summary(blockPaths: 300)).contains("rest on 4 random-number blocks only"))
    }
}
