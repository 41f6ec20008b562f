@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// What the semi-analytic method cannot compute is refused with a ScenarioError that names the
/// key responsible, never answered approximately.
@Suite struct SemiAnalyticRefusalTests {
    static let segment = "    - {name: book, count: 100, exposure: 1.0e6, pd: 0.02, lgd: 0.5}"

    static func refusal(_ yaml: String, hasRiskSharing: Bool = false,
                        options: SemiAnalyticModel.Options = .init()) throws -> ScenarioError? {
        let scenario = try TestScenarios.load(yaml)
        do {
            _ = try SemiAnalyticModel.lossDistribution(scenario: scenario, hasRiskSharing: hasRiskSharing, options: options)
            return nil
        } catch let error as ScenarioError {
            return error
        }
    }

    @Test("two factors are refused at economy.factors")
    func moreThanOneFactor() throws {
        let error = try Self.refusal("economy: {factors: [economy, cluster]}\nportfolio:\n  segments:\n\(Self.segment)\n")
        #expect(error?.path == "economy.factors")
        #expect(error?.message.contains("one factor") == true)
    }

    @Test("the t copula is refused at economy.copula")
    func studentT() throws {
        let error = try Self.refusal("economy: {copula: t, dof: 5, factors: [economy]}\nportfolio:\n  segments:\n\(Self.segment)\n")
        #expect(error?.path == "economy.copula")
        #expect(error?.message.contains("Gaussian copula") == true)
    }

    @Test("a two-year horizon is refused at simulation.horizon_years")
    func multiYear() throws {
        let error = try Self.refusal("simulation: {horizon_years: 2}\nportfolio:\n  segments:\n\(Self.segment)\n")
        #expect(error?.path == "simulation.horizon_years")
        #expect(error?.value == "2")
    }

    @Test("risk sharing is refused at risk_sharing")
    func riskSharing() throws {
        let error = try Self.refusal("portfolio:\n  segments:\n\(Self.segment)\n", hasRiskSharing: true)
        #expect(error?.path == "risk_sharing")
    }

    @Test("a lattice beyond the memory limit is refused with its size, before any allocation")
    func latticeTooLarge() throws {
        let error = try Self.refusal("portfolio:\n  segments:\n\(Self.segment)\n", options: .init(step: 0.01))
        #expect(error?.path == "simulation.method")
        #expect(error?.message.contains("MiB") == true)
        #expect(error?.message.contains("coarser step") == true)
    }

    @Test("a Beta LGD is refused at the segment's lgd when discretisation is switched off")
    func betaRefusedWithoutDiscretisation() throws {
        let error = try Self.refusal("""
        portfolio:
          segments:
        \(Self.segment)
            - {name: beta, count: 10, exposure: 1.0e6, pd: 0.02, lgd: {mean: 0.5, sd: 0.2}}
        """, options: .init(lgdPoints: 0))
        #expect(error?.path == "portfolio.segments[1].lgd")
    }
}
