@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport

/// Independent reference values for the statistical specifications.
enum Reference {
    /// P(D ≤ k) for the number of defaults D among n loans with PD `pd` and one Gaussian factor
    /// with asset correlation rho: ∫ φ(z) BinomialCDF(k; n, p(z)) dz by Simpson's rule on [-9, 9].
    static func conditionalBinomialCDF(_ k: Int, n: Int, pd: Double, rho: Double) -> Double {
        let c = GSL.normalQuantile(pd)
        return integrateOverNormal { z in
            let p = GSL.normalCDF((c - rho.squareRoot() * z) / (1 - rho).squareRoot())
            return GSL.binomialCDF(k, p: p, n: n)
        }
    }

    /// ∫ φ(z) f(z) dz by composite Simpson on [-9, 9] with 6000 intervals.
    static func integrateOverNormal(_ f: (Double) -> Double) -> Double {
        let m = 6000, a = -9.0, b = 9.0
        let h = (b - a) / Double(m)
        var sum = 0.0
        for i in 0...m {
            let z = a + Double(i) * h
            let weight: Double = (i == 0 || i == m) ? 1 : (i % 2 == 1 ? 4 : 2)
            sum += weight * GSL.normalDensity(z) * f(z)
        }
        return sum * h / 3
    }

    /// Vasicek large-portfolio q-quantile of the loss fraction: LGD·Φ((Φ⁻¹(PD) + √ρ Φ⁻¹(q)) / √(1-ρ)).
    static func vasicekQuantile(_ q: Double, pd: Double, rho: Double, lgd: Double = 1) -> Double {
        lgd * GSL.normalCDF((GSL.normalQuantile(pd) + rho.squareRoot() * GSL.normalQuantile(q)) / (1 - rho).squareRoot())
    }
}
