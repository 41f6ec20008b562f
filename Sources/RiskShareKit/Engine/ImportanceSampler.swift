import Foundation

/// Importance sampling toward a target loss: the factor shift μ and, for one-year horizons, the
/// Glasserman-Li exponential twist of conditional default probabilities.
///
/// Both change only how paths are drawn; each path's likelihood ratio (the density of the
/// original model over the sampling density) enters every statistic as a weight, so estimates
/// stay unbiased for any μ and θ. The choices below only decide how much variance is removed.
struct ImportancePlan: Sendable {
    /// Shift of each factor's yearly innovation.
    let shift: [Double]
    /// The exponential twist, when used.
    let twist: TwistPlan?

    init(settings: ImportanceSampling, book: LoanBook, economy: Economy, horizon: Int, thresholds: DefaultThresholds) {
        let lossWeight = (0..<book.count).map { book.exposure[$0] * book.lgd[$0].mean }
        // E[yearly loss | Z = z] without attrition, year-1 thresholds.
        func conditionalExpectedLoss(_ z: [Double]) -> Double {
            var total = 0.0
            for group in book.groups {
                let systematic = zip(group.loadings, z).reduce(0) { $0 + $1.0 * $1.1 }
                let weight = group.idiosyncraticWeight
                for i in group.range {
                    let c = thresholds.perLoan[thresholds.setForYear[0]][i]
                    let p = c == -.infinity ? 0 : (weight > 0 ? GSL.normalCDF((c - systematic) / weight) : (c > systematic ? 1 : 0))
                    total += lossWeight[i] * p
                }
            }
            return total
        }
        let factorCount = economy.factors.count
        // Direction of the shift: the loadings weighted by each loan's expected loss, so the
        // shift moves the factors that drive the portfolio's loss.
        var direction = [Double](repeating: 0, count: factorCount)
        for group in book.groups {
            let el = group.range.reduce(0.0) { $0 + lossWeight[$1] * book.pd[$1] }
            for f in 0..<factorCount { direction[f] += el * group.loadings[f] }
        }
        let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { direction = direction.map { $0 / norm } }
        var shift = [Double](repeating: 0, count: factorCount)
        if let explicit = settings.shift {
            shift = explicit
        } else if norm > 0 {
            var size = 0.0
            if let target = settings.targetLoss {
                // Smallest s with horizon × E[L | Z = -s·direction] ≥ target (bisection on [0, 8]).
                var lo = 0.0, hi = 8.0
                if Double(horizon) * conditionalExpectedLoss(direction.map { -hi * $0 }) < target { lo = hi }
                for _ in 0..<60 where hi - lo > 1e-6 {
                    let mid = (lo + hi) / 2
                    if Double(horizon) * conditionalExpectedLoss(direction.map { -mid * $0 }) >= target { hi = mid } else { lo = mid }
                }
                size = hi
            } else if let p = settings.targetProbability {
                size = GSL.normalQuantile(1 - p)
            }
            // Spread a multi-year shift over the years so the horizon total, not one year, is stressed.
            shift = direction.map { -size * $0 / Double(horizon).squareRoot() }
        }
        self.shift = shift
        if settings.twist && horizon == 1 {
            let target = settings.targetLoss ?? conditionalExpectedLoss(shift)
            twist = target > 0 ? TwistPlan(targetLoss: target, lossWeight: lossWeight) : nil
        } else {
            twist = nil
        }
    }
}

/// The Glasserman-Li (2005) exponential twist: given the factors, loan i defaults with
/// q_i = p_i e^{θcᵢ} / (1 + p_i (e^{θcᵢ} - 1)), where cᵢ = exposure × mean LGD and θ ≥ 0 makes
/// the conditional expected loss Σ cᵢ qᵢ equal to the target (θ = 0 when it already exceeds
/// it). The likelihood ratio is exp(-θ Σ cᵢ Dᵢ + ψ(θ)), ψ(θ) = Σ log(1 + pᵢ (e^{θcᵢ} - 1)).
/// LGDs are drawn from their original distribution, so the ratio involves defaults only.
struct TwistPlan: Sendable {
    let targetLoss: Double
    /// cᵢ / target, per loan: scaled so θ is of order 1.
    let scaledLoss: [Double]

    init(targetLoss: Double, lossWeight: [Double]) {
        self.targetLoss = targetLoss
        scaledLoss = lossWeight.map { $0 / targetLoss }
    }

    /// θ solving Σ cᵢ qᵢ(θ) = target by safeguarded Newton steps; 0 if Σ cᵢ pᵢ ≥ target.
    func theta(probabilities p: [Double]) -> Double {
        let c = scaledLoss
        var mean0 = 0.0, maximumLoss = 0.0
        for i in p.indices { mean0 += c[i] * p[i]; maximumLoss += c[i] * (p[i] > 0 ? 1 : 0) }
        if mean0 >= 1 || maximumLoss <= 1 { return 0 }
        var lo = 0.0, hi = Double.infinity, theta = 1.0
        for _ in 0..<100 {
            var f = -1.0, slope = 0.0
            for i in p.indices where p[i] > 0 {
                let e = exp(min(theta * c[i], 700))
                let q = p[i] * e / (1 - p[i] + p[i] * e)
                f += c[i] * q
                slope += c[i] * c[i] * q * (1 - q)
            }
            if abs(f) < 1e-10 { break }
            if f > 0 { hi = theta } else { lo = theta }
            var next = slope > 0 ? theta - f / slope : .nan
            if !(next > lo && next < hi) { next = hi.isFinite ? (lo + hi) / 2 : max(2 * theta, 1) }
            if abs(next - theta) < 1e-12 * max(1, theta) { theta = next; break }
            theta = next
        }
        return theta
    }
}
