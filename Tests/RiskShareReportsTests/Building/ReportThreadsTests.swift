import RiskShareTestSupport
import Testing

@testable import RiskShareKit
@testable import RiskShareReports

/// With more than one thread the contributions section is built beside the rest of the report;
/// the report is the one built on one thread, to the bit.
@Suite struct ReportThreadsTests {
    @Test("a report built on two or three threads is the one-thread report bit for bit, with and without importance sampling")
    func sameReportOnAnyThreadCount() throws {
        let capital = "\ncapital: {approach: standardised, risk_weights: {startup: 0.75, park: 0.75, mature: 1.0}, guarantor_risk_weights: {fund: 0.0}}"
        for method in ["", ", method: importance_sampling, importance_sampling: {target_probability: 0.001, twist: false}"] {
            let (simulation, table) = try TestScenarios.run(ContributionsReportTests.yaml(method: method) + capital, threads: 1)
            let one = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 1, elapsedSeconds: 0))
            #expect(one.contributions != nil && one.capital != nil)
            for threads in [2, 3] {
                var many = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: threads, elapsedSeconds: 0))
                #expect(many.run.threads == threads)
                many.run.threads = 1
                #expect(many.json == one.json, "\(threads) threads, method '\(method)'")
            }
        }
    }
}
