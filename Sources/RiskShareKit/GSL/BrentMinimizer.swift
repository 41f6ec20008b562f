import CGSL

/// Minimisation in one dimension with GSL's Brent method (`gsl_min_fminimizer_brent`); several
/// dimensions use ``SimplexMinimizer``. The Swift closure
/// reaches the C callback through GSL's `params` pointer, and an error it throws is carried out
/// of the C call and rethrown; no unsafe pointer leaves this file.
package enum BrentMinimizer {
    /// The result of a minimisation.
    package struct Minimum: Sendable {
        /// The best point found.
        public var point: Double
        /// f at `point`.
        public var value: Double
        /// Iterations of the GSL minimiser.
        public var iterations: Int
        /// Whether the stopping test was met before `maxIterations`.
        public var converged: Bool
    }

    package enum Failure: Error, Sendable, Equatable {
        /// The bracket's middle has a NaN or infinite value.
        case notFiniteAtStart
        /// `bracketMiddle` is not below both bracket ends.
        case notBracketed
    }

    /// Carries the objective and the first error it threw through GSL's `void *params`.
    private final class Box {
        let f: (Double) throws -> Double
        var error: Error?
        init(_ f: @escaping (Double) throws -> Double) { self.f = f }

        func value(_ x: Double) -> Double {
            if error != nil { return .nan }
            do {
                let y = try f(x)
                // Brent treats +∞ as "worse than anything" correctly; NaN would poison it.
                return y.isNaN ? .infinity : y
            } catch {
                self.error = error
                return .nan
            }
        }
    }

    /// Minimises f on [lower, upper] by Brent's method, given a middle point below both ends
    /// (f(middle) < f(lower) and f(middle) < f(upper)), stopping when the bracket is narrower
    /// than `absoluteTolerance + relativeTolerance·|x|`.
    package static func minimize(
        lower: Double, middle: Double, upper: Double, absoluteTolerance: Double,
        relativeTolerance: Double = 0, maxIterations: Int = 200,
        _ f: (Double) throws -> Double
    ) throws -> Minimum {
        GSL.installErrorHandler()
        return try withoutActuallyEscaping(f) { f in
            let box = Box(f)
            let fLower = box.value(lower), fMiddle = box.value(middle), fUpper = box.value(upper)
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
                        Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().value(x)
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
                point: gsl_min_fminimizer_x_minimum(minimizer), value: gsl_min_fminimizer_f_minimum(minimizer),
                iterations: iterations, converged: converged)
        }
    }
}
