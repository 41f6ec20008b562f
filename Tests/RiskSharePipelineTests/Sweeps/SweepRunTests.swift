import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Running sweeps: common random numbers, equivalence with single runs, outputs.
@Suite struct SweepRunTests {
    @Test("the 99% loss quantile rises with the PD of a small segment on a common-random-numbers sweep")
    func monotoneInPD() throws {
        let file = try SweepFixtures.write(SweepFixtures.twoSegments)
        let setup = try SweepSetup(SweepFixtures.request(file, vary: ["portfolio.segments[few].pd=0.02:0.17:0.05", "portfolio.segments[few].exposure=5e6"],
                                                         metrics: ["gross_loss.quantiles.0.99", "gross_loss.mean", "defaults.mean"]))
        let rows = try #require(try SweepRunner.run(setup, threads: 2))
        #expect(rows.map(\.labels) == [["0.02", "5e6"], ["0.07", "5e6"], ["0.12", "5e6"], ["0.17", "5e6"]])
        for metric in 0..<3 {
            let values = rows.map { $0.readings[metric].value }
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "metric \(metric): \(values)")
        }
        #expect(rows.allSatisfy { $0.readings[0].stderr != nil && $0.readings[1].stderr! > 0 && $0.readings[2].stderr != nil })
    }

    @Test("a variant's report is the report of `run --set` with the same values")
    func variantEqualsSingleRun() throws {
        let file = try SweepFixtures.write(SweepFixtures.twoSegments)
        let setup = try SweepSetup(SweepFixtures.request(file, vary: ["portfolio.segments[few].pd=0.03,0.05", "economy.persistence=0,0.2"],
                                                         metrics: ["gross_loss.mean"]))
        let variant = setup.grid.variants[2]  // pd 0.05, persistence 0
        let fromSweep = try #require(try SweepRunner.report(setup, variant: variant))
        var request = RunRequest(scenarioFile: file)
        request.overrides = ["portfolio.segments[few].pd=0.05", "economy.persistence=0"]
        request.threads = 3
        let single = try #require(try Runner.simulate(request))
        #expect(SweepFixtures.withoutTiming(fromSweep.rendered()) == SweepFixtures.withoutTiming(single.report.json.rendered()))
    }

    @Test("results do not depend on the number of threads; CSV and JSON lines carry values and errors")
    func outputs() throws {
        let file = try SweepFixtures.write(SweepFixtures.twoSegments)
        let setup = try SweepSetup(SweepFixtures.request(file, vary: ["portfolio.segments[few].pd=0.02,0.04", "portfolio.segments[many].lgd.mean=0.4,0.5"],
                                                         metrics: ["gross_loss.mean", "gross_loss.sd", "gross_loss.exceedance.15000000"]))
        let one = try #require(try SweepRunner.run(setup, threads: 1))
        let three = try #require(try SweepRunner.run(setup, threads: 3))
        #expect(one == three)
        let axes = setup.grid.axes.map(\.path.description), metrics = setup.metrics.map(\.description)
        let csv = SweepOutput.csv(one, axes: axes, metrics: metrics).split(separator: "\n").map(String.init)
        #expect(csv.count == 5)
        #expect(csv[0] == "variant,portfolio.segments[few].pd,portfolio.segments[many].lgd.mean,gross_loss.mean,gross_loss.mean.stderr,gross_loss.sd,gross_loss.sd.stderr,gross_loss.exceedance.15000000,gross_loss.exceedance.15000000.stderr,"
            + "gross_loss.mean.diff,gross_loss.mean.diff.stderr,gross_loss.sd.diff,gross_loss.sd.diff.stderr,"
            + "gross_loss.exceedance.15000000.diff,gross_loss.exceedance.15000000.diff.stderr")
        let cells = csv[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(cells[0] == "1" && cells[1] == "0.02" && cells[2] == "0.4")
        #expect(Double(cells[3]) == one[0].readings[0].value)
        #expect(cells[6] == "")  // sd has no standard error
        // The first variant is the baseline: its differences are 0 ± 0; sd has no paired error.
        #expect(Array(cells[9...14]) == ["0", "0", "0", "", "0", "0"])
        let second = csv[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(Double(second[9]) == one[1].readings[0].value - one[0].readings[0].value)
        #expect(Double(second[10]).map { $0 > 0 } == true)
        let lines = SweepOutput.jsonLines(one, axes: axes, metrics: metrics).split(separator: "\n")
        #expect(lines.count == 4)
        let first = try JSONValue.parse(String(lines[0]))
        #expect(first["values"]?["portfolio.segments[few].pd"] == .number(0.02))
        #expect(first["metrics"]?["gross_loss.mean"]?["value"]?.doubleValue == one[0].readings[0].value)
        #expect(first["metrics"]?["gross_loss.sd"]?["stderr"] == .null)
        #expect(first["metrics"]?["gross_loss.mean"]?["diff"]?.doubleValue == 0)
        #expect(first["metrics"]?["gross_loss.sd"]?["diff_stderr"] == .null)
    }

    @Test("a metric not in the report fails before the sweep runs")
    func badMetric() throws {
        let file = try SweepFixtures.write(SweepFixtures.twoSegments)
        let setup = try SweepSetup(SweepFixtures.request(file, vary: ["portfolio.segments[few].pd=0.02,0.04"],
                                                         metrics: ["gross_loss.mean", "pools.pool.p_exhausted"]))
        let error = SweepFixtures.scenarioError { _ = try SweepRunner.run(setup, threads: 2) }
        #expect(error?.path == "pools.pool.p_exhausted")
        #expect(error?.message.contains("is not in report.json") == true)
    }

    /// Whether this build accepts a `risk_sharing` section (another engineer is writing it).
    static let guaranteeSection = """
    risk_sharing:
      layers:
        - type: guarantee
          shares: {bank: 0.5, guarantor: 0.5}
    """

    @Test("the bank's loss falls as the guarantee share rises")
    func bankLossMonotoneInGuaranteeShare() throws {
        let file = try SweepFixtures.write(SweepFixtures.twoSegments + "\n" + Self.guaranteeSection)
        let setup = try SweepSetup(SweepFixtures.request(file, vary: ["risk_sharing.layers[0].shares.bank=0.5:0.3:-0.05",
                                                                      "risk_sharing.layers[0].shares.guarantor=0.5:0.7:0.05"],
                                                         metrics: ["parties.bank.loss.mean", "parties.bank.loss.quantiles.0.99"], zipped: true))
        let rows = try #require(try SweepRunner.run(setup, threads: 2))
        #expect(rows.count == 5)
        for metric in 0..<2 {
            let values = rows.map { $0.readings[metric].value }
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 > $1 }, "metric \(metric): \(values)")
        }
    }
}
