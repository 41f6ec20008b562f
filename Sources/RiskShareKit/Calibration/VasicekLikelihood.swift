import Foundation
import RiskShareSupport

/// The log-likelihood of the one-factor Vasicek model for a yearly default series, with years
/// independent (each year has its own factor Z ~ N(0, 1)).
///
/// A loan defaults when sqrt(ρ)·Z + sqrt(1-ρ)·ε < Φ⁻¹(PD), so given Z = z the year's default
/// probability is p(z) = Φ((Φ⁻¹(PD) - sqrt(ρ)·z) / sqrt(1-ρ)).
/// - Rates (large portfolio: the year's rate is p(Z)): the Vasicek density
///   f(x) = sqrt((1-ρ)/ρ) · exp(y²/2 - (sqrt(1-ρ)·y - Φ⁻¹(PD))² / (2ρ)), y = Φ⁻¹(x).
/// - Counts (finite book of n loans): the binomial mixture
///   P(D = d) = ∫ φ(z) · C(n, d) · p(z)^d · (1 - p(z))^(n-d) dz, integrated with GSL's adaptive
///   Gauss-Kronrod rule over the range where the integrand is within e^-60 of its peak.
public struct VasicekLikelihood: Sendable {
    public let series: DefaultRateSeries

    public init(series: DefaultRateSeries) { self.series = series }

    /// Σ over years of the log density (rates) or log probability (counts).
    /// - Parameters:
    ///   - pd: the long-run annual PD, in (0, 1).
    ///   - rho: the asset correlation, in (0, 1) for rates and [0, 1) for counts.
    /// - Returns: the log-likelihood (natural logarithm), possibly -∞ where the data are impossible.
    /// - Throws: a GSL failure from the numerical integration of the binomial mixture.
    public func logLikelihood(pd: Double, rho: Double) throws -> Double {
        switch series.observations {
        case .rates(let rates):
            return rates.reduce(0) { $0 + Self.rateLogDensity($1, pd: pd, rho: rho) }
        case .counts(let defaults, let loans):
            var total = 0.0
            for (d, n) in zip(defaults, loans) { total += try Self.countLogProbability(defaults: d, loans: n, pd: pd, rho: rho) }
            return total
        }
    }

    /// log f(x) of the Vasicek large-portfolio density of the default rate x ∈ (0, 1).
    public static func rateLogDensity(_ x: Double, pd: Double, rho: Double) -> Double {
        let y = GSL.normalQuantile(x), c = GSL.normalQuantile(pd)
        let r = (1 - rho).squareRoot() * y - c
        return 0.5 * log((1 - rho) / rho) + 0.5 * y * y - r * r / (2 * rho)
    }

    /// log P(D = d) of the binomial mixture for a book of n loans.
    public static func countLogProbability(defaults d: Int, loans n: Int, pd: Double, rho: Double) throws -> Double {
        let mixture = CountIntegrand(defaults: d, loans: n, pd: pd, rho: rho)
        let peak = try mixture.peak()
        let top = mixture.logValue(peak)
        let (lower, upper) = mixture.range(peak: peak, top: top, drop: 60)
        // Split at the peak so that each half is monotone.
        let left = try GSL.integrate(from: lower, to: peak, relativeTolerance: 1e-12, maximumIntervals: 500) {
            exp(mixture.logValue($0) - top)
        }
        let right = try GSL.integrate(from: peak, to: upper, relativeTolerance: 1e-12, maximumIntervals: 500) {
            exp(mixture.logValue($0) - top)
        }
        return top + log(left.value + right.value)
    }
}

/// g(z) = log φ(z) + log C(n, d) + d·log p(z) + (n-d)·log(1 - p(z)), the log of the binomial
/// mixture's integrand. Both log Φ terms are concave in z, so g is concave: one peak, found as
/// the root of g', and monotone on each side of it.
struct CountIntegrand {
    let d: Double
    let n: Double
    let c: Double
    /// sqrt(ρ / (1 - ρ)): how fast the conditional PD's probit moves with the factor.
    let slope: Double
    let scale: Double
    let logChoose: Double

    init(defaults: Int, loans: Int, pd: Double, rho: Double) {
        d = Double(defaults)
        n = Double(loans)
        c = GSL.normalQuantile(pd)
        slope = (rho / (1 - rho)).squareRoot()
        scale = 1 / (1 - rho).squareRoot()
        logChoose = GSL.logGamma(n + 1) - GSL.logGamma(d + 1) - GSL.logGamma(n - d + 1)
    }

    /// The probit of p(z).
    func a(_ z: Double) -> Double { c * scale - slope * z }

    func logValue(_ z: Double) -> Double {
        let a = a(z)
        var g = -0.5 * z * z - 0.918_938_533_204_672_7 + logChoose
        if d > 0 { g += d * GSL.logNormalCDF(a) }
        if n > d { g += (n - d) * GSL.logNormalCDF(-a) }
        return g
    }

    /// g'(z) = -z - slope·(d·λ(a) - (n-d)·λ(-a)), λ(x) = φ(x)/Φ(x) the inverse Mills ratio.
    func derivative(_ z: Double) -> Double {
        let a = a(z)
        func mills(_ x: Double) -> Double { exp(-0.5 * x * x - 0.918_938_533_204_672_7 - GSL.logNormalCDF(x)) }
        var inner = 0.0
        if d > 0 { inner += d * mills(a) }
        if n > d { inner -= (n - d) * mills(-a) }
        return -z - slope * inner
    }

    /// The z where g peaks (g' = 0): Newton steps on g' (g'' < 0 everywhere) kept inside a
    /// bracket where g' changes sign, bisecting whenever a step would leave it.
    func peak() throws -> Double {
        if slope == 0 { return 0 }
        var lower = -1.0, upper = 1.0
        while derivative(lower) < 0, lower > -1e6 { lower *= 2 }
        while derivative(upper) > 0, upper < 1e6 { upper *= 2 }
        var z = 0.5 * (lower + upper)
        for _ in 0..<200 {
            let slopeHere = derivative(z)
            guard slopeHere.isFinite else { break }
            if slopeHere > 0 { lower = z } else { upper = z }
            var next = z - slopeHere / curvature(z)
            if !(next > lower && next < upper) { next = 0.5 * (lower + upper) }
            if abs(next - z) <= 1e-12 * (1 + abs(z)) { return next }
            z = next
        }
        guard z.isFinite else {
            throw CalibrationFailure(message: "cannot locate the peak of the binomial-mixture integrand (d = \(Int(d)), n = \(Int(n)))")
        }
        return z
    }

    /// g''(z) = -1 + slope²·(d·λ'(a) + (n-d)·λ'(-a)), with λ'(x) = -λ(x)·(x + λ(x)) < 0.
    func curvature(_ z: Double) -> Double {
        let a = a(z)
        func millsSlope(_ x: Double) -> Double {
            let l = exp(-0.5 * x * x - 0.918_938_533_204_672_7 - GSL.logNormalCDF(x))
            return -l * (x + l)
        }
        var inner = 0.0
        if d > 0 { inner += d * millsSlope(a) }
        if n > d { inner += (n - d) * millsSlope(-a) }
        return -1 + slope * slope * inner
    }

    /// An interval around the peak outside which g is more than `drop` below its top. It is
    /// grown from twice the peak's width (1/sqrt(-g'')) so that the quadrature sees the peak
    /// however narrow it is; the integrand left out is below e^-drop of the peak and, g being
    /// concave, falls off at least exponentially, so the omitted mass is negligible.
    func range(peak: Double, top: Double, drop: Double) -> (Double, Double) {
        let width = 1 / (-curvature(peak)).squareRoot()
        func edge(_ direction: Double) -> Double {
            var distance = 2 * width
            while logValue(peak + direction * distance) > top - drop, distance < 1e6 { distance *= 1.5 }
            return peak + direction * distance
        }
        return (edge(-1), edge(1))
    }
}
