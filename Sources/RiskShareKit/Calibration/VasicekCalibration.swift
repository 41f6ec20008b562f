import Foundation
import RiskShareSupport

/// Maximum-likelihood calibration of the one-factor Vasicek model (PD and asset correlation ρ)
/// to a yearly default series, as documented in Scenarios/README.md ("Calibrating PD and ρ").
///
/// The likelihood (`VasicekLikelihood`) is maximised over θ = (logit PD, logit ρ) by GSL's
/// Nelder-Mead simplex, restarted once from its optimum. Standard errors come from the
/// observed information, the numerical Hessian of -log L in θ at the optimum (central
/// differences with Richardson extrapolation), carried to the natural scale by the delta
/// method: se(PD) = PD(1-PD)·sqrt(V₁₁), se(ρ) = ρ(1-ρ)·sqrt(V₂₂), V the inverse Hessian. The 95%
/// intervals are profile-likelihood intervals: the values ψ with
/// 2·(log L̂ - max_other log L(ψ, other)) ≤ χ²₁(0.95), their ends found by GSL's Brent root
/// finder, the inner maximisation by GSL's Brent minimiser.
public enum VasicekCalibration {
    /// ρ is searched in this range; an interval end on a bound is reported open.
    public static let rhoBounds: ClosedRange<Double> = 1e-6...0.99
    /// The PD is searched in this range.
    public static let pdBounds: ClosedRange<Double> = 1e-8...(1 - 1e-8)
    /// Fewer years than this never identify ρ (see the coverage study in Scenarios/README.md).
    public static let minimumIdentifyingYears = 7
    /// Confidence level of the profile intervals.
    public static let level = 0.95

    /// Fits PD and ρ to `series`.
    public static func fit(_ series: DefaultRateSeries) throws -> VasicekFit {
        if case .rates(let rates) = series.observations {
            let probits = rates.map(GSL.normalQuantile)
            if probits.allSatisfy({ $0 == probits[0] }) {
                throw ScenarioError(
                    file: series.file, path: series.convertedFromNPL ? "column npl_ratio" : "column default_rate",
                    line: nil, value: nil,
                    message:
                        "is the same in every year; the large-portfolio likelihood then grows without bound as rho goes to 0, so rho cannot be fitted (give defaults and loans to use the binomial likelihood)"
                )
            }
        }
        let problem = Problem(likelihood: VasicekLikelihood(series: series))
        let start = problem.startingPoint()
        // First a coarse simplex to 1e-7 in θ, then a polishing search from its best point to
        // 1e-9, which also stops when fifteen new points in a row lower the best value by no
        // more than 1e-14 relative: log L's own rounding then hides any further progress.
        let coarse = try SimplexMinimizer.minimize(
            from: start, steps: [0.5, 0.5], sizeTolerance: 1e-7, maxEvaluations: 8000, restarts: 0, problem.objective)
        let best = try SimplexMinimizer.minimize(
            from: coarse.point, steps: [0.05, 0.05], sizeTolerance: 1e-9, maxEvaluations: 8000, restarts: 0,
            progressTolerance: 1e-14 * max(1, abs(coarse.value)), problem.objective)
        guard coarse.stop != .evaluationBudget, best.stop != .evaluationBudget else {
            throw CalibrationFailure(message: "the likelihood maximisation of \(series.file) did not converge in 8000 evaluations")
        }
        let theta = problem.clamped(best.point)
        let logLikelihood = try problem.logLikelihood(theta)
        let pd = Problem.logistic(theta[0]), rho = Problem.logistic(theta[1])

        let rhoAtBound = theta[1] <= problem.limits[1].lowerBound + log(10.0) || theta[1] >= problem.limits[1].upperBound - 1e-6
        let errors = try standardErrors(problem, at: theta, rhoAtBound: rhoAtBound)
        let pdInterval = try profileInterval(problem, index: 0, at: theta, maximum: logLikelihood, thetaStderr: errors.theta[0])
        let rhoInterval = try profileInterval(problem, index: 1, at: theta, maximum: logLikelihood, thetaStderr: errors.theta[1])
        return VasicekFit(
            model: problem.model, pd: pd, rho: rho,
            pdStderr: errors.theta[0].map { pd * (1 - pd) * $0 },
            rhoStderr: errors.theta[1].map { rho * (1 - rho) * $0 },
            pdInterval: pdInterval, rhoInterval: rhoInterval, logLikelihood: logLikelihood,
            years: series.count, identification: identification(years: series.count, rhoInterval: rhoInterval))
    }

    /// The rule for "the series is too short to identify ρ": fewer than
    /// `minimumIdentifyingYears` years, or a profile likelihood of ρ so flat that its 95%
    /// interval reaches a search bound (it cannot exclude ρ ≈ 0, or it has no upper end).
    public static func identification(years: Int, rhoInterval: ProfileInterval) -> Identification {
        if years < minimumIdentifyingYears {
            return .notIdentified("the series has \(years) years; at least \(minimumIdentifyingYears) are needed to identify rho")
        }
        if rhoInterval.lowerIsOpen {
            return .notIdentified(
                "the profile likelihood of rho stays within 1.92 of its maximum down to rho = \(NumberFormat.plain(rhoBounds.lowerBound)): the yearly rates vary no more than binomial noise, so rho cannot be told apart from 0"
            )
        }
        if rhoInterval.upperIsOpen {
            return .notIdentified(
                "the profile likelihood of rho stays within 1.92 of its maximum up to rho = \(NumberFormat.plain(rhoBounds.upperBound)): the series does not bound rho from above"
            )
        }
        return .identified
    }

    /// Standard errors of θ = (logit PD, logit ρ) from the inverse of the numerical Hessian of
    /// -log L. When ρ sits at its search bound, ρ's error is not computed and the PD's comes
    /// from the PD's own information (ρ held at the bound).
    static func standardErrors(_ problem: Problem, at theta: [Double], rhoAtBound: Bool) throws -> (theta: [Double?], hessian: [[Double]]) {
        let h = try hessian(problem, at: theta)
        if rhoAtBound {
            return ([h[0][0] > 0 ? (1 / h[0][0]).squareRoot() : nil, nil], h)
        }
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0]
        guard h[0][0] > 0, h[1][1] > 0, det > 0 else { return ([nil, nil], h) }
        return ([(h[1][1] / det).squareRoot(), (h[0][0] / det).squareRoot()], h)
    }

    /// Hessian of -log L in θ by central differences, Richardson-extrapolated from steps h and
    /// h/2 (error O(h⁴)).
    static func hessian(_ problem: Problem, at theta: [Double]) throws -> [[Double]] {
        func f(_ x: [Double]) throws -> Double { -(try problem.logLikelihood(x)) }
        func differences(_ h: Double) throws -> [[Double]] {
            let center = try f(theta)
            var out = [[0.0, 0.0], [0.0, 0.0]]
            for i in 0..<2 {
                var plus = theta, minus = theta
                plus[i] += h
                minus[i] -= h
                out[i][i] = (try f(plus) - 2 * center + f(minus)) / (h * h)
            }
            let pp = try f([theta[0] + h, theta[1] + h]), pm = try f([theta[0] + h, theta[1] - h])
            let mp = try f([theta[0] - h, theta[1] + h]), mm = try f([theta[0] - h, theta[1] - h])
            out[0][1] = (pp - pm - mp + mm) / (4 * h * h)
            out[1][0] = out[0][1]
            return out
        }
        let coarse = try differences(0.02), fine = try differences(0.01)
        return (0..<2).map { i in (0..<2).map { j in (4 * fine[i][j] - coarse[i][j]) / 3 } }
    }

    /// The 95% profile-likelihood interval of parameter `index` (0 = PD, 1 = ρ), on the
    /// natural scale.
    static func profileInterval(
        _ problem: Problem, index: Int, at theta: [Double], maximum: Double,
        thetaStderr: Double?
    ) throws -> ProfileInterval {
        let threshold = GSL.chiSquareQuantile(level, dof: 1) / 2
        let other = 1 - index
        // Height of the profile below the maximum, minus the threshold: negative inside the interval.
        func deficit(_ psi: Double) throws -> Double {
            maximum - (try problem.profile(index: index, value: psi, start: theta[other])) - threshold
        }
        let limits = problem.limits[index]
        var ends: [(Double, Bool)] = []
        for direction in [-1.0, 1.0] {
            var step = max(2 * (thetaStderr ?? 0.25), 0.2)
            var inner = theta[index]
            var outer = min(max(theta[index] + direction * step, limits.lowerBound), limits.upperBound)
            var open = false
            while try deficit(outer) < 0 {
                if outer == limits.lowerBound || outer == limits.upperBound { open = true; break }
                inner = outer
                step *= 2
                outer = min(max(theta[index] + direction * step, limits.lowerBound), limits.upperBound)
            }
            if open {
                ends.append((outer, true))
            } else {
                let root = try RootFinder.brent(lower: inner, upper: outer, absoluteTolerance: 1e-9, deficit)
                ends.append((root.root, false))
            }
        }
        return ProfileInterval(
            lower: Problem.logistic(ends[0].0), upper: Problem.logistic(ends[1].0),
            lowerIsOpen: ends[0].1, upperIsOpen: ends[1].1)
    }
}

extension VasicekCalibration {
    /// The likelihood on the transformed scale θ = (logit PD, logit ρ), with the search bounds.
    struct Problem {
        let likelihood: VasicekLikelihood
        /// θ bounds: logit of `pdBounds` and `rhoBounds`.
        let limits: [ClosedRange<Double>] = [
            logit(VasicekCalibration.pdBounds.lowerBound)...logit(VasicekCalibration.pdBounds.upperBound),
            logit(VasicekCalibration.rhoBounds.lowerBound)...logit(VasicekCalibration.rhoBounds.upperBound),
        ]

        var model: VasicekFit.Model {
            if case .rates = likelihood.series.observations { return .largePortfolio }
            return .binomialMixture
        }

        static func logit(_ p: Double) -> Double { log(p / (1 - p)) }
        static func logistic(_ t: Double) -> Double { 1 / (1 + exp(-t)) }

        func clamped(_ theta: [Double]) -> [Double] {
            zip(theta, limits).map { min(max($0, $1.lowerBound), $1.upperBound) }
        }

        /// log L at θ (clamped to the bounds).
        func logLikelihood(_ theta: [Double]) throws -> Double {
            let t = clamped(theta)
            return try likelihood.logLikelihood(pd: Self.logistic(t[0]), rho: Self.logistic(t[1]))
        }

        /// -log L at the clamped θ plus a quadratic penalty for the distance outside the bounds,
        /// so the simplex is pushed back inside instead of wandering on a flat plateau.
        func objective(_ theta: [Double]) throws -> Double {
            let t = clamped(theta)
            let outside = zip(theta, t).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            let value = -(try likelihood.logLikelihood(pd: Self.logistic(t[0]), rho: Self.logistic(t[1])))
            return value + 100 * outside
        }

        /// A start from the moments of the probit rates: if Φ⁻¹(rate) ~ N(μ, s²), then
        /// ρ = s²/(1+s²) and Φ⁻¹(PD) = μ·sqrt(1-ρ) (exact for the large-portfolio model).
        func startingPoint() -> [Double] {
            let rates: [Double]
            switch likelihood.series.observations {
            case .rates(let x): rates = x
            case .counts(let d, let n): rates = zip(d, n).map { (Double($0) + 0.5) / (Double($1) + 1) }
            }
            let probits = rates.map(GSL.normalQuantile)
            let mean = GSL.mean(probits)
            let variance = probits.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(probits.count)
            let rho = min(max(variance / (1 + variance), 0.02), 0.5)
            let pd = min(max(GSL.normalCDF(mean * (1 - rho).squareRoot()), 1e-6), 0.5)
            return [Self.logit(pd), Self.logit(rho)]
        }

        /// The profile log-likelihood: log L maximised over the other parameter with parameter
        /// `index` held at θ = `value`, starting the search from θ_other = `start`.
        func profile(index: Int, value: Double, start: Double) throws -> Double {
            func objective(_ other: Double) throws -> Double {
                var theta = [0.0, 0.0]
                theta[index] = value
                theta[1 - index] = other
                return try self.objective(theta)
            }
            return -(try VasicekCalibration.minimizeAlongLine(start: start, step: 0.25, objective))
        }
    }

    /// The minimum of a one-dimensional function: a bracket is grown downhill from `start` by
    /// golden-ratio steps, then GSL's Brent minimiser narrows it to 1e-9. A flat function (no
    /// strict bracket) returns its value at `start`.
    static func minimizeAlongLine(start: Double, step: Double, _ f: (Double) throws -> Double) throws -> Double {
        let golden = 1.618_033_988_749_895
        var a = start, fa = try f(a)
        var b = start + step, fb = try f(b)
        if !(fb < fa) {
            let c = start - step, fc = try f(c)
            if !(fc < fa) {
                guard fa < fb, fa < fc else { return min(fa, fb, fc) }
                return try BrentMinimizer.minimize(lower: c, middle: a, upper: b, absoluteTolerance: 1e-9, f).value
            }
            b = c
            fb = fc
        }
        var c = b + golden * (b - a), fc = try f(c)
        var expansions = 0
        while fc < fb {
            expansions += 1
            if expansions > 80 { return fc }
            a = b; fa = fb
            b = c; fb = fc
            c = b + golden * (b - a)
            fc = try f(c)
        }
        do {
            return try BrentMinimizer.minimize(lower: min(a, c), middle: b, upper: max(a, c), absoluteTolerance: 1e-9, f).value
        } catch BrentMinimizer.Failure.notBracketed {
            return min(fa, fb, fc)  // a tie at the far end: the plateau's value
        }
    }
}
