import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Hostile input: every scenario and loan tape of Scenarios/ (and a few seeds reaching the
/// methods and layers no shipped scenario uses) is damaged thousands of times. Each mutant must
/// end in a clear refusal (a one-line ScenarioError naming a file) or a finite report that
/// validates against the schema; a trap ends the test process.
///
/// Bounded by default (about 2,200 mutants); `RISKSHARE_FUZZ_ITERATIONS=200000` runs longer,
/// `RISKSHARE_FUZZ_SEED` draws other mutants, `RISKSHARE_FUZZ_VERBOSE=1` prints each mutant
/// before it runs (the last line before a crash names the culprit; mutant files of a crashed run
/// stay in the temporary folder).
@Suite struct ScenarioFuzzTests {
    /// Scenarios that reach what Scenarios/ does not: importance sampling, QMC, the t copula,
    /// tranches, portfolio guarantees, lagged pools with caps, subsidies and guarantee capital.
    static let seeds: [String: String] = [
        "importance-sampling.yaml": """
        name: seed-is
        simulation: {paths: 200, seed: 2, method: importance_sampling, importance_sampling: {target_loss: 5.0e6, twist: true}}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: a, count: 200, exposure: {distribution: lognormal, median: 1.0e6, sigma: 0.5}, pd: 0.02, lgd: {mean: 0.5, sd: 0.2}, loadings: {economy: 0.45}}
            - {name: b, count: 50, exposure: 3.0e6, pd: 0.05, lgd: 0.6, loadings: {economy: 0.3}}
        report: {quantiles: [0.9, 0.99], exceedance: [1.0e6, 1.0e7]}
        """,
        "importance-shift.yaml": """
        name: seed-is-shift
        simulation: {paths: 200, seed: 2, horizon_years: 2, method: importance_sampling, importance_sampling: {target_probability: 0.01, shift: [-1.5, 0.5], twist: false}}
        economy: {factors: [economy, ai], copula: t, dof: 4, persistence: 0.5}
        portfolio:
          segments:
            - {name: a, count: 300, exposure: 1.0e6, pd: 0.03, lgd: 0.5, loadings: {economy: 0.4, ai: 0.3}}
        """,
        "qmc-t.yaml": """
        name: seed-qmc
        simulation: {paths: 100, block_paths: 30, seed: 7, horizon_years: 3, method: qmc}
        economy: {factors: [economy, ai], copula: t, dof: 3, persistence: 0.9, stress: {pd_multiplier: [1, 2.5, 0]}}
        portfolio:
          renewal: false
          segments:
            - {name: a, count: 100, exposure: 1.0e6, pd: 0.05, lgd: {mean: 0.5, sd: 0.3}, term_years: 2, loadings: {economy: 0.6, ai: -0.3}}
        """,
        "layers.yaml": """
        name: seed-layers
        simulation: {paths: 50, seed: 9, horizon_years: 3}
        economy: {factors: [economy]}
        portfolio:
          renewal: true
          segments:
            - {name: s, count: 60, product: credit, exposure: {distribution: lognormal, median: 1.0e6, sigma: 1.5}, pd: 0.2, lgd: {mean: 0.6, sd: 0.25}, first_loan_share: 0.3, interest_rate: 0.05, loadings: {economy: 0.5}}
            - {name: m, count: 40, product: secured, exposure: 4.0e6, pd: 0.05, lgd: 0.4, term_years: 2}
        risk_sharing:
          parties: [budget]
          layers:
            - {type: guarantee, name: g, segments: [s], shares: {bank: 0.2, guarantor: 0.5, fund: 0.3}, per_loan_cap: 2.0e6, fee_rate: 0.01, annual_cap_rate: {fund: 0.05}, capital: {guarantor: 3.0e6}, overflow: [budget]}
            - {type: portfolio_guarantee, name: pg, payer: eu, rate: 0.5, cap_rate: 0.1}
            - {type: tranche, name: t, payer: government, attach: 0.01, detach: 0.05, share: 0.9, basis: annual}
            - {type: compensation_pool, name: p, payer: pool, initial_balance: 2.0e6, ratio: 0.3, uplift: {first_loan: 0.1, product: {credit: 0.05}}, max_ratio: 0.5, per_loan_cap: 5.0e5, annual_cap: 3.0e6, party_cap_share: 0.8, npl_trigger: {reduce_above: 0.1, factor: 0.5, suspend_above: 0.3}, shortfall: fifo, topup: {per_year: 1.0e6, replenish_paid: true}, claim_lag_years: 1}
          subsidies:
            - {type: interest, payer: government, segments: [s], rate: 0.5, first_loan_rate: 0.7, per_loan_cap: 1.0e4}
          tolerance: {absolute: 0.05, segments: [s]}
        report: {quantiles: [0.5, 0.99], exceedance: [0, 1.0e7]}
        """,
    ]

    static let seedFiles: [String] = {
        let directory = FuzzHarness.workspace + "/fuzz-seeds"
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in seeds { try! text.write(toFile: directory + "/" + name, atomically: false, encoding: .utf8) }
        return seeds.keys.sorted().map { "fuzz-seeds/" + $0 }
    }()

    static let inputs: [String] = FuzzHarness.corpus + seedFiles

    /// Mutants per input: about 2,200 in all by default. Inputs whose book takes long to set up
    /// (10,000 loan-years or more: bench/homogeneous, bench/reference, the Shenzhen baseline) get
    /// a third of the share in the bounded run, so it stays under a minute on two cores; loan
    /// tapes get four times the share.
    static func perInput(_ relative: String) -> Int {
        let total = FuzzHarness.requestedIterations ?? 2_400
        let share = max(1, (total + inputs.count - 1) / inputs.count)
        if relative.hasSuffix(".csv") { return 4 * share }   // one tape in the corpus, many ways to break it
        return FuzzHarness.requestedIterations == nil && heavy.contains(relative) ? max(1, share / 3) : share
    }

    static let heavy: Set<String> = Set(inputs.filter { relative in
        guard !relative.hasSuffix(".csv"),
              let scenario = try? ScenarioLoader.load(file: FuzzHarness.workspace + "/" + relative) else { return false }
        let loans = scenario.portfolio.segments.reduce(0) { $0 + ($1.tape?.count ?? $1.count) }
        return loans * scenario.simulation.horizonYears >= 10_000
    })

    @Test("every undamaged input loads, or is a scheme or a family of designs that needs a host scenario")
    func originalsLoad() throws {
        for relative in Self.inputs
        where !relative.hasSuffix(".csv") && !relative.hasPrefix("schemes/") && !relative.hasPrefix("frontiers/") {
            let verdict = FuzzHarness.check(file: FuzzHarness.workspace + "/" + relative, involved: [])
            #expect(verdict.outcome != .refused, "\(relative) is refused")
            #expect(verdict.problems.isEmpty, "\(verdict.problems)")
        }
    }

    @Test("damaged inputs end in a one-line refusal naming a file, or a finite report that validates",
          arguments: inputs)
    func mutants(of relative: String) {
        var outcomes: [FuzzHarness.Outcome: Int] = [:]
        var kinds: [String: Int] = [:]
        var problems: [String] = []
        let started = Date()
        let inputIndex = UInt64(Self.inputs.firstIndex(of: relative) ?? 0)
        let count = Self.perInput(relative)
        for i in 0..<count {
            let random = FuzzRandom(seed: FuzzHarness.seed, stream: inputIndex << 32 + UInt64(i))
            let mutant = MutantCase.make(relative: relative, index: i, random: random)
            let verdict = FuzzHarness.check(file: mutant.file, involved: mutant.written)
            outcomes[verdict.outcome, default: 0] += 1
            kinds[mutant.kind, default: 0] += 1
            if !verdict.problems.isEmpty {
                // Keep the mutant's files for reproduction; name them in the failure.
                problems.append("\(mutant.kind) #\(i) \(mutant.written): \(verdict.problems.prefix(2).joined(separator: "; "))")
            } else {
                mutant.remove()
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("fuzz \(relative): \(count) mutants in \(String(format: "%.1f", seconds)) s; "
              + FuzzHarness.Outcome.allCases.map { "\($0.rawValue) \(outcomes[$0, default: 0])" }.joined(separator: ", ")
              + "; kinds " + kinds.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        #expect(problems.isEmpty, "\(problems.count) mutants misbehaved, e.g. \(problems.prefix(5).joined(separator: "\n"))")
    }
}
