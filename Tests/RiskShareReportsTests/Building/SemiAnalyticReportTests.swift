@testable import RiskShareReports
@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The semi-analytic statistics read like the Monte Carlo ones, with what only paths give left out.
@Suite struct SemiAnalyticReportTests {
    @Test("the STAT object has the Monte Carlo keys (less the path-only ones) with stderr 0 and the distribution's values")
    func sameKeysAsMonteCarlo() throws {
        let d = LossDistribution(step: 10, probabilities: [0.5, 0.3, 0.2])
        let levels = [0.5, 0.9, 0.99], thresholds = [5.0, 15]
        let json = StatisticsBuilder.distribution(d, levels: levels, thresholds: thresholds).json
        let monteCarlo = StatisticsBuilder.distribution(Summary(values: [0, 0, 0, 0, 0, 10, 10, 10, 20, 20]), levels: levels,
                                                        thresholds: thresholds, coverage: nil).json
        func keys(_ value: JSONValue) -> [String] { value.members?.map(\.0) ?? [] }
        #expect(keys(json) == keys(monteCarlo).filter { $0 != "quantile_ci95" && $0 != "tail_paths" })
        #expect(json["stderr"]?.doubleValue == 0)
        #expect(json["mean"]?.doubleValue == d.mean)
        #expect(json["quantiles"]?["0.9"]?.doubleValue == 20)
        #expect(json["quantiles"] == monteCarlo["quantiles"])
        #expect(json["exceedance"]?["15"]?.doubleValue == d.exceedance(15))
        #expect(json["exceedance_stderr"]?["5"]?.doubleValue == 0)
        #expect(json["expected_shortfall"]?["0.99"]?.doubleValue == 20)
    }

    @Test("details name the lattice, the discretisation bound and the quadrature")
    func details() {
        let d = LossDistribution(step: 10, probabilities: [0.5, 0.5], discretisationBound: 0.25,
                                 quadrature: QuadratureSummary(nodes: 145, relativeChange: 3e-10))
        let json = SemiAnalyticReportBuilder.details(d).json
        #expect(json["lattice_step"]?.doubleValue == 10)
        #expect(json["lattice_points"]?.doubleValue == 2)
        #expect(json["discretisation_bound"]?.doubleValue == 0.25)
        #expect(json["quadrature_nodes"]?.doubleValue == 145)
        #expect(json["quadrature_relative_change"]?.doubleValue == 3e-10)
        #expect(json["lgd_discretised"] == .bool(false))
    }
}
