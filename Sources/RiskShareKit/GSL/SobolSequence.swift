import CGSL

/// GSL's Sobol low-discrepancy sequence in a few dimensions, randomised by a shift modulo 1 so
/// that independent shifts give independent, unbiased replicates.
package final class SobolSequence {
    /// GSL's Sobol generator supports 40 dimensions; beyond that it silently returns zeros.
    package static let maximumDimension = 40

    private let generator: UnsafeMutablePointer<gsl_qrng>
    private let shift: [Double]
    private var point: [Double]
    package let dimension: Int

    /// Quasi-random dimensions a scenario needs: one per factor and year, plus one per year for
    /// the t copula's mixing variable.
    package static func dimensions(factors: Int, years: Int, studentT: Bool) -> Int {
        (factors + (studentT ? 1 : 0)) * years
    }

    /// A sequence in `dimension` dimensions (1...40) shifted by `shift` (one uniform per dimension).
    package init(dimension: Int, shift: [Double]) {
        precondition(dimension >= 1 && dimension <= Self.maximumDimension && shift.count == dimension)
        self.dimension = dimension
        generator = gsl_qrng_alloc(riskshare_qrng_sobol(), UInt32(dimension))
        self.shift = shift
        point = Array(repeating: 0, count: dimension)
    }

    deinit { gsl_qrng_free(generator) }

    /// The next point, shifted modulo 1 and kept strictly inside (0, 1).
    package func next() -> [Double] {
        point.withUnsafeMutableBufferPointer { _ = gsl_qrng_get(generator, $0.baseAddress) }
        for d in 0..<dimension {
            var x = point[d] + shift[d]
            if x >= 1 { x -= 1 }
            point[d] = min(max(x, 1e-16), 1 - 1e-16)
        }
        return point
    }
}
