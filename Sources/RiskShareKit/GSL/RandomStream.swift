import CGSL
import CPhilox
import Foundation

/// One stream of pseudo-random numbers and the draws the simulation needs from it.
///
/// The generator is Philox4x64-10 (Salmon et al., SC'11), counter-based: the stream's key is
/// (seed, 0) and its place in the 256-bit counter space is a ``StreamIdentity`` (path, year,
/// purpose, segment), so every stream of a run is fixed by what it is used for, never by the
/// order in which numbers were consumed before it. Moving to another stream (`reset(to:)`)
/// costs O(1): the counter words are set and the block's unused numbers are dropped.
///
/// The generator is also a GSL generator type, so GSL's distributions (ziggurat Gaussian,
/// binomial, chi-square) draw from the same state and sequence as the inline uniforms below.
/// A stream is owned by one worker and never shared between threads, which is why it is not
/// `Sendable`.
package final class RandomStream {
    private let rng: UnsafeMutablePointer<gsl_rng>
    private let state: UnsafeMutablePointer<riskshare_philox_state>
    /// Key word 0: the run's (or the portfolio's, or the study's) seed; key word 1 is 0.
    package let seed: UInt64

    /// The stream `identity` under key `seed`, at its first number.
    package init(seed: UInt64, identity: StreamIdentity) {
        let type = riskshare_philox_gsl_type().assumingMemoryBound(to: gsl_rng_type.self)
        rng = gsl_rng_alloc(type)
        state = rng.pointee.state.assumingMemoryBound(to: riskshare_philox_state.self)
        self.seed = seed
        reset(to: identity)
    }

    /// General-purpose stream number `stream` under key `seed` (tests and tools; the simulation
    /// names its streams by purpose).
    package convenience init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed, identity: .general(stream))
    }

    deinit { gsl_rng_free(rng) }

    /// Moves to the first number of stream `identity` (same key): O(1).
    @inline(__always) package func reset(to identity: StreamIdentity) {
        riskshare_philox_reset(state, seed, 0, identity.c1, identity.c2, identity.c3)
    }

    /// The next 32 bits of the stream.
    package func word() -> UInt32 { riskshare_philox_next(state) }

    /// The next 32 bits through GSL's generator interface, the call GSL's distributions make.
    package func gslWord() -> UInt { gsl_rng_get(rng) }

    /// GSL's name for the generator type.
    package var gslName: String { String(cString: gsl_rng_name(rng)) }

    /// Uniform on [0, 1), 32 random bits.
    @inline(__always) package func uniform() -> Double { riskshare_philox_uniform(state) }

    /// Standard normal draw (GSL's ziggurat).
    package func gaussian() -> Double { gsl_ran_gaussian_ziggurat(rng, 1.0) }

    /// Chi-square draw with `dof` degrees of freedom.
    package func chiSquare(_ dof: Double) -> Double { gsl_ran_chisq(rng, dof) }

    /// Binomial(n, p) draw.
    package func binomial(n: Int, p: Double) -> Int {
        if p <= 0 || n <= 0 { return 0 }
        if p >= 1 { return n }
        return Int(gsl_ran_binomial(rng, p, UInt32(n)))
    }

    /// Number of Bernoulli(p) trials up to and including the first success (≥ 1), used to jump
    /// straight to the next defaulting loan: 1 + ⌊log(u) / log(1 - p)⌋ for a uniform u on (0, 1)
    /// with logarithm `logUniform`, given `logOneMinusP` = log(1 - p) < 0; at most 10^15.
    @inline(__always) package static func geometricGap(logUniform: Double, logOneMinusP: Double) -> Int {
        // The quotient is positive (u < 1, p > 0), so truncation is the floor: converting it
        // directly saves a call to floor(), which baseline x86-64 cannot do inline.
        let quotient = logUniform / logOneMinusP
        return quotient < 1e15 - 1 ? Int(quotient) + 1 : Int(1e15)
    }

    /// The next nonzero 32-bit number: times 2⁻³², the uniform on (0, 1) of a geometric gap
    /// (numbers equal to zero skipped, as GSL's `gsl_rng_uniform_pos`).
    @inline(__always) package func positiveWord() -> UInt32 {
        var word: UInt32
        repeat { word = riskshare_philox_next(state) } while word == 0
        return word
    }

    /// Log-normal draw with the given median and log-scale sigma.
    package func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * gsl_ran_gaussian_ziggurat(rng, 1.0))
    }
}

/// SplitMix64 finaliser: a bijective 64-bit mixer, used to hash (seed, path, year, position)
/// for the order of a year's defaults.
package enum SplitMix64 {
    /// Mixes `x` so that nearby inputs give unrelated outputs.
    package static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
