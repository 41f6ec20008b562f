import CGSL

/// The minimum of a function of several variables by the Nelder-Mead downhill simplex method,
/// GSL's `nmsimplex2` (reflection, expansion, contraction and shrinking of a simplex of n + 1
/// points; O(n) work per step apart from the function).
///
/// The method uses no derivatives, so it suits functions that are only piecewise smooth, such as
/// Monte Carlo metrics on common random numbers or an exact penalty with kinks. The function may
/// be expensive (a whole simulation per call) and may throw; values are cached by argument, so a
/// point is never evaluated twice, and the number of distinct points evaluated is bounded by
/// `maxEvaluations` before any is evaluated.
///
/// Stopping rule: a search stops when GSL's simplex size (the root mean square distance of the
/// vertices from their centroid) falls below `sizeTolerance`; when the next point would exceed
/// `maxEvaluations`; or when it stalls: 5·(n + 1) new points in a row make no progress while the
/// simplex does not halve in size (progress is a new best point more than `sizeTolerance` away,
/// in some coordinate, from the best point at the last progress, with a value lower by more than
/// `progressTolerance`), or 5·(n + 1) steps in a row ask for no new point. (Along a plateau, or
/// a valley flat in one direction, the simplex does not shrink: it wanders, or reflects back and
/// forth between points it has already evaluated, for ever, while the best point stays put or
/// creeps by less than the tolerance. A simplex that keeps halving is converging, and is left to
/// reach the size tolerance.)
/// After a converged or stalled search the method restarts from the best point with a fresh
/// simplex of the initial steps (at most `restarts` times) and stops for good when a restart
/// finds nothing strictly lower: the simplex method can stall at a kink that is not a minimum,
/// and a fresh simplex usually gets it moving again.
package enum SimplexMinimizer {
    /// Why the search ended.
    package enum Stop: Sendable, Equatable {
        /// The simplex became smaller than the size tolerance and no restart improved on it.
        case converged
        /// 5·(n + 1) new points in a row made no progress (nor halved the simplex), or 5·(n + 1) steps in a row
        /// evaluated no new point (a plateau), and no restart improved.
        case stalled
        /// The evaluation budget was spent before convergence.
        case evaluationBudget
    }

    /// The outcome of a search.
    package struct Minimum: Sendable {
        /// The evaluated point with the lowest value (the first one on ties).
        package var point: [Double]
        package var value: Double
        /// Distinct points evaluated.
        package var evaluations: Int
        /// Simplex steps taken, over all restarts.
        package var iterations: Int
        /// Restarts made after the first convergence.
        package var restarts: Int
        /// The simplex size when the search stopped.
        package var size: Double
        package var stop: Stop
    }

    package enum Failure: Error, Sendable, Equatable {
        /// f was NaN or infinite at the point.
        case notFinite(point: [Double])
        /// The start, steps or limits are unusable (the text says which).
        case invalidSetup(String)
    }

    /// Minimises `f` starting from the simplex `start`, `start + steps[i]·eᵢ` (i = 0..<n).
    /// - Parameters:
    ///   - start: the first point; n = `start.count` ≥ 1 coordinates.
    ///   - steps: the initial simplex's edge along each coordinate; non-zero, may be negative.
    ///   - sizeTolerance: stop when the simplex size is below this (> 0), in the units of the
    ///     coordinates.
    ///   - maxEvaluations: at most this many distinct points are evaluated; at least n + 1.
    ///   - restarts: fresh simplices tried from the best point after convergence (≥ 0).
    ///   - progressTolerance: the decrease of the best value that counts as progress (≥ 0).
    ///   - f: the function; it may throw, and a non-finite value is an error.
    /// - Returns: the best point evaluated and why the search stopped.
    /// - Throws: `Failure` for an unusable setup or a non-finite value; any error `f` throws.
    package static func minimize(
        from start: [Double], steps: [Double], sizeTolerance: Double, maxEvaluations: Int,
        restarts: Int = 1, progressTolerance: Double = 0, _ f: ([Double]) throws -> Double
    ) throws -> Minimum {
        let n = start.count
        guard n >= 1, steps.count == n, steps.allSatisfy({ $0 != 0 && $0.isFinite }), start.allSatisfy(\.isFinite) else {
            throw Failure.invalidSetup("need at least one coordinate, a finite start and one finite non-zero step per coordinate")
        }
        guard sizeTolerance > 0 else { throw Failure.invalidSetup("the size tolerance must be positive") }
        guard maxEvaluations >= n + 1 else {
            throw Failure.invalidSetup("the evaluation budget must allow the first simplex (\(n + 1) points)")
        }
        guard restarts >= 0 else { throw Failure.invalidSetup("the number of restarts must not be negative") }
        guard progressTolerance >= 0 else { throw Failure.invalidSetup("the progress tolerance must not be negative") }

        // Errors thrown by f cannot cross the C call; the box carries them out, and it keeps
        // the budget: once spent, it answers new points with the worst value seen so far (so
        // the simplex never moves there) and the search stops after the current step.
        final class Box {
            let f: ([Double]) throws -> Double
            let budget: Int
            let tolerance: Double
            let progress: Double
            var cache: [[Double]: Double] = [:]
            var best: (point: [Double], value: Double)?
            var worst = -Double.infinity
            /// The best point at the last progress, and the new points evaluated since.
            var anchor: (point: [Double], value: Double)?
            var sinceProgress = 0
            var exhausted = false
            var error: Error?
            init(_ f: @escaping ([Double]) throws -> Double, budget: Int, tolerance: Double, progress: Double) {
                self.f = f
                self.budget = budget
                self.tolerance = tolerance
                self.progress = progress
            }
            func value(_ x: [Double]) -> Double {
                if let y = cache[x] { return y }
                if error != nil { return 0 }
                if cache.count >= budget {
                    exhausted = true
                    return worst.isFinite ? worst : 0
                }
                do {
                    let y = try f(x)
                    guard y.isFinite else { error = Failure.notFinite(point: x); return 0 }
                    cache[x] = y
                    worst = max(worst, y)
                    sinceProgress += 1
                    if best == nil || y < best!.value {
                        best = (x, y)
                        let moved = anchor.map { a in zip(a.point, x).contains { abs($0 - $1) > tolerance } && y < a.value - progress }
                        if moved ?? true {
                            anchor = (x, y)
                            sinceProgress = 0
                        }
                    }
                    return y
                } catch {
                    self.error = error
                    return 0
                }
            }
        }

        return try withoutActuallyEscaping(f) { f in
            let box = Box(f, budget: maxEvaluations, tolerance: sizeTolerance, progress: progressTolerance)
            GSL.installErrorHandler()
            guard let minimizer = gsl_multimin_fminimizer_alloc(riskshare_multimin_nmsimplex2(), n) else {
                throw GSLFailure(reason: "cannot allocate the simplex minimizer", code: Int32(GSL_ENOMEM), context: "minimisation")
            }
            defer { gsl_multimin_fminimizer_free(minimizer) }
            let x = gsl_vector_alloc(n)!, stepVector = gsl_vector_alloc(n)!
            defer { gsl_vector_free(x); gsl_vector_free(stepVector) }
            for i in 0..<n { gsl_vector_set(stepVector, i, steps[i]) }
            let unmanaged = Unmanaged.passUnretained(box)
            // GSL keeps the function's address for every later iteration, so it lives on the heap
            // (an `&function` argument is only valid during the one call that receives it).
            let function = UnsafeMutablePointer<gsl_multimin_function>.allocate(capacity: 1)
            defer { function.deallocate() }
            function.initialize(
                to: gsl_multimin_function(
                    f: { v, params in
                        let point = (0..<v!.pointee.size).map { gsl_vector_get(v, $0) }
                        return Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().value(point)
                    }, n: n, params: unmanaged.toOpaque()))

            var iterations = 0
            var restartsMade = 0
            var origin = start
            var size = Double.infinity
            while true {
                let before = box.best?.value
                box.anchor = box.best
                box.sinceProgress = 0
                for i in 0..<n { gsl_vector_set(x, i, origin[i]) }
                let status = withExtendedLifetime(box) { gsl_multimin_fminimizer_set(minimizer, function, x, stepVector) }
                if let error = box.error { throw error }
                if status != GSL_SUCCESS { try GSL.checkFailures(context: "starting the simplex minimizer") }
                size = gsl_multimin_fminimizer_size(minimizer)
                var idle = 0
                // The simplex size at the start of the current window: while the simplex keeps
                // halving it is converging, not stalled, even without a better point.
                var sizeMark = size
                var stalled = false
                while size >= sizeTolerance && !box.exhausted {
                    iterations += 1
                    let known = box.cache.count
                    let step = withExtendedLifetime(box) { gsl_multimin_fminimizer_iterate(minimizer) }
                    if let error = box.error { throw error }
                    if step != GSL_SUCCESS { try GSL.checkFailures(context: "iterating the simplex minimizer"); break }
                    size = gsl_multimin_fminimizer_size(minimizer)
                    idle = box.cache.count == known ? idle + 1 : 0
                    if size <= sizeMark / 2 {
                        sizeMark = size
                        box.sinceProgress = 0
                    }
                    if idle >= 5 * (n + 1) || box.sinceProgress >= 5 * (n + 1) { stalled = true; break }
                }
                let best = box.best!
                if box.exhausted {
                    return Minimum(
                        point: best.point, value: best.value, evaluations: box.cache.count, iterations: iterations,
                        restarts: restartsMade, size: size, stop: .evaluationBudget)
                }
                // A restart that found nothing lower ends the search (the first search always
                // counts as progress).
                let improved = before.map { best.value < $0 } ?? true
                if !improved || restartsMade >= restarts {
                    return Minimum(
                        point: best.point, value: best.value, evaluations: box.cache.count, iterations: iterations,
                        restarts: restartsMade, size: size, stop: stalled ? .stalled : .converged)
                }
                restartsMade += 1
                origin = best.point
            }
        }
    }
}
