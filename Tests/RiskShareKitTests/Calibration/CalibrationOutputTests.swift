import Foundation
import Testing
@testable import RiskShareKit
import RiskShareSupport
import RiskShareTestSupport

/// The calibration's outputs: the `--json` document, the series file's bad-input refusals, and a
/// fragment that a scenario can `include`.
@Suite struct CalibrationOutputTests {
    static let countsCSV = """
        year,defaults,loans
        2012,5,420
        2013,9,450
        2014,8,480
        2015,19,510
        2016,28,530
        2017,14,560
        2018,7,600
        2019,11,640

        """

    @Test("--json has exactly the keys pd, rho, pd_stderr, rho_stderr, pd_ci95, rho_ci95, log_likelihood, years")
    func jsonKeys() throws {
        let fit = try VasicekCalibration.fit(VasicekLikelihoodTests.series(rates: VasicekLikelihoodTests.rates))
        guard case .object(let members) = CalibrationOutput.json(fit) else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["pd", "rho", "pd_stderr", "rho_stderr", "pd_ci95", "rho_ci95", "log_likelihood", "years"])
        #expect(CalibrationOutput.json(fit)["pd_ci95"]?[0]?.doubleValue == fit.pdInterval.lower)
        #expect(CalibrationOutput.json(fit)["years"] == .integer(8))
    }

    @Test("the fragment, included by a scenario, sets the segment's pd and loading sqrt(rho) and keeps the other segments")
    func fragmentIsIncludable() throws {
        let series = try DefaultRateSeries.parse(text: Self.countsCSV, file: "history.csv")
        let fit = try VasicekCalibration.fit(series)
        #expect(fit.identification == .identified)
        let fragment = CalibrationOutput.fragment(fit, series: series, segment: "tech", factor: "economy", nplDurationYears: 1)
        let scenario = try TestScenarios.load("""
            include: fit.yaml
            portfolio:
              segments:
                - {name: other, count: 10, exposure: 1.0e6, pd: 0.05, lgd: 0.5}
                - {name: tech, count: 100, exposure: 1.0e6, lgd: 0.45}
            """, files: ["fit.yaml": fragment])
        #expect(scenario.economy.factors == ["economy"])
        #expect(scenario.portfolio.segments.map(\.name) == ["other", "tech"])
        let tech = scenario.portfolio.segments[1]
        #expect(tech.pd == fit.pd)
        #expect(tech.loadings == [fit.rho.squareRoot()])
        #expect(tech.count == 100)
        #expect(scenario.portfolio.segments[0].pd == 0.05)
    }

    @Test("a fragment for a segment the scenario does not have is refused when the scenario is loaded")
    func misnamedSegmentIsCaught() throws {
        let series = try DefaultRateSeries.parse(text: Self.countsCSV, file: "history.csv")
        let fragment = CalibrationOutput.fragment(try VasicekCalibration.fit(series), series: series, segment: "tehc",
                                                  factor: "economy", nplDurationYears: 1)
        #expect(throws: ScenarioError.self) {
            _ = try TestScenarios.load("""
                include: fit.yaml
                portfolio:
                  segments:
                    - {name: tech, count: 100, exposure: 1.0e6, lgd: 0.45, pd: 0.02}
                """, files: ["fit.yaml": fragment])
        }
    }

    @Test("without an identified rho the fragment sets pd only and says why")
    func unidentifiedFragment() throws {
        let series = VasicekLikelihoodTests.series(rates: [0.01, 0.03, 0.02, 0.015])
        let fit = try VasicekCalibration.fit(series)
        let fragment = CalibrationOutput.fragment(fit, series: series, segment: "tech", factor: "economy", nplDurationYears: 1)
        #expect(fragment.contains("# RHO IS NOT IDENTIFIED: the series has 4 years"))
        #expect(!fragment.contains("loadings:"))
        #expect(fragment.contains("      pd: \(NumberFormat.plain(fit.pd))"))
    }

    @Test("an NPL ratio column is divided by the NPL duration")
    func nplConversion() throws {
        let series = try DefaultRateSeries.parse(text: "year,npl_ratio\n2020,0.04\n2021,0.06\n", file: "npl.csv", nplDurationYears: 2)
        #expect(series.observations == .rates([0.02, 0.03]))
        #expect(series.convertedFromNPL)
    }

    /// The message of the refusal of `text`, or nil when it is accepted.
    static func refusal(_ text: String) -> String? {
        do { _ = try DefaultRateSeries.parse(text: text, file: "h.csv"); return nil } catch { return "\(error)" }
    }

    @Test("bad series are refused with one line naming the file, line, column, value and what is allowed",
          arguments: [
              ("year,default_rate\n2020,0.02\n2021,0\n", "h.csv:3: column default_rate = \"0\": must be a default rate strictly between 0 and 1"),
              ("year,defaults,loans\n2020,3,100\n2021,120,100\n", "h.csv:3: column defaults = \"120\": must be a whole number of defaults from 0 to the year's loans (100)"),
              ("year,defaults,loans\n2020,3,100\n2020,4,100\n", "h.csv:3: column year = \"2020\": must be a year that appears once"),
              ("year,defaults,loans\n2020,3.5,100\n2021,4,100\n", "h.csv:2: column defaults = \"3.5\": must be a whole number"),
              ("year,rate\n2020,0.1\n", "h.csv:1: column rate = \"rate\": unknown column; allowed columns: year, default_rate, defaults, loans, npl_ratio"),
              ("year,default_rate,defaults\n2020,0.1,2\n", "h.csv:1: value \"year,default_rate,defaults\": has the wrong set of columns"),
              ("year,default_rate\n2020,0.1\n", "h.csv: has 1 years; between 2 and 1000 are needed"),
              ("year,default_rate\n2020,0.1,3\n2021,0.2\n", "h.csv:2: has 3 fields; the header has 2"),
              ("", "h.csv:1: is empty"),
          ])
    func badSeries(text: String, expected: String) throws {
        let message = try #require(Self.refusal(text))
        #expect(message.hasPrefix(expected), "\(message)")
        #expect(!message.contains("\n"))
    }
}
