import Foundation
import Testing
@testable import RiskShareKit
import RiskShareTestSupport

/// Regulatory capital by substitution on small books computed by hand, the `capital` keys'
/// refusals, and economic capital from path losses.
@Suite struct RegulatoryCapitalTests {
    /// Segment a: 2 loans of 1m at 100% (corporate); segment b: 4 loans of 0.5m at 75% (small_micro).
    /// A guarantee on a: cap 0.5m per loan, fund 70% / bank 30%. A pool on b: 30% of the bank's
    /// part, 0.2m balance.
    static func book(capital: String, extraLayers: String = "") -> String {
        """
        portfolio:
          segments:
            - {name: a, count: 2, exposure: 1.0e6, pd: 0.02, lgd: 0.45}
            - {name: b, count: 4, exposure: 5.0e5, pd: 0.05, lgd: 0.6}
        risk_sharing:
          layers:
            - {type: guarantee, segments: [a], shares: {bank: 0.3, fund: 0.7}, per_loan_cap: 5.0e5}
            - {type: compensation_pool, segments: [b], payer: pool, initial_balance: 2.0e5, ratio: 0.3}
        \(extraLayers)
        capital:
        \(capital)
        """
    }

    static func compute(_ yaml: String, cost: Double? = nil) throws -> RegulatoryCapital {
        let scenario = try TestScenarios.load(yaml)
        return RegulatoryCapital.compute(book: PortfolioBuilder.build(scenario), segments: scenario.portfolio.segments,
                                         riskSharing: scenario.riskSharing, spec: try #require(scenario.capital),
                                         expectedPublicCost: cost)
    }

    @Test("substitution on a hand-computed book: the guaranteed and pool-protected parts take their providers' weights")
    func handComputedBook() throws {
        let result = try Self.compute(Self.book(capital: """
              preset: china2023_standardised
              risk_weights: {a: corporate, b: small_micro}
              guarantor_risk_weights: {fund: 0.2, pool: 0.0}
              recognise: {compensation_pool: substitution}
            """), cost: 1.0e5)
        // a, per loan: covered 0.5m × 70% = 0.35m at 20% (70,000) + 0.65m kept at 100%: 720,000; two loans 1,440,000.
        // b: claims 4 × 0.3 × 0.5m = 0.6m > 0.2m balance, so each loan has 50,000 protected at 0% and
        //    0.45m kept at 75% (337,500); four loans 1,350,000.
        #expect(result.segments.map(\.rwaBefore) == [2_000_000, 1_500_000])
        #expect(abs(result.segments[0].rwaAfter - 1_440_000) < 1e-6)
        #expect(abs(result.segments[1].rwaAfter - 1_350_000) < 1e-6)
        #expect(abs(result.rwaAfter - 2_790_000) < 1e-6)
        #expect(abs(result.capitalBefore - 280_000) < 1e-6)
        #expect(abs(result.relief - 56_800) < 1e-6)
        #expect(abs(try #require(result.reliefPerPublicCost) - 0.568) < 1e-12)
        #expect(result.providers.map(\.party) == ["fund", "pool"])
        #expect(abs(result.providers[0].protectedExposure - 700_000) < 1e-6)
        #expect(abs(result.providers[1].protectedExposure - 200_000) < 1e-6)
    }

    @Test("pools count for nothing unless recognised, and protection never raises a weight")
    func recognitionRules() throws {
        let result = try Self.compute(Self.book(capital: """
              approach: standardised
              risk_weights: {a: 0.5, b: 0.75}
              guarantor_risk_weights: {fund: 1.5}
            """))
        // The fund's 150% is above the borrower's 50%: the covered part keeps 50%; the pool is not recognised.
        #expect(abs(result.rwaAfter - result.rwaBefore) < 1e-6)
        #expect(result.relief == 0)
        #expect(result.reliefPerPublicCost == nil)
        #expect(result.providers.map(\.party) == ["fund"])
    }

    @Test("a tranche and a capped portfolio guarantee, recognised, protect their stated amounts")
    func trancheAndPortfolioGuarantee() throws {
        let yaml = """
            portfolio:
              segments:
                - {name: a, count: 10, exposure: 1.0e6, pd: 0.02, lgd: 0.45}
            risk_sharing:
              layers:
                - {type: portfolio_guarantee, payer: eu, rate: 0.5, cap_rate: 0.2}
                - {type: tranche, payer: gov, attach: 0.0, detach: 0.05}
            capital:
              approach: standardised
              risk_weights: {a: 1.0}
              guarantor_risk_weights: {eu: 0.0, gov: 0.0}
              recognise: {tranche: substitution}
            """
        let result = try Self.compute(yaml)
        // Portfolio guarantee: 50% of 10m = 5m, capped at 20% × 10m = 2m. Tranche: 5% × 10m = 0.5m of the rest.
        #expect(abs(result.rwaAfter - 7_500_000) < 1e-6)
        #expect(result.providers.map(\.protectedExposure) == [2_000_000, 500_000])
    }

    @Test("IRB capital of a segment is its loans' Basel weights times exposure, with maturity and turnover from the segment")
    func irbBook() throws {
        let yaml = """
            portfolio:
              segments:
                - {name: a, count: 3, exposure: 1.0e6, pd: 0.01, lgd: 0.45, term_years: 2, maturity_years: 2.5, turnover: 3.90625e7}
            capital:
              approach: irb
              eur_per_unit: 0.128
            """
        let result = try Self.compute(yaml)
        // Turnover 39.0625m × 0.128 = 5m EUR: Basel II Annex 5 prints 72.40% at PD 1%, LGD 45%, M 2.5.
        #expect(abs(result.rwaBefore / 3.0e6 - IRBRiskWeightTests.paragraph272(pd: 0.01, lgd: 0.45, m: 2.5, sales: 5)) < 1e-12)
        #expect(abs(result.rwaBefore / 3.0e6 - 0.7240) < 0.0001)
        #expect(result.rwaAfter == result.rwaBefore)
    }

    static func refusal(_ yaml: String) -> String? {
        do { _ = try TestScenarios.load(yaml); return nil } catch { return "\(error)" }
    }

    @Test("bad capital sections are refused with the key path and what is allowed",
          arguments: [
              ("approach: standardised\n  risk_weights: {a: 1.0}", "capital.risk_weights: has no risk weight for segments b"),
              ("approach: standardised\n  risk_weights: {a: 1.0, b: 1.0, c: 1.0}", "capital.risk_weights.c: names a segment"),
              ("approach: standardised\n  risk_weights: {a: sme, b: 1.0}", "capital.risk_weights.a = \"sme\": must be a risk weight in [0, 12.5]"),
              ("approach: standardised\n  risk_weights: {a: 1.0, b: 1.0}", "capital.guarantor_risk_weights.fund: is required"),
              ("approach: irb\n  colour: red", "capital.colour: is not a known key"),
              ("approach: irb\n  risk_weights: {a: 1.0}", "capital.risk_weights: only applies to approach standardised"),
              ("approach: standardised\n  pd_floor: 0.001\n  risk_weights: {a: 1.0, b: 1.0}", "capital.pd_floor: only applies to approach irb"),
              ("preset: china2023_standardised\n  approach: irb", "capital.approach = \"irb\": contradicts preset"),
              ("capital_ratio: 0.08", "capital.approach: is required"),
              ("approach: irb\n  guarantor_risk_weights: {bank: 0.0}", "capital.guarantor_risk_weights.bank: names no protection provider"),
          ])
    func badCapital(capital: String, expected: String) throws {
        let message = try #require(Self.refusal(Self.book(capital: "  " + capital)))
        #expect(message.contains(expected), "\(message)")
    }

    @Test("maturity_years and turnover are refused where no IRB capital reads them")
    func segmentKeysNeedIRB() throws {
        let message = try #require(Self.refusal("""
            portfolio:
              segments:
                - {name: a, count: 1, exposure: 1.0e6, pd: 0.02, lgd: 0.45, turnover: 1.0e7}
            """))
        #expect(message.contains("portfolio.segments[0].turnover: is used only by capital with approach irb"))
    }

    @Test("economic capital: VaR 99.9% minus EL and ES 99% of the path losses, with their errors")
    func economicCapital() {
        let losses = (1...1000).map(Double.init).reversed().map { $0 }
        let capital = EconomicCapital(losses: losses)
        #expect(capital.expectedLoss == 500.5)
        #expect(capital.unexpectedLoss == 999 - 500.5)
        #expect(abs(capital.expectedShortfall - (991.0 + 1000) / 2) < 1e-9)
        #expect(capital.tailPaths == 1)
        let summary = Summary(values: losses)
        #expect(capital.expectedShortfallStderr == summary.expectedShortfallStderr(0.99))
        let interval = try! #require(capital.unexpectedLossCI95)
        #expect(interval.lower < capital.unexpectedLoss && capital.unexpectedLoss < interval.upper)
    }
}
