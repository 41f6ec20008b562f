import CGSL
import Foundation

/// One independent stream of pseudo-random numbers (GSL's `taus2` generator) and the draws the
/// simulation needs from it. A stream is owned by one block of paths and never shared between
/// threads, which is why it is not `Sendable`.
package final class RandomStream {
    private let rng: UnsafeMutablePointer<gsl_rng>

    /// A stream whose state depends only on `seed` and `stream`: the same pair always gives the
    /// same numbers. `stream` distinguishes the blocks of one run.
    package init(seed: UInt64, stream: UInt64) {
        rng = gsl_rng_alloc(riskshare_rng_taus2())
        // taus2 seeds from 32 bits; mixing (seed, stream) through SplitMix64 spreads nearby
        // block indices over the whole seed space.
        let mixed = SplitMix64.mix(seed &+ SplitMix64.mix(stream &+ 0x9E37_79B9_7F4A_7C15))
        var seed32 = UInt(truncatingIfNeeded: (mixed >> 32) ^ (mixed & 0xFFFF_FFFF)) & 0xFFFF_FFFF
        if seed32 == 0 { seed32 = 1 }
        gsl_rng_set(rng, seed32)
    }

    deinit { gsl_rng_free(rng) }

    /// Uniform on [0, 1).
    package func uniform() -> Double { gsl_rng_uniform(rng) }

    /// Uniform on (0, 1): never exactly 0, safe under a logarithm.
    package func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// Standard normal draw (ziggurat).
    package func gaussian() -> Double { gsl_ran_gaussian_ziggurat(rng, 1.0) }

    /// Beta(a, b) draw.
    package func beta(_ a: Double, _ b: Double) -> Double { gsl_ran_beta(rng, a, b) }

    /// Chi-square draw with `dof` degrees of freedom.
    package func chiSquare(_ dof: Double) -> Double { gsl_ran_chisq(rng, dof) }

    /// Binomial(n, p) draw.
    package func binomial(n: Int, p: Double) -> Int {
        if p <= 0 || n <= 0 { return 0 }
        if p >= 1 { return n }
        return Int(gsl_ran_binomial(rng, p, UInt32(n)))
    }

    /// Number of Bernoulli(p) trials up to and including the first success (≥ 1), given
    /// `logOneMinusP` = log(1 - p) < 0. Used to jump straight to the next defaulting loan.
    package func geometricGap(logOneMinusP: Double) -> Int {
        let u = gsl_rng_uniform_pos(rng)
        let gap = (log(u) / logOneMinusP).rounded(.down) + 1
        return gap >= 1e15 ? Int(1e15) : Int(gap)
    }

    /// Log-normal draw with the given median and log-scale sigma.
    package func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * gsl_ran_gaussian_ziggurat(rng, 1.0))
    }
}

/// SplitMix64 finaliser: a bijective 64-bit mixer used to derive independent seeds.
package enum SplitMix64 {
    /// Mixes `x` so that nearby inputs give unrelated outputs.
    package static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
