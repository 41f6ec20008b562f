import Foundation

/// The Basel IRB risk-weight function for corporate exposures not in default, as printed in
/// Basel II (BCBS, June 2006 comprehensive version) paragraphs 272 (correlation, maturity
/// adjustment, capital requirement K), 273 (SME firm-size adjustment) and, through the
/// parameters, 285 (PD floor 0.03%) and 44 (scaling factor 1.06); Basel III (CRE31, CRE32.4)
/// keeps the same function with a 0.05% floor and no scaling factor.
///
///     R = 0.12·w + 0.24·(1 - w) - SME,   w = (1 - e^(-50·PD)) / (1 - e^(-50))
///     SME = 0.04·(1 - (S - 5)/45), S = annual sales in EUR millions clamped to [5, 50] (none when S ≥ 50)
///     b = (0.11852 - 0.05478·ln PD)²
///     K = [LGD·Φ((Φ⁻¹(PD) + sqrt(R)·Φ⁻¹(0.999)) / sqrt(1 - R)) - PD·LGD] · (1 + (M - 2.5)·b) / (1 - 1.5·b)
///     risk weight = K · 12.5 · scaling
///
/// with M the effective maturity clamped to [1, 5] years (Basel II paragraph 320).
public struct IRBRiskWeight: Sendable, Equatable {
    /// Lowest PD used, e.g. 0.0003 (Basel II ¶285) or 0.0005 (Basel III CRE32.4).
    public var pdFloor: Double
    /// Multiplier of K·12.5: 1.06 under Basel II ¶44, 1 under Basel III and as printed in ¶272.
    public var scalingFactor: Double

    public init(pdFloor: Double, scalingFactor: Double) {
        self.pdFloor = pdFloor
        self.scalingFactor = scalingFactor
    }

    /// Asset correlation R for a PD (already floored) and annual sales in EUR millions (nil: no
    /// firm-size adjustment).
    public static func correlation(pd: Double, salesEURMillions: Double?) -> Double {
        let w = (1 - exp(-50 * pd)) / (1 - exp(-50))
        var r = 0.12 * w + 0.24 * (1 - w)
        if let sales = salesEURMillions, sales < 50 {
            let s = max(sales, 5)
            r -= 0.04 * (1 - (s - 5) / 45)
        }
        return r
    }

    /// The maturity adjustment's slope b(PD).
    public static func maturitySlope(pd: Double) -> Double {
        let x = 0.11852 - 0.05478 * log(pd)
        return x * x
    }

    /// The capital requirement K per unit of exposure, before 12.5 and the scaling factor.
    /// - Parameters:
    ///   - pd: the annual PD in [0, 1]; floored at `pdFloor`. A PD of 1 (in default) gives 0 here:
    ///     the defaulted-exposure rule (LGD minus best-estimate expected loss) is not modelled.
    ///   - lgd: the expected loss given default in [0, 1].
    ///   - maturityYears: effective maturity M in years; clamped to [1, 5].
    ///   - salesEURMillions: annual sales for the SME adjustment, or nil.
    /// - Returns: K, a fraction of the exposure in [0, 1].
    public func capitalRequirement(pd: Double, lgd: Double, maturityYears: Double, salesEURMillions: Double?) -> Double {
        if pd >= 1 { return 0 }
        let p = max(pd, pdFloor)
        let r = Self.correlation(pd: p, salesEURMillions: salesEURMillions)
        let b = Self.maturitySlope(pd: p)
        let m = min(max(maturityYears, 1), 5)
        let conditional = GSL.normalCDF((GSL.normalQuantile(p) + r.squareRoot() * GSL.normalQuantile(0.999)) / (1 - r).squareRoot())
        return (lgd * conditional - p * lgd) * (1 + (m - 2.5) * b) / (1 - 1.5 * b)
    }

    /// The risk weight K·12.5·scaling (1 = 100%).
    public func riskWeight(pd: Double, lgd: Double, maturityYears: Double, salesEURMillions: Double?) -> Double {
        capitalRequirement(pd: pd, lgd: lgd, maturityYears: maturityYears, salesEURMillions: salesEURMillions) * 12.5 * scalingFactor
    }
}
