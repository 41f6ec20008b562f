@testable import RiskShareKit
@testable import RiskSharePipeline
import Testing

/// GSL's Nelder-Mead simplex behind the design search, and the map onto the unit box.
@Suite struct SimplexSearchTests {
    @Test("the simplex finds the minimum of Rosenbrock's function at (1, 1) from the textbook start (-1.2, 1)")
    func rosenbrock() throws {
        var calls = 0
        let minimum = try SimplexMinimizer.minimize(from: [-1.2, 1], steps: [0.5, 0.5], sizeTolerance: 1e-9, maxEvaluations: 5000) { v in
            calls += 1
            return 100 * (v[1] - v[0] * v[0]) * (v[1] - v[0] * v[0]) + (1 - v[0]) * (1 - v[0])
        }
        #expect(minimum.stop != .evaluationBudget)
        #expect(abs(minimum.point[0] - 1) < 1e-5 && abs(minimum.point[1] - 1) < 1e-5, "found \(minimum.point)")
        #expect(minimum.value < 1e-9)
        // Every point is evaluated once: calls of f are the distinct evaluations.
        #expect(calls == minimum.evaluations)
    }

    @Test("a kinked function |x - 0.3| + 2|y + 0.1| is minimised at its kink, and a restart that finds nothing lower ends the search")
    func kink() throws {
        let minimum = try SimplexMinimizer.minimize(from: [0, 0], steps: [0.25, 0.25], sizeTolerance: 1e-7, maxEvaluations: 2000, restarts: 3) { v in
            abs(v[0] - 0.3) + 2 * abs(v[1] + 0.1)
        }
        #expect(abs(minimum.point[0] - 0.3) < 1e-6 && abs(minimum.point[1] + 0.1) < 1e-6, "found \(minimum.point)")
        #expect(minimum.restarts >= 1 && minimum.restarts <= 3)
    }

    @Test("the evaluation budget is never exceeded, and its exhaustion is reported")
    func budget() throws {
        var calls = 0
        let minimum = try SimplexMinimizer.minimize(from: [3, 3, 3], steps: [1, 1, 1], sizeTolerance: 1e-12, maxEvaluations: 10) { v in
            calls += 1
            return v.reduce(0) { $0 + $1 * $1 }
        }
        #expect(calls == 10)
        #expect(minimum.evaluations == 10)
        #expect(minimum.stop == .evaluationBudget)
        #expect(minimum.value < 27)
    }

    @Test("on a plateau the search ends although the simplex does not shrink: it stalls among points already evaluated")
    func plateau() throws {
        // A step function flat around the start: the simplex reflects back and forth between
        // two points of equal value, which GSL's method would do forever.
        let minimum = try SimplexMinimizer.minimize(from: [0.2], steps: [-0.025], sizeTolerance: 1e-6, maxEvaluations: 1000) { v in
            v[0] < 0.1 ? 0 : 1
        }
        #expect(minimum.stop != .evaluationBudget)
        #expect(minimum.evaluations < 100)
        let flat = try SimplexMinimizer.minimize(from: [0.5, 0.5], steps: [0.25, 0.25], sizeTolerance: 1e-6, maxEvaluations: 1000) { _ in 1 }
        #expect(flat.stop != .evaluationBudget && flat.evaluations < 200)
    }

    @Test("errors thrown by the function, non-finite values and unusable settings stop the search")
    func failures() throws {
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            _ = try SimplexMinimizer.minimize(from: [0], steps: [1], sizeTolerance: 1e-6, maxEvaluations: 100) { v in
                if v[0] > 0.5 { throw Boom() }
                return -v[0]
            }
        }
        #expect(throws: SimplexMinimizer.Failure.notFinite(point: [1])) {
            _ = try SimplexMinimizer.minimize(from: [0], steps: [1], sizeTolerance: 1e-6, maxEvaluations: 100) { v in v[0] == 1 ? .nan : v[0] }
        }
        #expect(throws: SimplexMinimizer.Failure.self) {
            _ = try SimplexMinimizer.minimize(from: [0, 0], steps: [1, 1], sizeTolerance: 1e-6, maxEvaluations: 2) { $0[0] }
        }
        #expect(throws: SimplexMinimizer.Failure.self) {
            _ = try SimplexMinimizer.minimize(from: [0], steps: [0], sizeTolerance: 1e-6, maxEvaluations: 10) { $0[0] }
        }
    }

    @Test("reflection folds every real number into [0, 1], continuously, reaching both walls exactly")
    func reflection() {
        let cases: [(Double, Double)] = [(0, 0), (0.25, 0.25), (1, 1), (1.25, 0.75), (2, 0), (2.5, 0.5), (-0.25, 0.25), (-1, 1), (-1.5, 0.5), (7.1, 0.9)]
        for (z, u) in cases { #expect(abs(BoxReflection.unit(z) - u) < 1e-12, "u(\(z)) = \(BoxReflection.unit(z)), expected \(u)") }
        var previous = BoxReflection.unit(-3)
        for k in 1...6000 {
            let u = BoxReflection.unit(-3 + Double(k) * 0.001)
            #expect(u >= 0 && u <= 1)
            #expect(abs(u - previous) <= 0.001 + 1e-12)
            previous = u
        }
        #expect(BoxReflection.firstStep(from: 0.9, size: 0.25) == -0.25)
        #expect(BoxReflection.firstStep(from: 0, size: 0.25) == 0.25)
    }

    @Test("a parameter maps the unit interval onto its box, exactly at the ends, to 12 significant digits inside")
    func parameterBox() throws {
        let p = try DesignParameter(parsing: "risk_sharing.layers[type=compensation_pool].ratio=0.1:0.7")
        #expect(p.path.description == "risk_sharing.layers[type=compensation_pool].ratio")
        #expect(p.value(atUnit: 0) == 0.1 && p.value(atUnit: 1) == 0.7)
        #expect(p.value(atUnit: 0.5) == 0.4)
        #expect(p.value(atUnit: 0.9999999999999998) == 0.7)
        #expect(abs(p.unit(of: 0.4) - 0.5) < 1e-15)
        #expect(p.unit(of: 2) == 1)
    }
}
