import CGSL

/// A root of a function of one variable on a bracketing interval, found with GSL's Brent-Dekker
/// solver (bisection safeguarded by secant and inverse quadratic steps).
///
/// The function may be expensive (a whole simulation per call) and may throw; values are cached
/// by argument so the bracket ends are never evaluated twice.
package enum RootFinder {
    /// The result: the final bracket [lower, upper] contains a sign change of f, and `root` is
    /// Brent's best estimate inside it.
    package struct Root: Sendable {
        public var root: Double
        public var lower: Double
        public var upper: Double
        public var iterations: Int
        /// Every evaluation, in call order.
        public var evaluations: [(x: Double, y: Double)]
    }

    package enum Failure: Error, Sendable, Equatable {
        /// f has the same (non-zero) sign at both ends.
        case notBracketed(fLower: Double, fUpper: Double)
        /// f was NaN or infinite at `x`.
        case notFinite(x: Double)
    }

    /// Finds x in [lower, upper] with f(x) = 0, stopping when the bracket is narrower than
    /// `absoluteTolerance + relativeTolerance·|x|` or after `maxIterations` Brent steps.
    package static func brent(
        lower: Double, upper: Double, absoluteTolerance: Double, relativeTolerance: Double = 0,
        maxIterations: Int = 100, _ f: (Double) throws -> Double
    ) throws -> Root {
        // Errors thrown by f cannot cross the C call; the box carries them out.
        final class Box {
            let f: (Double) throws -> Double
            var cache: [Double: Double] = [:]
            var order: [(x: Double, y: Double)] = []
            var error: Error?
            init(_ f: @escaping (Double) throws -> Double) { self.f = f }
            func value(_ x: Double) -> Double {
                if let y = cache[x] { return y }
                if error != nil { return 0 }
                do {
                    let y = try f(x)
                    cache[x] = y
                    order.append((x, y))
                    if !y.isFinite { error = Failure.notFinite(x: x); return 0 }
                    return y
                } catch {
                    self.error = error
                    return 0
                }
            }
        }
        return try withoutActuallyEscaping(f) { f in
            let box = Box(f)
            let fLower = box.value(lower)
            if let error = box.error { throw error }
            let fUpper = box.value(upper)
            if let error = box.error { throw error }
            if fLower == 0 { return Root(root: lower, lower: lower, upper: lower, iterations: 0, evaluations: box.order) }
            if fUpper == 0 { return Root(root: upper, lower: upper, upper: upper, iterations: 0, evaluations: box.order) }
            if (fLower < 0) == (fUpper < 0) { throw Failure.notBracketed(fLower: fLower, fUpper: fUpper) }

            GSL.installErrorHandler()
            guard let solver = gsl_root_fsolver_alloc(riskshare_root_brent()) else {
                throw GSLFailure(reason: "cannot allocate the Brent solver", code: Int32(GSL_ENOMEM), context: "root finding")
            }
            defer { gsl_root_fsolver_free(solver) }
            let unmanaged = Unmanaged.passUnretained(box)
            var function = gsl_function(
                function: { x, params in
                    Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().value(x)
                }, params: unmanaged.toOpaque())
            let status = gsl_root_fsolver_set(solver, &function, min(lower, upper), max(lower, upper))
            if let error = box.error { throw error }
            if status != GSL_SUCCESS { try GSL.checkFailures(context: "starting the Brent solver") }
            var iterations = 0
            var lo = min(lower, upper), hi = max(lower, upper)
            while iterations < maxIterations {
                iterations += 1
                let step = gsl_root_fsolver_iterate(solver)
                if let error = box.error { throw error }
                if step != GSL_SUCCESS { try GSL.checkFailures(context: "iterating the Brent solver"); break }
                lo = gsl_root_fsolver_x_lower(solver)
                hi = gsl_root_fsolver_x_upper(solver)
                if gsl_root_test_interval(lo, hi, absoluteTolerance, relativeTolerance) == GSL_SUCCESS { break }
            }
            return Root(root: gsl_root_fsolver_root(solver), lower: lo, upper: hi, iterations: iterations, evaluations: box.order)
        }
    }
}
