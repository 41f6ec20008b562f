import RiskShareKit
import RiskShareTestSupport
import Testing
@testable import RiskSharePipeline

/// `riskshare bench` times the simulation and, separately, building the report from its paths.
@Suite struct BenchmarkTests {
    @Test("a bench row times the simulation and the report apart, and the report's share is its part of their sum")
    func timesSimulationAndReport() throws {
        let file = TestScenarios.repositoryRoot + "/Scenarios/bench/single-period.yaml"
        let result = try Benchmark.run(file: file, threads: 1, paths: 2000)
        #expect(result.paths == 2000 && result.loans == 1000 && result.years == 1)
        #expect(result.seconds > 0)
        let report = try #require(result.reportSeconds)
        #expect(report > 0)
        #expect(result.reportShare == report / (report + result.seconds))
        let simulationOnly = try Benchmark.run(file: file, threads: 1, paths: 2000, algorithm: .loanByLoan, report: false)
        #expect(simulationOnly.reportSeconds == nil && simulationOnly.reportShare == nil)
        #expect(simulationOnly.algorithm == "loan-by-loan")
    }
}
