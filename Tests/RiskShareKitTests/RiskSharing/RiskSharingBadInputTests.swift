@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Each bad risk_sharing input is refused with one clear ScenarioError naming the key.
@Suite("RiskSharing: bad input")
struct RiskSharingBadInputTests {
    static func refusal(_ yaml: String) -> ScenarioError? {
        do { _ = try parseRiskSharing(yaml, segments: ["tech"]); return nil } catch let error as ScenarioError { return error } catch { return nil }
    }

    static let cases: [(name: String, yaml: String, path: String, message: String)] = [
        ("shares not summing to 1", "{type: guarantee, shares: {bank: 0.2, guarantor: 0.7}}", "risk_sharing.layers[0].shares", "sum to 0.9"),
        ("a negative ratio", "{type: compensation_pool, payer: pool, initial_balance: 1, ratio: -0.3}", "risk_sharing.layers[0].ratio", "a probability in [0, 1]"),
        ("a negative share", "{type: guarantee, shares: {bank: 1.2, guarantor: -0.2}}", "risk_sharing.layers[0].shares.bank", "a share in [0, 1]"),
        ("an overflow naming an unknown party", "{type: guarantee, shares: {bank: 0.2, guarantor: 0.8}, overflow: [provincal]}", "risk_sharing.layers[0].overflow[0]", "unknown party \"provincal\""),
        ("capital of an unknown party", "{type: guarantee, shares: {bank: 0.2, guarantor: 0.8}, capital: {guarantr: 1}}", "risk_sharing.layers[0].capital.guarantr", "unknown party"),
        ("a tranche with detach < attach", "{type: tranche, payer: government, attach: 0.05, detach: 0.03}", "risk_sharing.layers[0].detach", "must be above attach"),
        ("an unknown key", "{type: tranche, payer: government, attach: 0, detach: 0.03, shares: 1}", "risk_sharing.layers[0].shares", "not a known key"),
        ("an unknown layer type", "{type: insurance, payer: x}", "risk_sharing.layers[0].type", "must be one of guarantee"),
        ("an unknown segment", "{type: portfolio_guarantee, segments: [biotech], payer: eu, rate: 0.5}", "risk_sharing.layers[0].segments[0]", "names no segment"),
        ("payer equal to beneficiary", "{type: portfolio_guarantee, payer: bank, rate: 0.5}", "risk_sharing.layers[0]", "payer and beneficiary"),
        ("both cap and cap_rate", "{type: portfolio_guarantee, payer: eu, rate: 0.5, cap_rate: 0.2, cap: 100}", "risk_sharing.layers[0].cap", "together with cap_rate"),
        ("an unknown shortfall rule", "{type: compensation_pool, payer: pool, initial_balance: 1, ratio: 0.3, shortfall: lottery}", "risk_sharing.layers[0].shortfall", "pro_rata, fifo"),
    ]

    @Test("Refused layers", arguments: cases.indices)
    func refusedLayer(_ i: Int) throws {
        let c = Self.cases[i]
        let error = try #require(Self.refusal("risk_sharing:\n  layers:\n    - \(c.yaml)\n"), "\(c.name) must be refused")
        #expect(error.path == c.path, "\(c.name)")
        #expect(error.message.contains(c.message), "\(c.name): \(error.description)")
        #expect(error.file == "test.yaml")
    }

    @Test("Two pools cannot share a payer name")
    func duplicatePool() throws {
        let error = try #require(Self.refusal("""
        risk_sharing:
          layers:
            - {type: compensation_pool, payer: pool, initial_balance: 1, ratio: 0.3}
            - {type: compensation_pool, payer: pool, initial_balance: 1, ratio: 0.3}
        """))
        #expect(error.message.contains("own payer name"))
    }

    @Test("Tolerance needs absolute or base_npl, not both")
    func tolerance() throws {
        let both = try #require(Self.refusal("risk_sharing:\n  tolerance: {absolute: 0.04, base_npl: 0.01}\n"))
        #expect(both.message.contains("together with absolute"))
        let neither = try #require(Self.refusal("risk_sharing:\n  tolerance: {margin: 0.03}\n"))
        #expect(neither.message.contains("needs absolute"))
    }

    @Test("An include that does not exist is refused, naming the file looked for")
    func missingInclude() throws {
        #expect {
            _ = try loadScenario(scenarioYAML(riskSharing: "include: schemes/no-such-scheme.yaml"))
        } throws: { error in
            guard let error = error as? ScenarioError else { return false }
            return error.path == "include" && error.message.contains("does not exist") && error.message.contains("no-such-scheme.yaml")
        }
    }

    @Test("Valid input is accepted and parties are listed bank first, in order of appearance")
    func partiesOrder() throws {
        let spec = try parseRiskSharing("""
        risk_sharing:
          parties: [central_budget]
          layers:
            - {type: guarantee, shares: {guarantor: 0.4, provincial: 0.3, bank: 0.2, local_government: 0.1}, overflow: [central_budget]}
            - {type: compensation_pool, payer: pool, initial_balance: 1, ratio: 0.3}
          subsidies:
            - {type: interest, payer: government, rate: 0.5}
        """)
        #expect(spec.parties == ["bank", "central_budget", "guarantor", "provincial", "local_government", "pool", "government"])
        #expect(spec.layerKeys == ["0", "1"])
    }
}
