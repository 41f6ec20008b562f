import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Sharded runs and sweeps merge into exactly the unsharded results.
@Suite struct ShardingTests {
    @Test("shards K/N are contiguous, disjoint and cover everything; bad K/N is refused")
    func slices() throws {
        for total in [0, 1, 7, 9, 100] {
            for n in 1...5 {
                let slices = (1...n).map { ShardSpec(index: $0, count: n).slice(of: total) }
                #expect(slices.first?.lowerBound == 0 && slices.last?.upperBound == total)
                #expect(zip(slices, slices.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            }
        }
        #expect(try ShardSpec(parsing: "2/3") == ShardSpec(index: 2, count: 3))
        for bad in ["0/3", "4/3", "x", "1/0", "1/2/3"] {
            let error = SweepFixtures.scenarioError { _ = try ShardSpec(parsing: bad) }
            #expect(error?.file == "--shard", "\(bad)")
        }
    }

    @Test("paths.bin keeps every bit, including NaN, -0 and weights")
    func binaryRoundTrip() throws {
        let table = PathTable(names: ["a", "b"], columns: [[1.5, -0.0, .nan], [.infinity, Double.leastNonzeroMagnitude, 3]], weights: [0.5, 1, 2])
        let data = PartialResult.encode(table)
        let back = try #require(PartialResult.decode(data, names: ["a", "b"], rows: 3))
        #expect(back.columns.map { $0.map(\.bitPattern) } == table.columns.map { $0.map(\.bitPattern) })
        #expect(back.weights == table.weights)
        #expect(PartialResult.decode(data, names: ["a"], rows: 3) == nil)
        #expect(PartialResult.decode(Array(data.dropLast()), names: ["a", "b"], rows: 3) == nil)
    }

    @Test("the scenario document survives the trip through JSON")
    func documentRoundTrip() throws {
        let text = "a: {b: [1, 2.5, \"3\", true, \"true\", null], c: 1.0e-7, d: text}\ne: [{name: x, v: 0.1}]"
        let node = try ScenarioNode.parse(text: text, file: "t")
        let json = DocumentJSON.json(node).rendered()
        let back = DocumentJSON.document(try JSONValue.parse(json))
        #expect(DocumentJSON.json(back) == DocumentJSON.json(node))
        #expect(back["a"]?["b"].map { if case .list(let items) = $0.value { return items[2].value == .string("3") && items[4].value == .string("true") } else { return false } } == true)
    }

    @Test("shards 1/3, 2/3 and 3/3 merged give the single run's report.json byte for byte (apart from timing)")
    func mergeEqualsSingleRun() throws {
        let yaml = SweepFixtures.twoSegments.replacingOccurrences(of: "paths: 2000, seed: 7, horizon_years: 1, block_paths: 250",
                                                                    with: "paths: 2300, seed: 5, horizon_years: 2, block_paths: 300")
        let file = try SweepFixtures.write(yaml)
        var request = RunRequest(scenarioFile: file)
        request.overrides = ["portfolio.segments[few].pd=0.05"]
        request.threads = 2
        let root = TestScenarios.temporaryDirectory()
        var directories: [String] = []
        for k in [3, 1, 2] {
            let partial = try #require(try ShardRunner.simulate(request, shard: ShardSpec(index: k, count: 3)))
            let directory = root + "/shard-\(k)"
            try partial.write(to: directory)
            directories.append(directory)
        }
        let partials = try directories.map(PartialResult.read(from:))
        #expect(partials.map(\.table.rowCount).reduce(0, +) == 2300)
        let merged = try ShardRunner.merge(partials, outDirectory: root + "/merged")
        var single = request
        single.outDirectory = root + "/single"
        single.threads = 1
        let outcome = try #require(try Runner.simulate(single))
        try Runner.write(outcome, request: single)
        try Runner.write(merged, request: RunRequest(scenarioFile: file))
        let a = try String(contentsOfFile: root + "/single/report.json", encoding: .utf8)
        let b = try String(contentsOfFile: root + "/merged/report.json", encoding: .utf8)
        #expect(SweepFixtures.withoutTiming(a) == SweepFixtures.withoutTiming(b))
        #expect(a.count > 1000)
        #expect(merged.table.columns == outcome.table.columns)
    }

    @Test("merge refuses missing, repeated and foreign shards")
    func mergeRefusals() throws {
        let file = try SweepFixtures.write(SweepFixtures.linearMean)
        var request = RunRequest(scenarioFile: file)
        request.threads = 1
        let parts = try (1...2).map { try #require(try ShardRunner.simulate(request, shard: ShardSpec(index: $0, count: 2))) }
        let missing = SweepFixtures.scenarioError { _ = try ShardRunner.merge([parts[0]]) }
        #expect(missing?.message.contains("missing") == true)
        #expect(missing?.message.contains("2/2") == true)
        let repeated = SweepFixtures.scenarioError { _ = try ShardRunner.merge([parts[0], parts[0], parts[1]]) }
        #expect(repeated?.message.contains("repeats blocks") == true)
        request.seed = 99
        let other = try #require(try ShardRunner.simulate(request, shard: ShardSpec(index: 2, count: 2)))
        let foreign = SweepFixtures.scenarioError { _ = try ShardRunner.merge([parts[0], other]) }
        #expect(foreign?.message.contains("different run") == true)
        let notADirectory = SweepFixtures.scenarioError { _ = try PartialResult.read(from: TestScenarios.temporaryDirectory()) }
        #expect(notADirectory?.message.contains("partial.json") == true)
    }

    @Test("sweep shards merged give the unsharded sweep's CSV exactly")
    func sweepShards() throws {
        let file = try SweepFixtures.write(SweepFixtures.twoSegments)
        let setup = try SweepSetup(SweepFixtures.request(file, vary: ["portfolio.segments[few].pd=0.02:0.1:0.02"],
                                                         metrics: ["gross_loss.quantiles.0.99", "gross_loss.mean"]))
        let whole = try #require(try SweepRunner.run(setup, threads: 2))
        let axes = setup.grid.axes.map(\.path.description), metrics = setup.metrics.map(\.description)
        let root = TestScenarios.temporaryDirectory()
        for k in 1...3 {
            try #require(try SweepPartial.run(setup, shard: ShardSpec(index: k, count: 3), threads: 1)).write(to: root + "/s\(k)")
        }
        let merged = try SweepPartial.merge(try [3, 1, 2].map { try SweepPartial.read(from: root + "/s\($0)") })
        #expect(SweepOutput.csv(merged.rows, axes: merged.axes, metrics: merged.metrics) == SweepOutput.csv(whole, axes: axes, metrics: metrics))
        let gap = SweepFixtures.scenarioError { _ = try SweepPartial.merge(try [1, 3].map { try SweepPartial.read(from: root + "/s\($0)") }) }
        #expect(gap?.message.contains("missing") == true)
    }
}
