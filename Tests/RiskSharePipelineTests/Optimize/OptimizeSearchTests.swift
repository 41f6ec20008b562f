import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Design search on common random numbers, against optima derived by hand.
@Suite struct OptimizeSearchTests {
    typealias F = OptimizeFixtures

    static func search(_ file: String, vary: [String], objective: DesignObjective, constraints: [String],
                       settings: SearchSettings = SearchSettings()) throws -> (OptimizeResult, DesignEvaluator) {
        let problem = try DesignProblem(parameters: vary.map(DesignParameter.init(parsing:)), objective: objective,
                                        constraints: constraints.map { try DesignConstraint(parsing: $0) })
        let setup = try DesignSetup.make(F.request(file), parameters: problem.parameters, metrics: problem.metrics)
        var evaluator = DesignEvaluator(setup: setup, paths: problem.parameters.map(\.path), threads: 2)
        let start = DesignOptimizer.startingValues(problem, document: setup.document)
        let result = try DesignOptimizer.optimize(problem, evaluator: &evaluator, start: start, settings: settings)
        return (result, evaluator)
    }

    @Test("minimising the national payer's loss under bank and province limits finds the hand-derived vertex from an infeasible start")
    func twoPayerVertex() throws {
        let file = try SweepFixtures.write(F.twoPayers)
        let loss = try F.reading(F.report(file), "gross_loss.mean")
        // The book itself, against its closed form E[L] = 200 × 1e6 × 0.5 × 0.05.
        #expect(MonteCarlo.agrees(loss.value, 5e6, standardError: try #require(loss.stderr)))
        let expected = F.twoPayerOptimum(meanLoss: loss.value, bankLimit: 2e6, provinceLimit: 1e6)
        let (result, evaluator) = try Self.search(file, vary: ["\(F.nationalRate)=0:1", "\(F.provinceRate)=0:1"],
                                                  objective: DesignObjective(metric: try MetricPath("parties.national.loss.mean")),
                                                  constraints: ["parties.bank.loss.mean <= 2e6", "parties.province.loss.mean <= 1e6",
                                                                "gross_loss.mean <= 1e8"])
        // The start is the scenario's own design (a = b = 0): the bank bears everything, infeasible.
        let start = evaluator.evaluations[0]
        #expect(start.values == [0, 0])
        #expect(start.readings[1].value == loss.value && start.readings[1].value > 2e6)
        #expect(result.feasible && result.stop != .evaluationBudget)
        #expect(abs(result.values[0] - expected.a) < 2e-3, "a = \(result.values[0]), expected \(expected.a)")
        #expect(abs(result.values[1] - expected.b) < 2e-3, "b = \(result.values[1]), expected \(expected.b)")
        #expect(abs(result.objective.value - expected.a * loss.value) < 2e-3 * loss.value)
        // Both limits bind (within 2 standard errors); the loose third does not.
        #expect(result.constraints.map(\.active) == [true, true, false])
        #expect(result.constraints.map(\.met) == [true, true, true])
        #expect(result.evaluations == evaluator.evaluations.count && result.evaluations <= SearchSettings().maxEvaluations)
    }

    @Test("the reported optimum's metrics are those of a plain run with the optimum set (common random numbers)")
    func optimumReproduces() throws {
        let file = try SweepFixtures.write(F.twoPayers)
        let (result, _) = try Self.search(file, vary: ["\(F.nationalRate)=0:1", "\(F.provinceRate)=0:1"],
                                          objective: DesignObjective(metric: try MetricPath("parties.national.loss.mean")),
                                          constraints: ["parties.bank.loss.mean <= 2e6", "parties.province.loss.mean <= 1e6"])
        let overrides = zip(result.parameters, result.values).map { "\($0.path)=\(NumberFormat.plain($1))" }
        let report = try F.report(file, overrides: overrides)
        #expect(try F.reading(report, "parties.national.loss.mean") == result.objective)
        #expect(try F.reading(report, "parties.bank.loss.mean") == result.constraints[0].reading)
        #expect(try F.reading(report, "parties.province.loss.mean") == result.constraints[1].reading)
    }

    @Test("maximising with a >= constraint: province loss b(1-a)L is largest at b = 1 and the smallest a with national >= 2e6")
    func maximiseAtBound() throws {
        let file = try SweepFixtures.write(F.twoPayers)
        let loss = try F.reading(F.report(file), "gross_loss.mean").value
        let (result, _) = try Self.search(file, vary: ["\(F.nationalRate)=0:1", "\(F.provinceRate)=0:1"],
                                          objective: DesignObjective(metric: try MetricPath("parties.province.loss.mean"), maximize: true),
                                          constraints: ["parties.national.loss.mean >= 2e6"])
        #expect(result.feasible)
        #expect(abs(result.values[0] - 2e6 / loss) < 2e-3, "a = \(result.values[0]), expected \(2e6 / loss)")
        #expect(result.values[1] > 1 - 2e-3)
        #expect(result.constraints[0].active)
        #expect(abs(result.objective.value - (1 - 2e6 / loss) * loss) < 3e-3 * loss)
    }

    @Test("constraints no design can meet give an infeasible result: the design closest to meeting them")
    func infeasible() throws {
        let file = try SweepFixtures.write(F.twoPayers)
        let (result, _) = try Self.search(file, vary: ["\(F.nationalRate)=0:0.5"],
                                          objective: DesignObjective(metric: try MetricPath("parties.national.loss.mean")),
                                          constraints: ["parties.bank.loss.mean <= 1e5"])
        #expect(!result.feasible)
        #expect(result.values == [0.5])
        #expect(result.constraints.map(\.met) == [false])
    }

    @Test("the evaluation budget bounds the designs simulated")
    func budget() throws {
        let file = try SweepFixtures.write(F.twoPayers)
        var settings = SearchSettings()
        settings.maxEvaluations = 6
        let (result, evaluator) = try Self.search(file, vary: ["\(F.nationalRate)=0:1", "\(F.provinceRate)=0:1"],
                                                  objective: DesignObjective(metric: try MetricPath("parties.national.loss.mean")),
                                                  constraints: ["parties.bank.loss.mean <= 2e6"], settings: settings)
        #expect(result.stop == .evaluationBudget)
        #expect(evaluator.evaluations.count <= 6)
    }

    @Test("bad --vary and --subject-to texts are refused with the reason")
    func badInput() throws {
        let cases: [(String, String)] = [
            ("risk_sharing.layers[0].rate", "PATH=LO:HI"), ("risk_sharing.layers[0].rate=0.5", "LO:HI"),
            ("risk_sharing.layers[0].rate=a:b", "two numbers"), ("risk_sharing.layers[0].rate=0.8:0.2", "LO < HI"),
            ("risk_sharing.layers[0].rate=0.5:0.5", "LO < HI"), ("risk_sharing.layers[0].rate=0:1e999", "finite"),
        ]
        for (text, words) in cases {
            let error = SweepFixtures.scenarioError { _ = try DesignParameter(parsing: text) }
            #expect(error?.message.contains(words) == true, "\(text): \(String(describing: error))")
            #expect(error?.file == "--vary")
        }
        for (text, words) in [("fiscal.cost.mean", "METRIC <= VALUE"), ("fiscal.cost.mean < 3", "<= or >="),
                              ("fiscal.cost.mean = 3", "<= or >="), ("fiscal.cost.mean <= lots", "finite number")] {
            let error = SweepFixtures.scenarioError { _ = try DesignConstraint(parsing: text) }
            #expect(error?.message.contains(words) == true, "\(text): \(String(describing: error))")
            #expect(error?.file == "--subject-to")
        }
        let file = try SweepFixtures.write(F.twoPayers)
        let missing = SweepFixtures.scenarioError {
            _ = try DesignSetup.make(F.request(file), parameters: [DesignParameter(parsing: "risk_sharing.layers[national].rat=0:1")],
                                     metrics: [MetricPath("fiscal.cost.mean")])
        }
        #expect(missing?.message.contains("nearest valid paths") == true, "\(String(describing: missing))")
        let outside = SweepFixtures.scenarioError {
            _ = try DesignSetup.make(F.request(file), parameters: [DesignParameter(parsing: "\(F.nationalRate)=0:2")],
                                     metrics: [MetricPath("fiscal.cost.mean")])
        }
        #expect(outside?.message.contains("[0, 1]") == true, "\(String(describing: outside))")
    }

    @Test("an expected shortfall is read with its standard error")
    func expectedShortfallError() throws {
        let file = try SweepFixtures.write(F.frontierBook)
        let report = try F.report(file)
        let reading = try F.reading(report, "gross_loss.expected_shortfall.0.99")
        #expect(reading.stderr == report["gross_loss"]?["expected_shortfall_stderr"]?["0.99"]?.doubleValue)
        #expect(reading.stderr != nil)
    }
}
