import Foundation
import RiskShareTestSupport
import Testing

@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport

/// Differences from a sweep's baseline variant and the standard error of the paired difference
/// (Scenarios/README.md, "Sweeps: differences from a baseline").
@Suite struct PairedDifferenceTests {
    @Test("the paired standard error clusters the per-path differences by random-number block (hand computation)")
    func handComputation() throws {
        // ψ(baseline) = 1, 2, 3, 4, 5 and ψ(variant) = 2, 2, 5, 4, 8: d = 1, 0, 2, 0, 3, d̄ = 1.2.
        // Blocks of one path: Σ (d − 1.2)² = 0.04 + 1.44 + 0.64 + 1.44 + 3.24 = 6.8, and
        // √(5/4 × 6.8) / 5 = √(6.8 / 20) = √0.34, the plain paired formula.
        let perPath = try #require(PairedDifference.standardError([2, 2, 5, 4, 8], [1, 2, 3, 4, 5], block: 1))
        #expect(abs(perPath - 0.34.squareRoot()) < 1e-15)
        // Blocks of two paths {1, 0}, {2, 0}, {3}: sums of d − d̄ are −1.4, −0.4, 1.8; squares
        // 1.96 + 0.16 + 3.24 = 5.36; s.e. = √(3/2 × 5.36) / 5 = √8.04 / 5.
        let byTwo = try #require(PairedDifference.standardError([2, 2, 5, 4, 8], [1, 2, 3, 4, 5], block: 2))
        #expect(abs(byTwo - 8.04.squareRoot() / 5) < 1e-15)
        // Identical samples differ by nothing; a constant shift has no spread either.
        #expect(PairedDifference.standardError([1, 5, 9], [1, 5, 9], block: 1) == 0)
        #expect(PairedDifference.standardError([3, 7, 11], [1, 5, 9], block: 1) == 0)
        // One block gives no estimate of its own spread.
        #expect(PairedDifference.standardError([2, 2, 5, 4, 8], [1, 2, 3, 4, 5], block: 5) == nil)
    }

    @Test("per-path contributions average to the reported mean, probability and ES exactly (hand-built table)")
    func contributionsAverageToTheEstimate() throws {
        // Ten paths of one quantity with a tie at the 80% quantile.
        let x: [Double] = [0, 1, 1, 2, 3, 5, 8, 8, 13, 21]
        let table = PathTable(names: ["gross_loss"], columns: [x])
        let summary = table.summary("gross_loss")
        let mean = PathEstimator(quantity: .column("gross_loss"), statistic: .mean)
        let psiMean = try #require(mean.contributions(in: table, reading: .init(value: summary.mean, stderr: summary.stderr)))
        #expect(psiMean == x)
        let exceed = PathEstimator(quantity: .column("gross_loss"), statistic: .exceedance(threshold: 5))
        #expect(try #require(exceed.contributions(in: table, reading: .init(value: 0.4, stderr: nil))) == [0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
        // ES at 0.8: VaR = x₍₈₎ = 8; ψ = 8 + (x − 8)⁺ / 0.2 → 8 for the first eight paths, 8 + 25 and
        // 8 + 65 for 13 and 21; mean = (8 × 10 + 25 + 65) / 10 = 17 = (13 + 21) / 2 (Acerbi-Tasche).
        let es = PathEstimator(quantity: .column("gross_loss"), statistic: .expectedShortfall(0.8))
        let psiES = try #require(es.contributions(in: table, reading: .init(value: 17, stderr: nil)))
        #expect(psiES.map { ($0 * 1e9).rounded() / 1e9 } == [8, 8, 8, 8, 8, 8, 8, 8, 33, 73])
        #expect(abs(psiES.reduce(0, +) / 10 - summary.expectedShortfall(0.8)) < 1e-12)
        // VaR at 0.8 with s.e. 2: ψ = 8 + 2 √10 (0.8 − 1{x ≤ 8}) / 0.4, i.e. 8 − √10 for paths at or
        // below VaR and 8 + 4√10 above it.
        let q = PathEstimator(quantity: .column("gross_loss"), statistic: .quantile(0.8))
        let psiQ = try #require(q.contributions(in: table, reading: .init(value: 8, stderr: 2)))
        let r = 10.0.squareRoot()
        for (value, psi) in zip(x, psiQ) { #expect(abs(psi - (value <= 8 ? 8 - r : 8 + 4 * r)) < 1e-12) }
        // Its variance over the paths, divided by n, gives back s.e.² when P(x ≤ VaR) = q.
        let variance = psiQ.map { ($0 - 8) * ($0 - 8) }.reduce(0, +) / 10
        #expect(abs(variance / 10 - 4) < 1e-12)
        // Without the quantile's standard error there is nothing to scale by.
        #expect(q.contributions(in: table, reading: .init(value: 8, stderr: nil)) == nil)
    }

    @Test(
        "every report metric with a per-path form is located (risk contributions included), and its contributions reproduce the reported value"
    )
    func locatorMatchesTheReport() throws {
        let file = try SweepFixtures.write(Self.scheme)
        let setup = try SweepSetup(SweepFixtures.request(file, vary: ["risk_sharing.layers[0].rate=0.5"], metrics: ["gross_loss.mean"]))
        let simulated = try #require(try SweepRunner.simulation(setup, variant: setup.grid.variants[0], threads: 2))
        let (report, table) = (simulated.report, simulated.table)
        let columns = try #require(simulated.columns)
        var located = 0, contributions = 0
        for path in Self.numberPaths(report) {
            let metric = try MetricPath(path)
            let reading = try metric.read(from: report)
            guard let estimator = PathEstimator.locate(metric, in: report, columns: columns) else {
                // Only spreads, extremes, counts, intervals, facts and single loans have no per-path form.
                let last = path.split(separator: ".").last.map(String.init) ?? ""
                let allowed = [
                    "sd", "stderr", "min", "max", "loans", "exposure", "level", "covered_volume", "leverage", "year",
                    "first_loans", "exposure_weighted_pd", "expected_loss_first_year_unstressed", "expected_loss_stderr",
                ]
                let inGroup = [
                    "tail_paths", "quantile_ci95", "expected_shortfall_stderr", "exceedance_stderr",
                    "npl_ratio_exceeded_with_probability", "run", "scenario", "schema_version", "portfolio", "terms.",
                    "top_loans",
                ]
                #expect(allowed.contains(last) || inGroup.contains { path.contains($0) }, "\(path) has no per-path form")
                continue
            }
            located += 1
            if path.hasPrefix("contributions.") { contributions += 1 }
            let psi = try #require(estimator.contributions(in: table, reading: reading), "\(path)")
            let average = psi.reduce(0, +) / Double(psi.count)
            if case .quantile = estimator.statistic {
                // First order only: the average is VaR + s √n (q − F(VaR)) / √(q(1 − q)), F(VaR) ≥ q.
                #expect(average <= reading.value + 1e-9 * max(1, abs(reading.value)), "\(path)")
            } else {
                #expect(abs(average - reading.value) <= 1e-9 * max(1, abs(reading.value)), "\(path): \(average) vs \(reading.value)")
            }
        }
        // gross, parties (3 × (loss + 2 years)), pool (paid, topups, unpaid, 2 balances), fiscal (2):
        // each with mean, 3 VaR, 3 ES, 1 exceedance; plus probabilities of pool, cap and tolerance.
        #expect(located > 150)
        // gross and 3 parties, each with its own EL and 3 ES, and per part (2 segments, 2 stages,
        // 1 product, 1 cluster) its EL and 3 ES.
        #expect(contributions == 4 * 4 + 4 * 6 * 4)
    }

    @Test(
        "on a common-random-numbers sweep the paired standard error is far smaller than the per-variant ones, and it is honest across seeds"
    )
    func pairedIsSmallAndHonest() throws {
        // Two variants that differ a little (PD of the small segment 4% vs 4.4%), 1500 paths in 30
        // blocks. Over 24 seeds, the spread of the estimated difference must match the paired
        // standard error: the ratio sd(Δ over seeds) / rms(paired s.e.) has a relative sampling
        // error of about 1/√(2 × 23) ≈ 15%, so [0.55, 1.45] is three of those either side.
        let file = try SweepFixtures.write(
            SweepFixtures.twoSegments.replacingOccurrences(of: "paths: 2000", with: "paths: 1500")
                .replacingOccurrences(of: "block_paths: 250", with: "block_paths: 50"))
        let metrics = [
            "gross_loss.mean", "gross_loss.expected_shortfall.0.9", "contributions.gross_loss.segment.many.expected_shortfall.0.9",
            "gross_loss.quantiles.0.9", "gross_loss.exceedance.15000000",
        ]
        var differences: [[Double]] = Array(repeating: [], count: metrics.count)
        var pairedSquares = [Double](repeating: 0, count: metrics.count)
        var perVariant = [Double](repeating: 0, count: metrics.count)
        let seeds = 24
        for seed in 1...seeds {
            var request = SweepFixtures.request(file, vary: ["portfolio.segments[few].pd=0.04,0.044"], metrics: metrics)
            request.seed = UInt64(seed * 7919)
            let rows = try #require(try SweepRunner.run(try SweepSetup(request), threads: 2))
            #expect(rows[0].differences?.allSatisfy { $0.value == 0 && $0.stderr == 0 } == true)
            for m in metrics.indices {
                let difference = try #require(rows[1].differences?[m])
                #expect(difference.value == rows[1].readings[m].value - rows[0].readings[m].value)
                differences[m].append(difference.value)
                let se = try #require(difference.stderr, "\(metrics[m])")
                pairedSquares[m] += se * se / Double(seeds)
                perVariant[m] += (rows[1].readings[m].stderr ?? .nan) / Double(seeds)
            }
        }
        for m in metrics.indices {
            let d = differences[m]
            let mean = d.reduce(0, +) / Double(seeds)
            let sd = (d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(seeds - 1)).squareRoot()
            let paired = pairedSquares[m].squareRoot()
            // Means, ES and ES contributions gain a factor of about 10 here, VaR and exceedance
            // probabilities about 3.
            #expect(paired < perVariant[m] / (m < 3 ? 5 : 2), "\(metrics[m]): paired \(paired) vs per-variant \(perVariant[m])")
            #expect(sd / paired > 0.55 && sd / paired < 1.45, "\(metrics[m]): sd over seeds \(sd) vs paired s.e. \(paired)")
        }
    }

    /// A two-year scheme with a capped portfolio guarantee, a pool and a tolerance rule, so that every
    /// kind of report metric exists.
    static let scheme = """
        name: paired-fixture
        simulation: {paths: 600, seed: 3, horizon_years: 2, block_paths: 200}
        economy: {factors: [economy]}
        portfolio:
          renewal: true
          segments:
            - {name: a, count: 200, exposure: 1.0e6, pd: 0.05, lgd: 0.5, term_years: 1, loadings: {economy: 0.4}}
            - {name: b, count: 100, stage: growth, exposure: 2.0e6, pd: 0.03, lgd: 0.4, term_years: 2, loadings: {economy: 0.5}}
        report: {quantiles: [0.5, 0.9, 0.99], exceedance: [2.0e6]}
        risk_sharing:
          layers:
            - {type: portfolio_guarantee, name: plg, payer: eu, rate: 0.5, cap_rate: 0.03}
            - type: compensation_pool
              name: pool
              payer: pool
              initial_balance: 1.0e6
              ratio: 0.3
              npl_trigger: {reduce_above: 0.06, factor: 0.5, suspend_above: 0.09}
              topup: {per_year: 2.0e5}
          tolerance: {base_npl: 0.02, margin: 0.03}
        """

    /// Every path to a number (or a probability object) in the report, in MetricPath syntax.
    static func numberPaths(_ value: JSONValue, prefix: String = "") -> [String] {
        switch value {
        case .object(let members):
            // A probability estimate {p, stderr} is one metric, not two.
            if value["p"]?.doubleValue != nil && value["mean"] == nil { return [prefix] }
            return members.flatMap { numberPaths($0.1, prefix: prefix.isEmpty ? $0.0 : prefix + "." + $0.0) }
        case .array(let items):
            return items.indices.flatMap { numberPaths(items[$0], prefix: prefix + "[\($0)]") }
        case .number, .integer:
            return [prefix]
        default:
            return []
        }
    }
}
