import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Numbers at the edges of what a scenario allows. Each gives the result the model implies, or a
/// clear refusal; never NaN or infinity in a report.
@Suite struct ExtremeValueTests {
    struct Run {
        var simulation: Simulation
        var table: PathTable
        /// report.json of the run (the encoded `model`).
        var report: JSONValue
        var model: Report

        subscript(column: String) -> [Double] { table[column] }
        func mean(_ column: String) -> Double { table[column].reduce(0, +) / Double(table.rowCount) }
    }

    /// Loads, simulates and builds the report; expects a finite, valid report and per-path table.
    static func run(_ yaml: String, files: [String: String] = [:], threads: Int = 2,
                    algorithm: Simulation.Algorithm = .conditional,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        GSL.installErrorHandler()
        let simulation = Simulation(scenario: try TestScenarios.load(yaml, files: files), algorithm: algorithm)
        let table = try #require(simulation.run(threads: threads))
        try GSL.checkFailures(context: "extreme-value test")
        let report = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: threads, elapsedSeconds: 0))
        let problems = FuzzHarness.checkTable(table, simulation: simulation, label: "run")
            + FuzzHarness.checkReport(report.json, label: "report")
        #expect(problems.isEmpty, "\(problems.prefix(5))", sourceLocation: sourceLocation)
        _ = ReportFormats.render(report: report, table: table)
        return Run(simulation: simulation, table: table, report: report.json, model: report)
    }

    /// Expects `yaml` to be refused with a one-line message containing every fragment.
    static func expectRefusal(_ yaml: String, files: [String: String] = [:], _ fragments: [String],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try TestScenarios.load(yaml, files: files)
            Issue.record("expected a refusal mentioning \(fragments)", sourceLocation: sourceLocation)
        } catch let error as ScenarioError {
            let text = error.description
            #expect(!text.contains("\n"), "one line: \(text)", sourceLocation: sourceLocation)
            #expect(text.contains("scenario.yaml") || text.contains(".csv"), "names the file: \(text)", sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(text.contains(fragment), "expected '\(fragment)' in: \(text)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("refused with \(error), not a ScenarioError", sourceLocation: sourceLocation)
        }
    }

    /// A one-segment book; `segment` and `extra` are spliced in as YAML.
    static func book(paths: Int = 200, horizon: Int = 1, segment: String, economy: String = "{factors: [economy]}",
                     renewal: Bool = false, extra: String = "", simulation: String = "") -> String {
        """
        simulation: {paths: \(paths), seed: 11, horizon_years: \(horizon)\(simulation)}
        economy: \(economy)
        portfolio:
          renewal: \(renewal)
          segments:
            - {name: a, \(segment)}
        \(extra)
        """
    }

    // MARK: PD and LGD at 0 and 1

    @Test("PD 1: every loan defaults in year 1, the NPL ratio is 1 and nothing is left for later years",
          arguments: ["count: 100, exposure: 1.0e6", "count: 100, exposure: {distribution: lognormal, median: 1.0e6, sigma: 1}",
                      "count: 100, exposure: 1.0e6, first_loan_share: 0.3"],
          [Simulation.Algorithm.conditional, .loanByLoan])
    func pdOne(exposure: String, algorithm: Simulation.Algorithm) throws {
        for economy in ["{factors: [economy]}", "{factors: [economy], copula: t, dof: 1}"] {
            let r = try Self.run(Self.book(horizon: 3, segment: "\(exposure), pd: 1, lgd: 0.5, term_years: 3, loadings: {economy: 0.5}",
                                           economy: economy, renewal: true), algorithm: algorithm)
            let principal = r.simulation.book.exposure.reduce(0, +)
            #expect(r["defaults.y1"].allSatisfy { $0 == 100 })
            #expect(r["npl_ratio.y1"].allSatisfy { abs($0 - 1) <= 1e-12 && $0 <= 1 }, "\(r["npl_ratio.y1"].prefix(3))")
            #expect(r["gross_loss.y1"].allSatisfy { abs($0 - 0.5 * principal) <= 1e-9 * principal })
            for year in 2...3 {
                #expect(r["defaults.y\(year)"].allSatisfy { $0 == 0 })
                #expect(r["npl_ratio.y\(year)"].allSatisfy { $0 == 0 }, "nothing outstanding: the ratio is 0 by definition")
            }
        }
    }

    @Test("PD 0: no default and no loss on any path, and every statistic is 0")
    func pdZero() throws {
        let r = try Self.run(Self.book(horizon: 2, segment: "count: 100, exposure: 1.0e6, pd: 0, lgd: {mean: 0.5, sd: 0.2}, loadings: {economy: 0.9}",
                                       renewal: true, extra: "report: {exceedance: [0, 1]}"))
        #expect(r["gross_loss"].allSatisfy { $0 == 0 })
        #expect(r["defaults"].allSatisfy { $0 == 0 })
        #expect(r.report["gross_loss"]?["expected_shortfall"]?["0.999"] == .number(0))
        #expect(r.report["gross_loss"]?["exceedance"]?["0"] == .number(0))
    }

    @Test("LGD 0: defaults are counted but nothing is lost; LGD 1: the loss is the whole exposure")
    func lgdZeroAndOne() throws {
        let zero = try Self.run(Self.book(segment: "count: 50, exposure: 2.0e6, pd: 1, lgd: 0"))
        #expect(zero["defaults"].allSatisfy { $0 == 50 })
        #expect(zero["gross_loss"].allSatisfy { $0 == 0 })
        #expect(zero["npl_ratio.y1"].allSatisfy { $0 == 1 })
        let one = try Self.run(Self.book(segment: "count: 50, exposure: 2.0e6, pd: 0.2, lgd: 1, loadings: {economy: 0.3}"))
        for row in 0..<one.table.rowCount { #expect(one["gross_loss"][row] == one["defaults"][row] * 2.0e6) }
        let tape = try Self.run(Self.book(segment: "loans_file: loans.csv, lgd: 0.5"),
                                files: ["loans.csv": "id,exposure,pd,lgd\nA,100,1,0\nB,200,1,1\nC,300,0,1\n"])
        #expect(tape["gross_loss"].allSatisfy { $0 == 200 })
        #expect(tape["defaults"].allSatisfy { $0 == 2 })
        #expect(tape["npl_ratio.y1"].allSatisfy { abs($0 - 0.5) < 1e-15 })
    }

    @Test("a Beta LGD with mean 0 or 1 and a positive sd is refused: no such Beta exists")
    func betaLGDAtTheEdges() {
        Self.expectRefusal(Self.book(segment: "count: 5, exposure: 1, pd: 0.1, lgd: {mean: 1, sd: 0.1}"), ["lgd.sd", "impossible"])
        Self.expectRefusal(Self.book(segment: "count: 5, exposure: 1, pd: 0.1, lgd: {mean: 0, sd: 0.1}"), ["lgd.sd", "impossible"])
    }

    @Test("a Beta LGD too concentrated to sample (alpha + beta above 1e6) is refused with the smallest usable sd; sd 0 is a fixed LGD",
          arguments: ["1e-200", "1e-9", "0.0004"])
    func tooConcentratedLGD(sd: String) throws {
        Self.expectRefusal(Self.book(segment: "count: 20, exposure: 1.0e6, pd: 1, lgd: {mean: 0.4, sd: \(sd)}"),
                           ["lgd.sd", "too small", "sd 0", "0.00049"])
        Self.expectRefusal(Self.book(segment: "loans_file: loans.csv, lgd: 0.5"), files: ["loans.csv": "id,exposure,pd,lgd,lgd_sd\nA,1,0.1,0.4,\(sd)\n"],
                           ["loans.csv", "lgd_sd", "too small"])
        let fixed = try Self.run(Self.book(segment: "count: 20, exposure: 1.0e6, pd: 1, lgd: {mean: 0.4, sd: 0}"))
        #expect(fixed["gross_loss"].allSatisfy { $0 == 20 * 0.4e6 })
    }

    @Test("a tape's LGD column with the segment's sd (or the reverse) must still make a Beta, else the loan is named")
    func tapeAndSegmentLGDMix() {
        Self.expectRefusal(Self.book(segment: "loans_file: loans.csv, lgd: {mean: 0.5, sd: 0.3}"),
                           files: ["loans.csv": "id,exposure,pd,lgd\nA,1,0.1,0.5\nB,1,0.1,0.01\n"], ["loans.csv", "loan B", "sd 0.3"])
        Self.expectRefusal(Self.book(segment: "loans_file: loans.csv, lgd: 0.02"),
                           files: ["loans.csv": "id,exposure,pd,lgd_sd\nA,1,0.1,0.2\n"], ["loans.csv", "loan A", "mean 0.02"])
    }

    @Test("Beta LGDs where GSL's inverse CDF fails to converge are inverted by bisection: exact quantiles, the right mean",
          arguments: [(0.01, 0.0066), (1e-6, 1e-4), (0.4, 0.0005), (0.999, 0.01), (0.5, 0.49)])
    func betaInversionFallback(mean: Double, sd: Double) throws {
        guard case .beta(let a, let b) = try #require(LGDModel.fromMoments(mean: mean, sd: sd)) else { Issue.record("not a Beta"); return }
        for k in 1..<200 {
            let p = Double(k) / 200
            let x = GSL.betaQuantile(p, a: a, b: b)
            #expect(x >= 0 && x <= 1)
            // x is the generalised inverse among doubles, to a few ulps: F reaches p just above x
            // and not just below it. (A tiny alpha or beta puts quantiles within one ulp of 0 or 1.)
            var above = x, below = x
            for _ in 0..<4 { above = min(above.nextUp, 1); below = max(below.nextDown, 0) }
            let atX = GSL.betaCDF(above, a: a, b: b)
            let belowX = below == 0 ? 0 : GSL.betaCDF(below, a: a, b: b)
            #expect(atX >= p - 1e-6 && belowX <= p + 1e-6, "p \(p): x \(x), F(x) \(atX), F(x-) \(belowX)")
        }
        for e in stride(from: -40.0, through: -6, by: 2) {
            #expect(GSL.betaQuantile(exp2(e), a: a, b: b).isFinite)
            #expect(GSL.betaQuantile(1 - exp2(e), a: a, b: b).isFinite)
        }
        let r = try Self.run(Self.book(paths: 50, segment: "count: 2000, exposure: 1, pd: 1, lgd: {mean: \(mean), sd: \(sd)}"))
        let average = r.mean("gross_loss") / 2000
        #expect(abs(average - mean) < 6 * sd / (2000.0 * 50).squareRoot() + 1e-6 * mean, "mean LGD \(average)")
    }

    // MARK: Loadings, exposures, horizon, paths

    @Test("loadings whose squares sum to 0.999999 make the book almost comonotone; every loan keeps its PD")
    func loadingsCloseToOne() throws {
        let a = (0.999999 / 2).squareRoot()
        let r = try Self.run(Self.book(paths: 4000, segment: "count: 20, exposure: 1.0e6, pd: 0.1, lgd: 0.5, loadings: {economy: \(a), ai: \(a)}",
                                       economy: "{factors: [economy, ai]}"))
        let rate = r.mean("defaults") / 20
        #expect(abs(rate - 0.1) < 0.03, "default rate \(rate)")
        let allOrNothing = r["defaults"].filter { $0 == 0 || $0 == 20 }.count
        #expect(Double(allOrNothing) > 0.9 * 4000, "defaults come all together or not at all: \(allOrNothing)")
        Self.expectRefusal(Self.book(segment: "count: 2, exposure: 1, pd: 0.1, lgd: 0.5, loadings: {economy: 0.8, ai: 0.6}",
                                     economy: "{factors: [economy, ai]}"), ["loadings", "below 1"])
    }

    @Test("zero-exposure loans default and are counted, lose nothing, and leave an NPL ratio of 0 when nothing is outstanding")
    func zeroExposure() throws {
        let r = try Self.run(Self.book(segment: "count: 30, exposure: 0, pd: 1, lgd: 0.5",
                                       extra: """
                                       risk_sharing:
                                         layers:
                                           - {type: guarantee, shares: {bank: 0.2, guarantor: 0.8}, per_loan_cap: 0, fee_rate: 0.01}
                                           - {type: tranche, payer: government, attach: 0, detach: 0.1}
                                           - {type: portfolio_guarantee, payer: eu, rate: 0.5, cap_rate: 0.2}
                                           - {type: compensation_pool, payer: pool, initial_balance: 0, ratio: 0.3}
                                         tolerance: {absolute: 0.03}
                                       """))
        #expect(r["defaults"].allSatisfy { $0 == 30 })
        #expect(r["gross_loss"].allSatisfy { $0 == 0 })
        #expect(r["npl_ratio.y1"].allSatisfy { $0 == 0 })
        #expect(r.report["fiscal"]?["leverage"] == .null, "no expected cost: leverage is undefined, written as null")
        let mixed = try Self.run(Self.book(segment: "loans_file: loans.csv, lgd: 1"),
                                 files: ["loans.csv": "id,exposure,pd\nA,0,1\nB,0,0.5\nC,100,1\n"])
        #expect(mixed["gross_loss"].allSatisfy { $0 == 100 })
        #expect(mixed["npl_ratio.y1"].allSatisfy { $0 == 1 })
    }

    @Test("exposures of 1e12 and 1e13 (the limit) add up exactly enough; beyond the limit they are refused")
    func hugeExposures() throws {
        for x in [1e12, 1e13] {
            let r = try Self.run(Self.book(segment: "count: 1000, exposure: \(x), pd: 1, lgd: 0.45"))
            #expect(r["gross_loss"].allSatisfy { abs($0 - 1000 * x * 0.45) <= 1e-12 * 1000 * x })
            #expect(r.report["portfolio"]?["exposure"]?.doubleValue == 1000 * x)
        }
        let lognormal = try Self.run(Self.book(segment: "count: 1000, exposure: {distribution: lognormal, median: 1.0e13, sigma: 5}, pd: 0.5, lgd: 1"))
        #expect(lognormal["gross_loss"].allSatisfy { $0.isFinite })
        Self.expectRefusal(Self.book(segment: "count: 1, exposure: 1.0e14, pd: 0.1, lgd: 0.5"), ["exposure", "[0, 1e13]"])
        Self.expectRefusal(Self.book(segment: "loans_file: loans.csv, lgd: 0.5"), files: ["loans.csv": "id,exposure,pd\nA,1e14,0.1\n"],
                           ["loans.csv:2", "column exposure", "[0, 1e13]"])
    }

    @Test("30-year and 50-year horizons: with renewal each loan survives t years with probability (1-PD)^t", arguments: [30, 50])
    func longHorizon(years: Int) throws {
        let r = try Self.run(Self.book(paths: 500, horizon: years, segment: "count: 100, exposure: 1.0e6, pd: 0.05, lgd: 0.5", renewal: true))
        let expected = 100 * (1 - pow(0.95, Double(years)))
        #expect(abs(r.mean("defaults") - expected) < 1.0, "mean defaults \(r.mean("defaults")) vs \(expected)")
        #expect(r.table.names.filter { $0.hasPrefix("npl_ratio.y") }.count == years)
        Self.expectRefusal(Self.book(horizon: 51, segment: "count: 1, exposure: 1, pd: 0.1, lgd: 0.5"), ["horizon_years", "[1, 50]"])
    }

    @Test("one path: sd and standard error are 0, every quantile and shortfall is that path's value")
    func onePath() throws {
        let r = try Self.run(Self.book(paths: 1, segment: "count: 100, exposure: 1.0e6, pd: 0.3, lgd: 0.5, loadings: {economy: 0.3}"))
        let loss = r["gross_loss"][0]
        let stat = try #require(r.report["gross_loss"])
        #expect(stat["sd"] == .number(0))
        #expect(stat["stderr"] == .number(0))
        for q in ["0.5", "0.9", "0.999"] {
            #expect(stat["quantiles"]?[q]?.doubleValue == loss)
            #expect(abs((stat["expected_shortfall"]?[q]?.doubleValue ?? .nan) - loss) <= 1e-9 * max(loss, 1))
        }
    }

    @Test("paths that do not fill the last block: 1001 paths in blocks of 1000 keep the first 1000 paths, for any thread count")
    func partialBlock() throws {
        let segment = "count: 50, exposure: 1.0e6, pd: 0.1, lgd: {mean: 0.5, sd: 0.2}, loadings: {economy: 0.4}"
        let thousand = try Self.run(Self.book(paths: 1000, segment: segment, simulation: ", block_paths: 1000"))
        let odd = try Self.run(Self.book(paths: 1001, segment: segment, simulation: ", block_paths: 1000"), threads: 2)
        let single = try Self.run(Self.book(paths: 1001, segment: segment, simulation: ", block_paths: 1000"), threads: 1)
        #expect(odd.table.rowCount == 1001)
        #expect(Array(odd["gross_loss"].prefix(1000)) == thousand["gross_loss"])
        #expect(odd["gross_loss"] == single["gross_loss"])
        let tiny = try Self.run(Self.book(paths: 7, segment: segment, simulation: ", block_paths: 3"))
        #expect(tiny.table.rowCount == 7)
        let oneBlock = try Self.run(Self.book(paths: 5, segment: segment, simulation: ", block_paths: 1000000"))
        #expect(oneBlock.table.rowCount == 5)
        Self.expectRefusal(Self.book(paths: 100_000_000, segment: segment, simulation: ", block_paths: 1"), ["simulation", "blocks"])
    }

    // MARK: Copula, persistence, stress

    @Test("t copula with 1 degree of freedom: finite, and every loan keeps its PD", arguments: ["monte_carlo", "qmc"])
    func cauchyCopula(method: String) throws {
        let r = try Self.run(Self.book(paths: 4000, horizon: 2, segment: "count: 50, exposure: 1.0e6, pd: 0.1, lgd: {mean: 0.5, sd: 0.2}, loadings: {economy: 0.5}",
                                       economy: "{factors: [economy], copula: t, dof: 1}", renewal: true,
                                       simulation: ", method: \(method)"))
        let firstYearRate = r.mean("defaults.y1") / 50
        #expect(abs(firstYearRate - 0.1) < 0.02, "year-1 default rate \(firstYearRate)")
    }

    @Test("persistence 0.999: each year's factor stays standard normal, so each year keeps its PD")
    func persistentCycle() throws {
        let r = try Self.run(Self.book(paths: 4000, horizon: 5, segment: "count: 1000, exposure: 1.0e6, pd: 0.02, lgd: 0.5, loadings: {economy: 0.3}",
                                       economy: "{factors: [economy], persistence: 0.999}", renewal: true))
        for year in 1...5 {
            let outstandingRate = r.mean("npl_ratio.y\(year)")
            #expect(abs(outstandingRate - 0.02) < 0.004, "year \(year): \(outstandingRate)")
        }
        let y1 = r["npl_ratio.y1"], y5 = r["npl_ratio.y5"]
        let high1 = y1.indices.filter { y1[$0] > 0.04 }
        #expect(!high1.isEmpty && high1.filter { y5[$0] > 0.02 }.count > high1.count / 2, "a bad year is followed by bad years")
        Self.expectRefusal(Self.book(segment: "count: 1, exposure: 1, pd: 0.1, lgd: 0.5", economy: "{factors: [economy], persistence: 1}"),
                           ["economy.persistence", "0.999"])
    }

    @Test("stress multiplier 0 stops defaults for the year; 1000 caps PD × 1000 at 1 and every loan defaults")
    func stressMultipliers() throws {
        let r = try Self.run(Self.book(horizon: 3, segment: "count: 100, exposure: 1.0e6, pd: 0.01, lgd: 0.5, loadings: {economy: 0.4}",
                                       economy: "{factors: [economy], stress: {pd_multiplier: [0, 1000, 1]}}", renewal: true))
        #expect(r["defaults.y1"].allSatisfy { $0 == 0 })
        #expect(r["defaults.y2"].allSatisfy { $0 == 100 })
        #expect(r["npl_ratio.y2"].allSatisfy { abs($0 - 1) <= 1e-12 })
        #expect(r["defaults.y3"].allSatisfy { $0 == 0 })
        Self.expectRefusal(Self.book(segment: "count: 1, exposure: 1, pd: 0.1, lgd: 0.5", economy: "{stress: {pd_multiplier: [1000.5]}}"),
                           ["pd_multiplier[0]", "[0, 1000]"])
    }

    // MARK: Methods at the edges

    @Test("importance sampling toward a vanishing or unreachable target loss keeps every weight finite",
          arguments: ["target_loss: 1.0e-6", "target_loss: 0", "target_loss: 1.0e18", "target_probability: 1.0e-12", "target_probability: 0.5",
                      "shift: [10]", "shift: [-10]"])
    func importanceSamplingTargets(settings: String) throws {
        let r = try Self.run(Self.book(paths: 500, segment: "count: 100, exposure: 1.0e6, pd: 0.01, lgd: {mean: 0.5, sd: 0.2}, loadings: {economy: 0.5}",
                                       simulation: ", method: importance_sampling, importance_sampling: {\(settings)}"))
        #expect(r.table.weights != nil)
    }

    @Test("a positive target loss below a millionth of a currency unit is refused: it would overflow the twist to NaN")
    func vanishingTargetLoss() {
        Self.expectRefusal(Self.book(segment: "count: 10, exposure: 1.0e6, pd: 0.01, lgd: 0.5, loadings: {economy: 0.5}",
                                     simulation: ", method: importance_sampling, importance_sampling: {target_loss: 1.0e-320}"),
                           ["importance_sampling.target_loss", "at least 0.000001"])
    }

    // MARK: Risk-sharing extremes

    static let sharedBook = """
    simulation: {paths: 300, seed: 5, horizon_years: 2}
    economy: {factors: [economy]}
    portfolio:
      renewal: true
      segments:
        - {name: a, count: 100, product: credit, exposure: 1.0e6, pd: 0.1, lgd: 0.5, first_loan_share: 0.5, interest_rate: 0.05, loadings: {economy: 0.5}}
    """

    static func shared(_ riskSharing: String) throws -> Run {
        try run(sharedBook + "\nrisk_sharing:\n" + riskSharing)
    }

    @Test("guarantee shares of 0 and 1: whoever holds share 1 bears every loss")
    func guaranteeShares() throws {
        let bankOnly = try Self.shared("  layers: [{type: guarantee, shares: {bank: 1}}]")
        #expect(bankOnly["party.bank.loss"] == bankOnly["gross_loss"])
        let guarantorOnly = try Self.shared("  layers: [{type: guarantee, shares: {bank: 0, guarantor: 1}}]")
        #expect(guarantorOnly["party.guarantor.loss"] == guarantorOnly["gross_loss"])
        #expect(guarantorOnly["party.bank.loss"].allSatisfy { $0 == 0 })
    }

    @Test("caps of 0 pay nothing, and say so under caps")
    func zeroCaps() throws {
        let r = try Self.shared("""
          parties: [budget]
          layers:
            - {type: guarantee, name: g, shares: {bank: 0.2, guarantor: 0.8}, per_loan_cap: 0, annual_cap_rate: {guarantor: 0}}
            - {type: portfolio_guarantee, name: pg, payer: eu, rate: 1, cap: 0}
            - {type: compensation_pool, name: p, payer: pool, initial_balance: 1.0e9, ratio: 1, per_loan_cap: 0, annual_cap: 0}
            - {type: compensation_pool, name: q, payer: pool2, initial_balance: 1.0e9, ratio: 1, annual_cap: 0}
        """)
        #expect(r["party.bank.loss"] == r["gross_loss"])
        for party in ["guarantor", "eu", "pool", "pool2", "budget"] { #expect(r["party.\(party).loss"].allSatisfy { $0 == 0 }) }
        let lossy = Double(r["gross_loss"].filter { $0 > 0 }.count) / 300
        #expect(r.report["caps"]?["pg"]?["p"]?.doubleValue == lossy, "the zero cap binds on every path with a loss")
        #expect(r.report["caps"]?["q"]?["p"]?.doubleValue == lossy)
    }

    @Test("capital 0: the guarantor pays nothing beyond its fees; overflow passes the rest on")
    func zeroCapital() throws {
        let r = try Self.shared("""
          parties: [budget]
          layers: [{type: guarantee, shares: {bank: 0.2, guarantor: 0.8}, capital: {guarantor: 0}, overflow: [budget]}]
        """)
        #expect(r["party.guarantor.loss"].allSatisfy { $0 == 0 })
        for row in 0..<r.table.rowCount {
            #expect(abs(r["party.budget.loss"][row] - 0.8 * r["gross_loss"][row]) <= 1e-9 * max(r["gross_loss"][row], 1))
        }
    }

    @Test("pool ratio 0 pays nothing; ratio 1 with an ample balance takes the whole loss; balance 0 is exhausted at once")
    func poolRatios() throws {
        let none = try Self.shared("  layers: [{type: compensation_pool, payer: pool, initial_balance: 1.0e12, ratio: 0}]")
        #expect(none["party.pool.loss"].allSatisfy { $0 == 0 })
        let all = try Self.shared("  layers: [{type: compensation_pool, payer: pool, initial_balance: 1.0e12, ratio: 1}]")
        #expect(all["party.pool.loss"] == all["gross_loss"])
        let empty = try Self.shared("  layers: [{type: compensation_pool, payer: pool, initial_balance: 0, ratio: 0.5}]")
        #expect(empty["party.pool.loss"].allSatisfy { $0 == 0 })
        let lossy = Double(empty["gross_loss"].filter { $0 > 0 }.count) / 300
        #expect(empty.report["pools"]?["pool"]?["p_exhausted"]?["p"]?.doubleValue == lossy)
    }

    @Test("subnormal amounts (a pool's max_ratio of 5e-324, an exposure of 1e-320) render every report format, charts included")
    func subnormalAmounts() throws {
        let pool = try Self.shared("  layers: [{type: compensation_pool, payer: pool, initial_balance: 1.0e9, ratio: 0.3, max_ratio: 5.0e-324}]")
        let files = ReportFormats.render(report: pool.model, table: pool.table)
        #expect(files.count == 4 && files.allSatisfy { !$0.text.isEmpty })
        let tiny = try Self.run(Self.book(segment: "count: 10, exposure: 1.0e-320, pd: 0.5, lgd: 1"))
        #expect(ReportFormats.render(report: tiny.model, table: tiny.table).allSatisfy { !$0.text.isEmpty })
    }

    @Test("a tranche with attach = detach is refused; attach 0, detach 1 takes every loss")
    func trancheEdges() throws {
        Self.expectRefusal(Self.sharedBook + "\nrisk_sharing:\n  layers: [{type: tranche, payer: government, attach: 0.05, detach: 0.05}]",
                           ["risk_sharing.layers[0].detach", "must be above attach"])
        let r = try Self.shared("  layers: [{type: tranche, payer: government, attach: 0, detach: 1}]")
        #expect(r["party.government.loss"] == r["gross_loss"])
    }

    @Test("tolerance 0 is breached by any default, tolerance 1 never; subsidy rate 0 costs nothing")
    func toleranceAndSubsidyEdges() throws {
        let strict = try Self.shared("""
          tolerance: {absolute: 0}
          subsidies: [{type: interest, payer: government, rate: 0, first_loan_rate: 0}]
        """)
        let anyDefault = Double(strict["defaults"].filter { $0 > 0 }.count) / 300
        #expect(strict.report["tolerance"]?["p_breach_any"]?["p"]?.doubleValue == anyDefault)
        #expect(strict["party.government.subsidies"].allSatisfy { $0 == 0 })
        let lax = try Self.shared("  tolerance: {absolute: 1}")
        #expect(lax.report["tolerance"]?["p_breach_any"]?["p"]?.doubleValue == 0)
    }
}
