import Foundation
import Testing
@testable import RiskShareKit

/// The IRB corporate risk weight agrees with the Basel II published table and with the formula
/// of paragraphs 272-273 evaluated independently.
@Suite struct IRBRiskWeightTests {
    /// Basel II (June 2006), Annex 5 "Illustrative IRB risk weights", corporate exposures, LGD 45%,
    /// M = 2.5 years: (PD, risk weight at turnover €50m, risk weight at turnover €5m), as printed
    /// (percent with two decimals). The table is K × 12.5, without the 1.06 scaling factor.
    static let annex5: [(pd: Double, large: Double, sme: Double)] = [
        (0.0003, 14.44, 11.30), (0.0005, 19.65, 15.39), (0.0010, 29.65, 23.30), (0.0025, 49.47, 39.01),
        (0.0040, 62.72, 49.49), (0.0050, 69.61, 54.91), (0.0075, 82.78, 65.14), (0.0100, 92.32, 72.40),
        (0.0130, 100.95, 78.77), (0.0150, 105.59, 82.11), (0.0200, 114.86, 88.55), (0.0250, 122.16, 93.43),
    ]

    /// The printed values differ from an exact evaluation of ¶272 by up to 0.006 points, in both
    /// directions (e.g. 72.3947 is printed 72.40, 15.3958 is printed 15.39), so agreement is asked to
    /// one unit of the last printed digit; the exact formula is checked to 1e-12 below.
    @Test("the risk weights of Basel II Annex 5 (LGD 45%, M 2.5, turnover 50m and 5m EUR) are reproduced to the printed 0.01%")
    func annexFive() {
        let irb = IRBRiskWeight(pdFloor: 0.0003, scalingFactor: 1)
        for row in Self.annex5 {
            let large = irb.riskWeight(pd: row.pd, lgd: 0.45, maturityYears: 2.5, salesEURMillions: 50) * 100
            let sme = irb.riskWeight(pd: row.pd, lgd: 0.45, maturityYears: 2.5, salesEURMillions: 5) * 100
            let none = irb.riskWeight(pd: row.pd, lgd: 0.45, maturityYears: 2.5, salesEURMillions: nil) * 100
            #expect(abs(large - row.large) <= 0.01, "PD \(row.pd): \(large)")
            #expect(abs(sme - row.sme) <= 0.01, "PD \(row.pd) SME: \(sme)")
            #expect(none == large)
        }
    }

    /// Paragraphs 272-273 written out directly with GSL's normal CDF and quantile.
    static func paragraph272(pd: Double, lgd: Double, m: Double, sales: Double?) -> Double {
        let w = (1 - Foundation.exp(-50 * pd)) / (1 - Foundation.exp(-50))
        var r = 0.12 * w + 0.24 * (1 - w)
        if let sales, sales < 50 { r -= 0.04 * (1 - (max(sales, 5) - 5) / 45) }
        let b = Foundation.pow(0.11852 - 0.05478 * Foundation.log(pd), 2)
        let n = GSL.normalCDF(Foundation.pow(1 - r, -0.5) * GSL.normalQuantile(pd) + Foundation.pow(r / (1 - r), 0.5) * GSL.normalQuantile(0.999))
        let k = (lgd * n - pd * lgd) * Foundation.pow(1 - 1.5 * b, -1) * (1 + (m - 2.5) * b)
        return k * 12.5
    }

    @Test("other PDs, LGDs, maturities and turnovers agree with paragraphs 272-273 evaluated directly, to 1e-12",
          arguments: [(0.004, 0.45, 1.0, nil), (0.02, 0.6, 4.0, 20.0), (0.08, 0.75, 3.0, 12.5), (0.15, 0.45, 2.0, 49.0),
                      (0.0007, 0.25, 5.0, nil)] as [(Double, Double, Double, Double?)])
    func formulaPoints(pd: Double, lgd: Double, maturity: Double, sales: Double?) {
        let irb = IRBRiskWeight(pdFloor: 0.0003, scalingFactor: 1)
        let value = irb.riskWeight(pd: pd, lgd: lgd, maturityYears: maturity, salesEURMillions: sales)
        let expected = Self.paragraph272(pd: pd, lgd: lgd, m: maturity, sales: sales)
        #expect(abs(value - expected) <= 1e-12 * expected)
    }

    @Test("the PD floor, the maturity bounds [1, 5], the sales bounds [5, 50] and the scaling factor apply as stated")
    func boundsAndScaling() {
        let basel2 = IRBRiskWeight(pdFloor: 0.0003, scalingFactor: 1.06)
        let plain = IRBRiskWeight(pdFloor: 0.0003, scalingFactor: 1)
        #expect(abs(basel2.riskWeight(pd: 0.01, lgd: 0.45, maturityYears: 2.5, salesEURMillions: nil) - 1.06 * 0.9232) < 1e-4)
        #expect(plain.riskWeight(pd: 0.00001, lgd: 0.45, maturityYears: 2.5, salesEURMillions: nil)
                == plain.riskWeight(pd: 0.0003, lgd: 0.45, maturityYears: 2.5, salesEURMillions: nil))
        let basel3 = IRBRiskWeight(pdFloor: 0.0005, scalingFactor: 1)
        #expect(abs(basel3.riskWeight(pd: 0.0003, lgd: 0.45, maturityYears: 2.5, salesEURMillions: nil) * 100 - 19.65) < 0.005)
        #expect(plain.riskWeight(pd: 0.02, lgd: 0.45, maturityYears: 0.25, salesEURMillions: nil)
                == plain.riskWeight(pd: 0.02, lgd: 0.45, maturityYears: 1, salesEURMillions: nil))
        #expect(plain.riskWeight(pd: 0.02, lgd: 0.45, maturityYears: 7, salesEURMillions: nil)
                == plain.riskWeight(pd: 0.02, lgd: 0.45, maturityYears: 5, salesEURMillions: nil))
        #expect(plain.riskWeight(pd: 0.02, lgd: 0.45, maturityYears: 2.5, salesEURMillions: 1)
                == plain.riskWeight(pd: 0.02, lgd: 0.45, maturityYears: 2.5, salesEURMillions: 5))
        #expect(plain.riskWeight(pd: 1, lgd: 0.45, maturityYears: 2.5, salesEURMillions: nil) == 0)
    }
}
