@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Building the variants: grid and zip expansion, ranges, and refusals of bad input.
@Suite struct SweepGridTests {
    @Test("the grid has every combination, first axis slowest")
    func gridExpansion() throws {
        let a = try SweepAxis.parse("portfolio.segments[few].pd=0.01,0.02,0.03")
        let b = try SweepAxis.parse("simulation.seed=1:2:1")
        let grid = try SweepGrid(axes: [a, b], zipped: false)
        #expect(grid.variants.count == 6)
        #expect(grid.variants.map(\.number) == Array(1...6))
        #expect(grid.variants.map { grid.labels(of: $0) } == [
            ["0.01", "1"], ["0.01", "2"], ["0.02", "1"], ["0.02", "2"], ["0.03", "1"], ["0.03", "2"],
        ])
    }

    @Test("zip reads axes side by side and needs equal lengths")
    func zipExpansion() throws {
        let a = try SweepAxis.parse("x.bank=0.5,0.4,0.3")
        let b = try SweepAxis.parse("x.guarantor=0.5:0.7:0.1")
        let grid = try SweepGrid(axes: [a, b], zipped: true)
        #expect(grid.variants.map { grid.labels(of: $0) } == [["0.5", "0.5"], ["0.4", "0.6"], ["0.3", "0.7"]])
        let c = try SweepAxis.parse("x.other=1,2")
        let error = SweepFixtures.scenarioError { _ = try SweepGrid(axes: [a, c], zipped: true) }
        #expect(error?.message.contains("same number of values") == true)
    }

    @Test("a range includes its stop and has clean decimal values")
    func rangeValues() throws {
        let axis = try SweepAxis.parse("a.b=0.5:0.7:0.05")
        #expect(axis.labels == ["0.5", "0.55", "0.6", "0.65", "0.7"])
        #expect(axis.values.map(\.value) == [0.5, 0.55, 0.6, 0.65, 0.7].map { ScenarioNode.Value.number($0) })
        let down = try SweepAxis.parse("a.b=3e8:1e8:-1e8")
        #expect(down.labels == ["300000000", "200000000", "100000000"])
        let matched = try SweepAxis.parse("risk_sharing.layers[type=compensation_pool].initial_balance=2e8,5e8")
        #expect(matched.path.description == "risk_sharing.layers[type=compensation_pool].initial_balance")
        #expect(matched.labels == ["2e8", "5e8"])
        let list = try SweepAxis.parse("a.b=0.5, true, text")
        #expect(list.values.map(\.value) == [.number(0.5), .bool(true), .string("text")])
    }

    @Test("a range with step 0, the wrong sign or a non-number is refused")
    func rangeErrors() {
        let zero = SweepFixtures.scenarioError { _ = try SweepAxis.parse("a.b=0.5:0.7:0") }
        #expect(zero?.message.contains("step must not be 0") == true)
        #expect(zero?.path == "a.b")
        let sign = SweepFixtures.scenarioError { _ = try SweepAxis.parse("a.b=0.5:0.7:-0.05") }
        #expect(sign?.message.contains("wrong sign") == true)
        #expect(sign?.message.contains("positive") == true)
        let type = SweepFixtures.scenarioError { _ = try SweepAxis.parse("a.b=low:0.7:0.05") }
        #expect(type?.message.contains("range start must be a finite number") == true)
        #expect(type?.value == "low")
        let huge = SweepFixtures.scenarioError { _ = try SweepAxis.parse("a.b=0:1:1e-9") }
        #expect(huge?.message.contains("at most") == true)
        let form = SweepFixtures.scenarioError { _ = try SweepAxis.parse("a.b") }
        #expect(form?.message.contains("PATH=v1,v2") == true)
        let empty = SweepFixtures.scenarioError { _ = try SweepAxis.parse("a.b=1,,2") }
        #expect(empty?.message.contains("empty value") == true)
    }

    @Test("a value of the wrong type for its path is refused before simulating")
    func wrongType() throws {
        let file = try SweepFixtures.write(SweepFixtures.twoSegments)
        let error = SweepFixtures.scenarioError {
            _ = try SweepSetup(SweepFixtures.request(file, vary: ["portfolio.segments[few].pd=0.02,high"], metrics: ["gross_loss.mean"]))
        }
        #expect(error?.path == "portfolio.segments[few].pd")
        #expect(error?.value == "high")
        #expect(error?.message.contains("is a string but the scenario has a number") == true)
        // A value of the right type but out of range is refused by the scenario's own checks.
        let range = SweepFixtures.scenarioError {
            _ = try SweepSetup(SweepFixtures.request(file, vary: ["portfolio.segments[few].pd=0.02,1.5"], metrics: ["gross_loss.mean"]))
        }
        #expect(range?.path == "portfolio.segments[1].pd" || range?.path.contains("pd") == true)
        #expect(range?.message.contains("sweep variant 2") == true)
    }

    @Test("an unknown path lists the nearest valid paths")
    func unknownPath() throws {
        let file = try SweepFixtures.write(SweepFixtures.twoSegments)
        let typo = SweepFixtures.scenarioError {
            _ = try SweepSetup(SweepFixtures.request(file, vary: ["simulation.pathz=100,200"], metrics: ["gross_loss.mean"]))
        }
        #expect(typo?.message.contains("nearest valid paths") == true)
        #expect(typo?.message.contains("simulation.paths") == true)
        let segment = SweepFixtures.scenarioError {
            _ = try SweepSetup(SweepFixtures.request(file, vary: ["portfolio.segments[fewer].pd=0.1"], metrics: ["gross_loss.mean"]))
        }
        #expect(segment?.message.contains("portfolio.segments[few]") == true)
        // An optional key absent from the file is a valid path.
        let optional = try SweepSetup(SweepFixtures.request(file, vary: ["economy.persistence=0,0.5"], metrics: ["gross_loss.mean"]))
        #expect(optional.grid.variants.count == 2)
    }

    @Test("a scenario's sweep section gives axes and metrics; the command line replaces them")
    func sweepSection() throws {
        let yaml = SweepFixtures.twoSegments + """

        sweep:
          vary:
            portfolio.segments[few].pd: 0.02:0.06:0.02
            portfolio.segments[many].lgd.mean: [0.4, 0.5]
          metrics: [gross_loss.mean, gross_loss.quantiles.0.99]
        """
        let file = try SweepFixtures.write(yaml)
        let setup = try SweepSetup(SweepFixtures.request(file))
        #expect(setup.grid.variants.count == 6)
        #expect(setup.metrics.map(\.description) == ["gross_loss.mean", "gross_loss.quantiles.0.99"])
        #expect(setup.document["sweep"] == nil)
        let replaced = try SweepSetup(SweepFixtures.request(file, vary: ["simulation.seed=1,2"], metrics: ["defaults.mean"]))
        #expect(replaced.grid.variants.count == 2)
        #expect(replaced.metrics.map(\.description) == ["defaults.mean"])

        let bad = SweepFixtures.scenarioError {
            _ = try SweepSetup(SweepFixtures.request(try SweepFixtures.write(SweepFixtures.twoSegments + "\nsweep: {vary: {simulation.seed: \"1:5:0\"}}")))
        }
        #expect(bad?.path == "sweep.vary.simulation.seed")
        #expect(bad?.message.contains("must not be 0") == true)
        let unknown = SweepFixtures.scenarioError {
            _ = try SweepSection.parse(NodeReader(node: try ScenarioNode.parse(text: "{vary: {a: [1]}, metric: [x]}", file: "f"), file: "f", path: "sweep"))
        }
        #expect(unknown?.message.contains("accepted keys") == true)
    }

    @Test("a list of maps under sweep.vary zips the paths of each map and forms the grid of the maps")
    func groupedSection() throws {
        let yaml = SweepFixtures.twoSegments + """

        sweep:
          vary:
            - portfolio.segments[few].pd: [0.02, 0.04, 0.06]
              portfolio.segments[few].lgd: 0.3:0.5:0.1
            - simulation.seed: [1, 2]
          metrics: [gross_loss.mean]
        """
        let setup = try SweepSetup(SweepFixtures.request(try SweepFixtures.write(yaml)))
        #expect(setup.grid.variants.map { setup.grid.labels(of: $0) } == [
            ["0.02", "0.3", "1"], ["0.02", "0.3", "2"], ["0.04", "0.4", "1"], ["0.04", "0.4", "2"], ["0.06", "0.5", "1"], ["0.06", "0.5", "2"],
        ])
        let uneven = yaml.replacingOccurrences(of: "0.3:0.5:0.1", with: "[0.3, 0.4]")
        let error = SweepFixtures.scenarioError { _ = try SweepSetup(SweepFixtures.request(try SweepFixtures.write(uneven))) }
        #expect(error?.message.contains("same number of values") == true)
    }

    @Test("a sweep needs a metric and a varied parameter")
    func missingPieces() throws {
        let file = try SweepFixtures.write(SweepFixtures.twoSegments)
        let noMetric = SweepFixtures.scenarioError { _ = try SweepSetup(SweepFixtures.request(file, vary: ["simulation.seed=1,2"])) }
        #expect(noMetric?.message.contains("at least one metric") == true)
        let noAxis = SweepFixtures.scenarioError { _ = try SweepSetup(SweepFixtures.request(file, metrics: ["gross_loss.mean"])) }
        #expect(noAxis?.message.contains("at least one varied parameter") == true)
    }
}
