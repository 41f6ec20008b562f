import Foundation
import RiskShareTestSupport
import Testing

@testable import RiskShareKit
@testable import RiskShareReports

/// The report's ES contributions against the one-factor large-book closed form
/// C_i(q) = EAD_i·LGD_i·Φ₂(Φ⁻¹(PD_i), Φ⁻¹(1 - q); √ρ_i) / (1 - q), end to end through the engine,
/// the waterfall's per-cell record and the report builder, for the gross loss and for the bank
/// behind a guarantee. With one factor and positive loadings every loss of the large book is
/// decreasing in the factor Z, so its tail beyond VaR_q is {Z ≤ Φ⁻¹(1 - q)} and a segment's
/// share of it is E[L_i; Z ≤ Φ⁻¹(1 - q)] / (1 - q), with E[1{default}; Z ≤ b] = Φ₂(Φ⁻¹(PD), b; a)
/// for the loading a = √ρ.
@Suite struct ContributionsClosedFormTests {
    /// Φ₂(h, k; r), the bivariate standard normal CDF with correlation r, by the formula of
    /// Sheppard as used by Drezner and Wesolowsky (1990, J. Statist. Comput. Simul. 35) and Genz
    /// (2004, Statistics and Computing 14, "Numerical computation of rectangular bivariate and
    /// trivariate normal and t probabilities"):
    /// Φ₂(h, k; r) = Φ(h)Φ(k) + 1/(2π) ∫₀^{asin r} exp(-(h² + k² - 2hk sin θ) / (2 cos² θ)) dθ,
    /// which follows from ∂Φ₂/∂r = φ₂(h, k; r) with r = sin θ. Integrated with GSL's adaptive
    /// quadrature; independent of the engine, which never evaluates Φ₂.
    static func bivariateNormalCDF(_ h: Double, _ k: Double, correlation r: Double) throws -> Double {
        let integral = try GSL.integrate(from: 0, to: asin(r)) { theta in
            let c = cos(theta)
            return exp(-(h * h + k * k - 2 * h * k * sin(theta)) / (2 * c * c))
        }.value
        return GSL.normalCDF(h) * GSL.normalCDF(k) + integral / (2 * Double.pi)
    }

    /// One homogeneous segment: loans, PD, factor loading, and per default the subject's loss
    /// and the segment part's loss in lattice units (integers).
    struct Segment {
        var loans: Int
        var pd: Double
        var loading: Double
        var unit: Int
    }

    /// Exact finite-book ES contributions of two segments at level q: conditional binomials given
    /// Z, Gauss-Legendre quadrature over Z, the loss on the integer lattice L = u_a·i + u_b·j, and
    /// the atom at VaR shared in proportion to E[L_i | L = VaR] (as the estimator shares ties).
    static func exact(_ a: Segment, _ b: Segment, q: Double) -> [Double] {
        let rule = GSL.gaussLegendreRule(order: 400, from: -10, to: 10)
        let size = a.loans * a.unit + b.loans * b.unit + 1
        var mass = [Double](repeating: 0, count: size)
        var partA = mass, partB = mass
        for (z, w) in zip(rule.nodes, rule.weights) {
            func conditional(_ s: Segment) -> [Double] {
                let p = GSL.normalCDF((GSL.normalQuantile(s.pd) - s.loading * z) / (1 - s.loading * s.loading).squareRoot())
                return (0...s.loans).map { GSL.binomialPMF($0, p: p, n: s.loans) }
            }
            let pa = conditional(a), pb = conditional(b)
            let density = w * GSL.normalDensity(z)
            for i in 0...a.loans where pa[i] > 1e-300 {
                for j in 0...b.loans where pb[j] > 1e-300 {
                    let p = density * pa[i] * pb[j]
                    let v = i * a.unit + j * b.unit
                    mass[v] += p
                    partA[v] += p * Double(i * a.unit)
                    partB[v] += p * Double(j * b.unit)
                }
            }
        }
        var cumulative = 0.0, k = 0
        while k < size - 1 && cumulative + mass[k] < q { cumulative += mass[k]; k += 1 }
        let atom = (cumulative + mass[k] - q) / mass[k]
        var shares = [atom * partA[k], atom * partB[k]]
        for v in (k + 1)..<size { shares[0] += partA[v]; shares[1] += partB[v] }
        return shares.map { $0 / (1 - q) }
    }

    @Test("Φ₂ by the Drezner-Wesolowsky formula agrees with integrating the factor out, and with Φ₂(0, 0; r) = 1/4 + asin(r)/(2π)")
    func bivariateNormal() throws {
        // Sheppard's closed form at the origin.
        for r in [0.1, 0.3, 0.5, 0.9] {
            #expect(abs(try Self.bivariateNormalCDF(0, 0, correlation: r) - (0.25 + asin(r) / (2 * Double.pi))) < 1e-12)
        }
        // P(X ≤ h, Z ≤ k) = ∫_{-∞}^{k} φ(z) Φ((h - r z) / sqrt(1 - r²)) dz.
        let (h, k, r) = (GSL.normalQuantile(0.05), GSL.normalQuantile(0.01), 0.3)
        let byFactor = try GSL.integrate(from: -12, to: k) { z in
            GSL.normalDensity(z) * GSL.normalCDF((h - r * z) / (1 - r * r).squareRoot())
        }.value
        #expect(abs(try Self.bivariateNormalCDF(h, k, correlation: r) - byFactor) < 1e-12)
    }

    @Test(
        "ES contributions of each segment to the gross loss and to the bank's loss agree with the closed form within 4 standard errors plus the exact finite-book bias"
    )
    func closedForm() throws {
        // Gross loss per default: 6 × 0.5 = 3 (a) and 20 × 0.25 = 5 (b). The guarantee leaves the
        // bank a third of a's losses: 1 per default.
        let (simulation, table) = try TestScenarios.run(
            """
            simulation: {paths: 40000, seed: 1357, horizon_years: 1}
            economy: {factors: [economy]}
            portfolio:
              segments:
                - {name: a, count: 800, exposure: 6, pd: 0.05, lgd: 0.5, loadings: {economy: 0.3}}
                - {name: b, count: 400, exposure: 20, pd: 0.1, lgd: 0.25, loadings: {economy: 0.5}}
            risk_sharing:
              layers:
                - {type: guarantee, segments: [a], shares: {bank: 0.3333333333333333, fund: 0.6666666666666667}}
            report: {quantiles: [0.95, 0.99]}
            """, threads: 2)
        let report = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 2, elapsedSeconds: 0))
        let contributions = try #require(report.contributions)
        let a = (loans: 800, pd: 0.05, loading: 0.3, lossPerDefault: 3.0)
        let b = (loans: 400, pd: 0.1, loading: 0.5, lossPerDefault: 5.0)
        // (subject, bank's share of a's losses, lattice units of a and b for the exact book)
        for (subject, shareOfA, unitA) in [("gross_loss", 1.0, 3), ("bank", 1.0 / 3, 1)] {
            let parts = try #require(contributions.subjects.first { $0.name == subject }?.breakdown("segment")?.parts)
            #expect(parts.map(\.name) == ["a", "b"])
            for (k, q) in contributions.levels.enumerated() {
                let tail = GSL.normalQuantile(1 - q)
                let limit = [
                    shareOfA * Double(a.loans) * a.lossPerDefault
                        * (try Self.bivariateNormalCDF(GSL.normalQuantile(a.pd), tail, correlation: a.loading)) / (1 - q),
                    Double(b.loans) * b.lossPerDefault
                        * (try Self.bivariateNormalCDF(GSL.normalQuantile(b.pd), tail, correlation: b.loading)) / (1 - q),
                ]
                let finite = Self.exact(
                    Segment(loans: a.loans, pd: a.pd, loading: a.loading, unit: unitA),
                    Segment(loans: b.loans, pd: b.pd, loading: b.loading, unit: 5), q: q)
                for i in 0..<2 {
                    let estimate = parts[i].expectedShortfall[k]
                    let bias = abs(finite[i] - limit[i])
                    #expect(
                        abs(estimate.value - limit[i]) <= 4 * estimate.stderr + bias,
                        "\(subject) segment \(parts[i].name) at \(q): \(estimate.value) ± \(estimate.stderr) vs limit \(limit[i]), bias \(bias)"
                    )
                    // The finite book itself is matched within 4 standard errors, and the band is
                    // narrow enough to fail: errors plus bias are under 15% of the contribution.
                    #expect(abs(estimate.value - finite[i]) <= 4 * estimate.stderr)
                    #expect(
                        4 * estimate.stderr + bias < 0.15 * limit[i], "\(subject) \(parts[i].name) \(q): band \(4 * estimate.stderr + bias)"
                    )
                }
            }
        }
    }
}
