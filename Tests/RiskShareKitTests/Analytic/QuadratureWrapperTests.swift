import Foundation
@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The GSL quadrature wrappers integrate what they promise.
@Suite struct AnalyticQuadratureWrapperTests {
    @Test("an 8-point Gauss-Legendre rule integrates x^15 exactly on [-1, 2]")
    func gaussLegendreIsExactForPolynomials() {
        let rule = GSL.gaussLegendreRule(order: 8, from: -1, to: 2)
        let value = zip(rule.nodes, rule.weights).reduce(0.0) { $0 + $1.1 * Foundation.pow($1.0, 15) }
        #expect(abs(value - (Foundation.pow(2.0, 16) - 1) / 16) <= 1e-10 * 4096)
        #expect(abs(rule.weights.reduce(0, +) - 3) <= 1e-14)
    }

    @Test("adaptive integration of the normal density over [-9, 9] gives 1 - 2Φ(-9), and ∫ z²φ = 1")
    func adaptiveIntegration() throws {
        let mass = try GSL.integrate(from: -9, to: 9) { GSL.normalDensity($0) }
        #expect(abs(mass.value - (1 - 2 * GSL.normalCDF(-9))) <= 1e-14)
        let variance = try GSL.integrate(from: -12, to: 12) { $0 * $0 * GSL.normalDensity($0) }
        #expect(abs(variance.value - 1) <= 1e-12)
    }

    @Test("a tolerance GSL cannot meet is reported as an error, not an abort")
    func unreachableToleranceThrows() {
        #expect(throws: GSLFailure.self) {
            _ = try GSL.integrate(from: 0, to: 1, relativeTolerance: 1e-15, maximumIntervals: 3) { 1 / $0.squareRoot() }
        }
    }
}
