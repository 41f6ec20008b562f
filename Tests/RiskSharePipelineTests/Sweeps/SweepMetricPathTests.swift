@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Reading metrics out of report.json by JSON path.
@Suite struct SweepMetricPathTests {
    static let report = try! JSONValue.parse("""
    {"gross_loss": {"mean": 10, "sd": 3, "stderr": 0.5, "min": 0,
                    "quantiles": {"0.9": 14, "0.99": 20, "0.995": 22},
                    "quantile_ci95": {"0.9": [13, 15], "0.99": [18, 22.5], "0.995": [21, 25]},
                    "exceedance": {"150000000": 0.25, "1.5": 0.5}, "exceedance_stderr": {"150000000": 0.01, "1.5": 0.02}},
     "pools": {"pool": {"p_exhausted": {"p": 0.03, "stderr": 0.004}, "p_exhausted_by_year": [{"p": 0.01, "stderr": 0.001}]}},
     "a": {"b.c": {"d": 1}, "b": {"c": {"e": 2}}},
     "portfolio": {"segments": [{"name": "few", "loans": 40}]},
     "years": [{"year": 1, "gross_loss": {"mean": 4, "stderr": 0.25}}, {"year": 2, "gross_loss": {"mean": 6, "stderr": 0.75}}]}
    """)

    func read(_ path: String) throws -> MetricPath.Reading { try MetricPath(path).read(from: Self.report) }

    @Test("quantile keys with dots are matched against the actual keys, with an s.e. from the 95% interval")
    func quantiles() throws {
        #expect(try read("gross_loss.quantiles.0.99") == .init(value: 20, stderr: 4.5 / 2 / 1.959964))
        #expect(try read("gross_loss.quantiles.0.995").value == 22)
        #expect(try read("gross_loss.quantiles.0.9").value == 14)
        #expect(try read("gross_loss.quantiles[0.99]").value == 20)
    }

    @Test("means, probabilities and exceedances carry their standard errors; others have none")
    func standardErrors() throws {
        #expect(try read("gross_loss.mean") == .init(value: 10, stderr: 0.5))
        #expect(try read("gross_loss.sd") == .init(value: 3, stderr: nil))
        #expect(try read("pools.pool.p_exhausted") == .init(value: 0.03, stderr: 0.004))
        #expect(try read("pools.pool.p_exhausted.p") == .init(value: 0.03, stderr: 0.004))
        #expect(try read("pools.pool.p_exhausted_by_year[0]") == .init(value: 0.01, stderr: 0.001))
        #expect(try read("gross_loss.exceedance.150000000") == .init(value: 0.25, stderr: 0.01))
        #expect(try read("gross_loss.exceedance.1.5") == .init(value: 0.5, stderr: 0.02))
    }

    @Test("array items by index in either syntax or by name; backtracking past a longer key")
    func arraysAndBacktracking() throws {
        #expect(try read("years[1].gross_loss.mean") == .init(value: 6, stderr: 0.75))
        #expect(try read("years.0.gross_loss.mean") == .init(value: 4, stderr: 0.25))
        #expect(try read("portfolio.segments[few].loans").value == 40)
        #expect(try read("a.b.c.d").value == 1)
        #expect(try read("a.b.c.e").value == 2)
    }

    @Test("a path not in the report is a clear error naming where it stopped")
    func notInReport() throws {
        let missing = SweepFixtures.scenarioError { _ = try read("gross_loss.quantiles.0.95") }
        #expect(missing?.file == "--metric")
        #expect(missing?.message.contains("is not in report.json") == true)
        #expect(missing?.message.contains("gross_loss.quantiles") == true)
        #expect(missing?.message.contains("0.99") == true)
        let party = SweepFixtures.scenarioError { _ = try read("parties.bank.loss.mean") }
        #expect(party?.message.contains("the top level") == true)
        let object = SweepFixtures.scenarioError { _ = try read("gross_loss") }
        #expect(object?.message.contains("gross_loss.mean") == true)
        let malformed = SweepFixtures.scenarioError { _ = try MetricPath("gross_loss..mean") }
        #expect(malformed?.message.contains("not a valid JSON path") == true)
    }

    @Test("targets parse and test their relation")
    func targets() throws {
        let t = try MetricTarget(parsing: "pools.pool.p_exhausted <= 0.01")
        #expect(t.metric.description == "pools.pool.p_exhausted" && t.relation == .atMost && t.value == 0.01)
        #expect(t.isMet(by: 0.01) && !t.isMet(by: 0.02))
        #expect(try MetricTarget(parsing: "fiscal.cost.mean>=2e8").relation == .atLeast)
        let bad = SweepFixtures.scenarioError { _ = try MetricTarget(parsing: "gross_loss.mean ~ 3") }
        #expect(bad?.message.contains("METRIC <= VALUE") == true)
        let value = SweepFixtures.scenarioError { _ = try MetricTarget(parsing: "gross_loss.mean <= lots") }
        #expect(value?.message.contains("finite number") == true)
    }
}
