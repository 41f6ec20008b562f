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

    @Test("each mechanism states its own terms and limits: a guarantee, a pool, a subsidy and a tolerance")
    func terms() throws {
        let spec = try parseRiskSharing("""
        risk_sharing:
          layers:
            - {type: guarantee, name: chain, shares: {bank: 0.2, guarantor: 0.8}, per_loan_cap: 250, fee_rate: 0.01, capital: {guarantor: 900}}
            - {type: compensation_pool, payer: pool, initial_balance: 1000, ratio: 0.3, annual_cap: 500, shortfall: fifo}
          subsidies:
            - {type: interest, payer: government, rate: 0.5}
          tolerance: {absolute: 0.04}
        """, segments: ["tech"])
        let layers = spec.layerTerms(segments: ["tech"])
        #expect(layers.map(\.type) == ["guarantee", "compensation_pool"])
        #expect(layers.map(\.key) == ["chain", "1"])
        #expect(layers[0].value("shares") == .fractions([NamedNumber("bank", 0.2), NamedNumber("guarantor", 0.8)]))
        #expect(layers[0].value("per_loan_cap") == .amount(250))
        #expect(layers[0].value("fee_to") == .party("guarantor"))
        #expect(layers[0].value("capital") == .amounts([NamedNumber("guarantor", 900)]))
        #expect(layers[0].value("segments") == .segments(nil))
        #expect(layers[1].value("initial_balance") == .amount(1000))
        #expect(layers[1].value("annual_cap") == .amount(500))
        #expect(layers[1].value("per_loan_cap") == .unlimited)
        #expect(layers[1].value("shortfall") == .word("fifo"))
        #expect(spec.subsidyTerms(segments: ["tech"]).first?.value("rate") == .fraction(0.5))
        #expect(spec.toleranceTerms(segments: ["tech"])?.value("level") == .fraction(0.04))
        #expect(spec.limitedLayers.map(\.key) == ["chain", "1"])
        #expect(spec.limitedLayers.map(\.parties) == [["guarantor"], ["pool"]])
        #expect(spec.lossBearingParties == ["bank", "guarantor", "pool"])
    }
}
