@testable import RiskShareKit
import Testing

/// Each mechanism is one registered type: its YAML `type` selects it, and it states its terms
/// as typed values for the report.
@Suite("RiskSharing: mechanism registry and terms")
struct MechanismRegistryTests {
    @Test("every registered type is unique within its list and the layer types are listed in refusals")
    func registry() {
        for list in [RiskSharingList.layers, .subsidies] {
            let types = RiskSharingMechanisms.types(in: list)
            #expect(Set(types).count == types.count)
        }
        #expect(RiskSharingMechanisms.types(in: .layers) == ["guarantee", "portfolio_guarantee", "tranche", "compensation_pool"])
        #expect(RiskSharingMechanisms.types(in: .subsidies) == ["interest"])
        #expect(throws: ScenarioError.self) { try parseRiskSharing("risk_sharing: {layers: [{type: insurance}]}") }
    }

    @Test("a guarantee, a pool, a subsidy and a tolerance state their terms with parties and typed values")
    func terms() throws {
        let book = makeBook([TestLoan(exposure: 100), TestLoan(exposure: 300)])
        let spec = try parseRiskSharing("""
        risk_sharing:
          layers:
            - {type: guarantee, name: chain, shares: {bank: 0.2, guarantor: 0.8}, per_loan_cap: 250, fee_rate: 0.01}
            - {type: compensation_pool, payer: pool, initial_balance: 1000, ratio: 0.3, annual_cap: 500, shortfall: fifo}
          subsidies:
            - {type: interest, payer: government, rate: 0.5}
          tolerance: {absolute: 0.04}
        """, segments: book.segmentNames)
        let plan = RiskSharingPlan(spec: spec, book: book, horizonYears: 3, renewal: false)
        #expect(plan.terms.map(\.type) == ["guarantee", "compensation_pool", "interest", "tolerance"])
        #expect(plan.terms.map(\.key) == ["chain", "1", nil, nil])
        let guarantee = plan.terms[0].terms
        #expect(guarantee.contains(SchemeTerm(key: "share", value: .fraction(0.8), party: "guarantor")))
        #expect(guarantee.contains(SchemeTerm(key: "per_loan_cap", value: .amount(250))))
        #expect(guarantee.contains(SchemeTerm(key: "fee_rate", value: .fraction(0.01), party: "guarantor")))
        #expect(guarantee.contains(SchemeTerm(key: "segment", value: .text("tech"))))
        let pool = plan.terms[1].terms
        #expect(pool.contains(SchemeTerm(key: "initial_balance", value: .amount(1000), party: "pool")))
        #expect(pool.contains(SchemeTerm(key: "annual_cap", value: .amount(500), party: "pool")))
        #expect(pool.contains(SchemeTerm(key: "shortfall", value: .text("fifo"))))
        #expect(plan.terms[2].terms.contains(SchemeTerm(key: "rate", value: .fraction(0.5), party: "government")))
        #expect(plan.terms[3].terms.contains(SchemeTerm(key: "level", value: .fraction(0.04))))
    }
}
