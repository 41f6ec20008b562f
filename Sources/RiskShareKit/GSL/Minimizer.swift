import CGSL

/// Minimisation with GSL: the Nelder-Mead simplex (`gsl_multimin_fminimizer_nmsimplex2`) in
/// several dimensions and Brent's method (`gsl_min_fminimizer_brent`) in one. The Swift closure
/// reaches the C callback through GSL's `params` pointer, and an error it throws is carried out
/// of the C call and rethrown; no unsafe pointer leaves this file.
package enum Minimizer {
    /// The result of a minimisation.
    package struct Minimum: Sendable {
        /// The best point found.
        public var point: [Double]
        /// f at `point`.
        public var value: Double
        /// Iterations of the GSL minimiser.
        public var iterations: Int
        /// Whether the stopping test was met before `maxIterations`.
        public var converged: Bool
    }

    package enum Failure: Error, Sendable, Equatable {
        /// The start point (or the bracket's middle) has a NaN or infinite value.
        case notFiniteAtStart
        /// `bracketMiddle` is not below both bracket ends.
        case notBracketed
    }

    /// Carries the objective and the first error it threw through GSL's `void *params`.
    private final class Box {
        let f: ([Double]) throws -> Double
        var error: Error?
        init(_ f: @escaping ([Double]) throws -> Double) { self.f = f }

        func value(_ x: [Double]) -> Double {
            if error != nil { return .nan }
            do {
                let y = try f(x)
                // The simplex treats +∞ as "worse than anything" correctly; NaN would poison it.
                return y.isNaN ? .infinity : y
            } catch {
                self.error = error
                return .nan
            }
        }
    }

    /// Minimises f over Rⁿ by the Nelder-Mead simplex started at `start` with initial side
    /// lengths `step`. It has converged when the simplex's characteristic size falls below
    /// `sizeTolerance` (GSL's `gsl_multimin_test_size`), or, with `stallIterations` > 0, when the
    /// best value has not fallen by more than `valueTolerance`·max(1, |value|) in that many
    /// steps (the simplex then only shuffles within f's rounding noise or along a flat ridge);
    /// it stops unconverged after `maxIterations` steps.
    /// - Parameters:
    ///   - start: the first vertex, n ≥ 1 coordinates.
    ///   - step: initial simplex step per coordinate (same count as `start`, each > 0).
    ///   - f: the objective; it may return +∞ for points outside its domain, and may throw.
    package static func simplex(
        start: [Double], step: [Double], sizeTolerance: Double = 1e-10, maxIterations: Int = 5000,
        valueTolerance: Double = 0, stallIterations: Int = 0,
        _ f: ([Double]) throws -> Double
    ) throws -> Minimum {
        precondition(!start.isEmpty && step.count == start.count, "start and step need the same, positive dimension")
        GSL.installErrorHandler()
        return try withoutActuallyEscaping(f) { f in
            let box = Box(f)
            let n = start.count
            let first = box.value(start)
            if let error = box.error { throw error }
            guard first.isFinite else { throw Failure.notFiniteAtStart }
            guard let minimizer = gsl_multimin_fminimizer_alloc(riskshare_multimin_nmsimplex2(), n),
                let x = gsl_vector_alloc(n), let steps = gsl_vector_alloc(n)
            else {
                throw GSLFailure(reason: "cannot allocate the simplex minimiser", code: Int32(GSL_ENOMEM), context: "minimising")
            }
            defer { gsl_multimin_fminimizer_free(minimizer); gsl_vector_free(x); gsl_vector_free(steps) }
            for i in 0..<n {
                gsl_vector_set(x, i, start[i])
                gsl_vector_set(steps, i, step[i])
            }
            // GSL keeps the function's address for every later iteration, so it lives on the heap
            // (an `&function` argument is only valid during the one call).
            let function = UnsafeMutablePointer<gsl_multimin_function>.allocate(capacity: 1)
            defer { function.deallocate() }
            function.initialize(
                to: gsl_multimin_function(
                    f: { v, params in
                        let box = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
                        let point = (0..<Int(v!.pointee.size)).map { gsl_vector_get(v, $0) }
                        return box.value(point)
                    },
                    n: n, params: Unmanaged.passUnretained(box).toOpaque()))
            let status = withExtendedLifetime(box) { gsl_multimin_fminimizer_set(minimizer, function, x, steps) }
            if let error = box.error { throw error }
            if status != GSL_SUCCESS { try GSL.checkFailures(context: "starting the simplex minimiser") }
            var iterations = 0
            var converged = false
            var reference = gsl_multimin_fminimizer_minimum(minimizer), stalled = 0
            while iterations < maxIterations {
                iterations += 1
                let step = withExtendedLifetime(box) { gsl_multimin_fminimizer_iterate(minimizer) }
                if let error = box.error { throw error }
                if step != GSL_SUCCESS { try GSL.checkFailures(context: "iterating the simplex minimiser"); break }
                if gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimizer), sizeTolerance) == GSL_SUCCESS {
                    converged = true
                    break
                }
                let value = gsl_multimin_fminimizer_minimum(minimizer)
                if value < reference - valueTolerance * max(1, abs(reference)) {
                    reference = value
                    stalled = 0
                } else if stallIterations > 0 {
                    stalled += 1
                    if stalled >= stallIterations { converged = true; break }
                }
            }
            let best = gsl_multimin_fminimizer_x(minimizer)
            let point = (0..<n).map { gsl_vector_get(best, $0) }
            return Minimum(point: point, value: gsl_multimin_fminimizer_minimum(minimizer), iterations: iterations, converged: converged)
        }
    }

    /// Minimises f on [lower, upper] by Brent's method, given a middle point below both ends
    /// (f(middle) < f(lower) and f(middle) < f(upper)), stopping when the bracket is narrower
    /// than `absoluteTolerance + relativeTolerance·|x|`.
    package static func brent(
        lower: Double, middle: Double, upper: Double, absoluteTolerance: Double,
        relativeTolerance: Double = 0, maxIterations: Int = 200,
        _ f: (Double) throws -> Double
    ) throws -> Minimum {
        GSL.installErrorHandler()
        return try withoutActuallyEscaping(f) { f in
            let box = Box { try f($0[0]) }
            let fLower = box.value([lower]), fMiddle = box.value([middle]), fUpper = box.value([upper])
            if let error = box.error { throw error }
            guard fMiddle.isFinite else { throw Failure.notFiniteAtStart }
            guard fMiddle < fLower, fMiddle < fUpper else { throw Failure.notBracketed }
            guard let minimizer = gsl_min_fminimizer_alloc(riskshare_min_brent()) else {
                throw GSLFailure(reason: "cannot allocate the Brent minimiser", code: Int32(GSL_ENOMEM), context: "minimising")
            }
            defer { gsl_min_fminimizer_free(minimizer) }
            let function = UnsafeMutablePointer<gsl_function>.allocate(capacity: 1)
            defer { function.deallocate() }
            function.initialize(
                to: gsl_function(
                    function: { x, params in
                        Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().value([x])
                    }, params: Unmanaged.passUnretained(box).toOpaque()))
            let status = withExtendedLifetime(box) {
                gsl_min_fminimizer_set_with_values(minimizer, function, middle, fMiddle, lower, fLower, upper, fUpper)
            }
            if let error = box.error { throw error }
            if status != GSL_SUCCESS { try GSL.checkFailures(context: "starting the Brent minimiser") }
            var iterations = 0
            var converged = false
            while iterations < maxIterations {
                iterations += 1
                let step = withExtendedLifetime(box) { gsl_min_fminimizer_iterate(minimizer) }
                if let error = box.error { throw error }
                if step != GSL_SUCCESS { try GSL.checkFailures(context: "iterating the Brent minimiser"); break }
                let lo = gsl_min_fminimizer_x_lower(minimizer), hi = gsl_min_fminimizer_x_upper(minimizer)
                if gsl_min_test_interval(lo, hi, absoluteTolerance, relativeTolerance) == GSL_SUCCESS {
                    converged = true
                    break
                }
            }
            return Minimum(
                point: [gsl_min_fminimizer_x_minimum(minimizer)], value: gsl_min_fminimizer_f_minimum(minimizer),
                iterations: iterations, converged: converged)
        }
    }
}
