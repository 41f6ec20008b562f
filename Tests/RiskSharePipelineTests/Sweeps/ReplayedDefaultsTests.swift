import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Synchronization
import Testing

/// Scheme variants replayed on one simulation of their defaults give, bit for bit, the reports of
/// the variants run on their own; variants that change the book or the economy are not replayed.
@Suite struct ReplayedDefaultsTests {
    /// Guarantee with a per-loan cap, a compensation pool that can run dry, an interest subsidy
    /// and an NPL tolerance over three years with renewal: every kind of state the waterfall keeps
    /// from one year to the next. The `report` and `capital` sections are varied too.
    static let scheme = """
        name: replay-scheme
        simulation: {paths: 600, seed: 31, horizon_years: 3, block_paths: 150}
        economy: {factors: [economy, ai], persistence: 0.4}
        portfolio:
          renewal: true
          segments:
            - {name: startup, count: 300, stage: startup, product: credit, exposure: {distribution: lognormal, median: 3.0e6, sigma: 0.8},
               pd: 0.06, lgd: {mean: 0.65, sd: 0.2}, term_years: 1, first_loan_share: 0.4, interest_rate: 0.038, loadings: {economy: 0.35, ai: 0.25}}
            - {name: growth, count: 200, stage: growth, product: ip_pledge, exposure: {distribution: lognormal, median: 8.0e6, sigma: 0.7},
               pd: 0.025, lgd: {mean: 0.55, sd: 0.2}, term_years: 2, interest_rate: 0.035, loadings: {economy: 0.4, ai: 0.2}}
        risk_sharing:
          layers:
            - {type: guarantee, segments: [startup], shares: {bank: 0.4, guarantor: 0.6}, per_loan_cap: 3.0e6, fee_rate: 0.008}
            - {type: compensation_pool, payer: pool, initial_balance: 5.0e7, ratio: 0.3, max_ratio: 0.5, per_loan_cap: 3.0e6, shortfall: pro_rata}
          subsidies:
            - {type: interest, payer: finance, rate: 0.5, segments: [startup]}
          tolerance: {base_npl: 0.011, margin: 0.03}
        report: {quantiles: [0.5, 0.9, 0.99]}
        """

    static func setup(_ yaml: String, vary: [String]) throws -> SweepSetup {
        let file = try SweepFixtures.write(yaml)
        return try SweepSetup(SweepFixtures.request(file, vary: vary, metrics: ["parties.bank.loss.mean", "gross_loss.mean"]))
    }

    /// Every variant's report.json from the replay equals the one from simulating it alone
    /// (timing fields aside), and so do the per-path tables, value for value.
    static func expectReplayEqualsSeparate(_ setup: SweepSetup) throws {
        let variants = setup.grid.variants
        let replayed = try #require(try SweepRunner.replayedSimulations(setup, variants: variants, threads: 2))
        for (i, variant) in variants.enumerated() {
            let alone = try #require(try SweepRunner.simulation(setup, variant: variant, threads: 3))
            let mine = replayed.tables[i]
            #expect(mine.names == alone.table.names, "variant \(variant.number)")
            #expect(mine.columns.map { $0.map(\.bitPattern) } == alone.table.columns.map { $0.map(\.bitPattern) }, "variant \(variant.number)")
            #expect(mine.weights?.map(\.bitPattern) == alone.table.weights?.map(\.bitPattern), "variant \(variant.number)")
            #expect(mine.work == alone.table.work)
            #expect(
                SweepFixtures.withoutTiming(replayed.reports[i].json.rendered()) == SweepFixtures.withoutTiming(alone.report.rendered()),
                "variant \(variant.number)")
        }
    }

    @Test("a guarantee, pool, subsidy and tolerance scheme over three years: every replayed variant's report is its own run's")
    func multiYearScheme() throws {
        let setup = try Self.setup(
            Self.scheme,
            vary: [
                "risk_sharing.layers[type=guarantee].per_loan_cap=1e6,3e6",
                "risk_sharing.layers[type=compensation_pool].initial_balance=1e6,5e7",
                "risk_sharing.tolerance.margin=0.01,0.05",
                "report.quantiles[1]=0.9,0.95",
            ])
        #expect(setup.grid.variants.count == 16)
        let schedule = try SweepSchedule(setup, variants: setup.grid.variants, threads: 2)
        #expect(schedule.replayed == [setup.grid.variants] && schedule.separate.isEmpty)
        try Self.expectReplayEqualsSeparate(setup)
    }

    /// The scheme without its layers: the year's events are handed over as drawn, not in time order.
    static var noLayers: String {
        Self.scheme.replacingOccurrences(
            of: """
                  layers:
                    - {type: guarantee, segments: [startup], shares: {bank: 0.4, guarantor: 0.6}, per_loan_cap: 3.0e6, fee_rate: 0.008}
                    - {type: compensation_pool, payer: pool, initial_balance: 5.0e7, ratio: 0.3, max_ratio: 0.5, per_loan_cap: 3.0e6, shortfall: pro_rata}

                """, with: "")
    }

    @Test("a scheme without layers and a capital section: varying capital and tolerance replays exactly")
    func capitalVariants() throws {
        #expect(Self.noLayers != Self.scheme)
        let setup = try Self.setup(
            Self.noLayers + "\ncapital: {preset: basel3_irb_corporate}\n",
            vary: ["risk_sharing.tolerance.margin=0.01,0.03", "capital.capital_ratio=0.08,0.1", "simulation.seed=31"])
        #expect(try SweepSchedule(setup, variants: setup.grid.variants, threads: 2).replayed == [setup.grid.variants])
        try Self.expectReplayEqualsSeparate(setup)
    }

    @Test("one replay runs schemes with layers, without layers and without risk sharing, each as its own simulation")
    func mixedSchemesInOneReplay() throws {
        let withoutSharing = Self.scheme[..<Self.scheme.range(of: "risk_sharing:")!.lowerBound] + "report: {quantiles: [0.5, 0.9, 0.99]}\n"
        let yamls = [Self.scheme, Self.noLayers, String(withoutSharing)]
        let scenarios = try yamls.map { try TestScenarios.load($0) }
        let replay = SchemeReplay(scenarios: scenarios)
        let tables = try #require(replay.run(threads: 2))
        for (i, yaml) in yamls.enumerated() {
            let (_, alone) = try TestScenarios.run(yaml, threads: 1)
            #expect(tables[i].names == alone.names)
            #expect(tables[i].columns.map { $0.map(\.bitPattern) } == alone.columns.map { $0.map(\.bitPattern) }, "scheme \(i)")
        }
    }

    @Test("importance sampling: replayed variants keep each path's likelihood ratio and report as their own runs")
    func importanceSampling() throws {
        let multiYear = Self.scheme.replacingOccurrences(
            of: "block_paths: 150}", with: "block_paths: 150, method: importance_sampling, importance_sampling: {target_probability: 0.01}}")
        try Self.expectReplayEqualsSeparate(
            try Self.setup(multiYear, vary: ["risk_sharing.layers[type=guarantee].fee_rate=0.005,0.008,0.01"]))
        // One year: the exponential twist of the default probabilities as well.
        let oneYear = Self.scheme.replacingOccurrences(
            of: "horizon_years: 3, block_paths: 150}",
            with: "horizon_years: 1, block_paths: 150, method: importance_sampling, importance_sampling: {target_probability: 0.01}}")
        try Self.expectReplayEqualsSeparate(
            try Self.setup(oneYear, vary: ["risk_sharing.layers[type=compensation_pool].ratio=0.2,0.4"]))
    }

    @Test("variants that change the book or the economy are simulated on their own; their scheme variants replay")
    func classification() throws {
        let setup = try Self.setup(
            Self.scheme,
            vary: ["economy.persistence=0.2,0.4", "risk_sharing.tolerance.margin=0.01,0.02,0.03"])
        let schedule = try SweepSchedule(setup, variants: setup.grid.variants, threads: 2)
        let v = setup.grid.variants
        #expect(schedule.replayed == [Array(v[0..<3]), Array(v[3..<6])])
        #expect(schedule.separate.isEmpty)
        #expect(schedule.description.contains("6 variants differ only in risk_sharing, report or capital"))
        #expect(schedule.defaultSimulations == 2)

        let book = try Self.setup(Self.scheme, vary: ["portfolio.segments[startup].pd=0.05,0.06,0.07"])
        let separate = try SweepSchedule(book, variants: book.grid.variants, threads: 2)
        #expect(separate.replayed.isEmpty && separate.separate == book.grid.variants)
        #expect(separate.description.contains("each of the 3 variants simulated on its own"))

        // The value set by an axis equal to the file's: the documents agree, the defaults are shared.
        let same = try Self.setup(Self.scheme, vary: ["economy.persistence=0.4", "risk_sharing.tolerance.margin=0.01,0.02"])
        #expect(try SweepSchedule(same, variants: same.grid.variants, threads: 2).replayed == [same.grid.variants])
    }

    @Test("a replay too large for the memory left is cut into chunks that fit, each simulating the defaults once")
    func chunksFitMemory() throws {
        let setup = try Self.setup(Self.scheme, vary: ["risk_sharing.tolerance.margin=0.01:0.08:0.01"])
        let scenarios = try setup.grid.variants.map { try setup.scenario(for: $0) }
        #expect(scenarios.count == 8)
        let four = MemoryBudget.estimateReplay(Array(scenarios.prefix(4)), threads: 2)
        let five = MemoryBudget.estimateReplay(Array(scenarios.prefix(5)), threads: 2)
        #expect(five.total > four.total && four["default events"] > 0)
        let limit = MemoryBudget.Limit(bytes: (four.total + five.total) / 2, source: "test")
        let schedule = try SweepSchedule(setup, variants: setup.grid.variants, threads: 2, limit: limit)
        #expect(schedule.replayed.map { $0.map(\.number) } == [[1, 2, 3, 4], [5, 6, 7, 8]])
        let tiny = MemoryBudget.Limit(bytes: 1, source: "test")
        let none = try SweepSchedule(setup, variants: setup.grid.variants, threads: 2, limit: tiny)
        #expect(none.replayed.isEmpty && none.separate == setup.grid.variants)
    }

    @Test("a sweep's rows are the same whether its variants replay shared defaults or run alone")
    func sweepRowsMatchSeparateEvaluations() throws {
        let setup = try Self.setup(Self.scheme, vary: ["risk_sharing.layers[type=guarantee].fee_rate=0.005,0.008,0.01"])
        let rows = try #require(try SweepRunner.run(setup, threads: 2))
        for (row, variant) in zip(rows, setup.grid.variants) {
            let alone = try #require(try SweepRunner.evaluate(setup, variant: variant, threads: 2))
            #expect(row.readings == alone.readings)
        }
        #expect(try #require(rows[0].differences).allSatisfy { $0.value == 0 })
        #expect(try #require(rows[2].differences)[0].stderr != nil)
    }

    /// Designs of one setup, evaluated one after another as `solve` and `optimize` do.
    static func designs(_ setup: SweepSetup, path: String, values: [Double]) throws -> [(SweepSetup, SweepVariant)] {
        try values.map { x in
            var design = setup
            design.grid = try SweepGrid(
                axes: [SweepAxis(path: try ParameterPath(path), values: [ScenarioNode(.number(x))], labels: [NumberFormat.plain(x)])],
                zipped: false)
            return (design, design.grid.variants[0])
        }
    }

    @Test("solve and optimize: designs that change the scheme replay the defaults recorded once, report for report")
    func evaluationsReplayRecordedDefaults() throws {
        let setup = try Self.setup(Self.scheme, vary: ["risk_sharing.tolerance.margin=0.02"])
        let lines = Mutex<[String]>([])
        let defaults = EvaluationDefaults(log: { line in lines.withLock { $0.append(line) } })
        for (design, variant) in try Self.designs(setup, path: "risk_sharing.layers[type=compensation_pool].initial_balance", values: [1e6, 5e7, 2e7]) {
            let replayed = try #require(try SweepRunner.simulation(design, variant: variant, threads: 2, defaults: defaults))
            #expect(defaults.isRecording)
            let alone = try #require(try SweepRunner.simulation(design, variant: variant, threads: 1))
            #expect(replayed.table.columns.map { $0.map(\.bitPattern) } == alone.table.columns.map { $0.map(\.bitPattern) })
            #expect(SweepFixtures.withoutTiming(replayed.report.rendered()) == SweepFixtures.withoutTiming(alone.report.rendered()))
        }
        #expect(lines.withLock { $0 }.count == 1)
        #expect(lines.withLock { $0 }.first?.contains("simulated once, kept") == true)
    }

    @Test("solve and optimize: designs that change the book simulate their own defaults; so does a record too large for memory")
    func evaluationsThatCannotReplay() throws {
        let setup = try Self.setup(Self.scheme, vary: ["risk_sharing.tolerance.margin=0.02"])
        let lines = Mutex<[String]>([])
        let book = EvaluationDefaults(log: { line in lines.withLock { $0.append(line) } })
        for (design, variant) in try Self.designs(setup, path: "portfolio.segments[startup].pd", values: [0.05, 0.07]) {
            let row = try #require(try SweepRunner.evaluate(design, variant: variant, threads: 2, defaults: book))
            #expect(row.readings == (try #require(try SweepRunner.evaluate(design, variant: variant, threads: 2))).readings)
        }
        #expect(!book.isRecording)
        #expect(lines.withLock { $0 }.isEmpty)

        let small = EvaluationDefaults(log: { line in lines.withLock { $0.append(line) } }, limit: { MemoryBudget.Limit(bytes: 1e6, source: "test") })
        let (design, variant) = try Self.designs(setup, path: "risk_sharing.tolerance.margin", values: [0.03])[0]
        let row = try #require(try SweepRunner.evaluate(design, variant: variant, threads: 2, defaults: small))
        #expect(row.readings == (try #require(try SweepRunner.evaluate(design, variant: variant, threads: 2))).readings)
        #expect(!small.isRecording)
        #expect(lines.withLock { $0 }.last?.contains("every evaluation simulates its own defaults") == true)
    }

    @Test("solve on a scheme value replays the defaults and finds the same crossing as the metric evaluated design by design")
    func solveReplays() throws {
        let file = try SweepFixtures.write(Self.scheme)
        var request = SweepFixtures.request(file)
        request.threads = 2
        let target = try MetricTarget(parsing: "tolerance.p_breach_any <= 0.2")
        let path = "risk_sharing.tolerance.margin"
        let setup = try TargetSolver.setup(request, path: path, lower: 0.0, target: target)
        let lines = Mutex<[String]>([])
        let result = try TargetSolver.solve(
            setup, lower: 0.0, upper: 0.2, target: target, threads: 2, log: { line in lines.withLock { $0.append(line) } })
        #expect(lines.withLock { $0 }.first?.contains("replayed through each evaluation's scheme") == true)
        // The answer's reading is the design's own run's.
        let (design, variant) = try Self.designs(setup, path: path, values: [result.value])[0]
        let alone = try #require(try SweepRunner.evaluate(design, variant: variant, threads: 1))
        #expect(alone.readings[0] == result.metric)
        #expect(target.isMet(by: alone.readings[0].value))
    }
}
