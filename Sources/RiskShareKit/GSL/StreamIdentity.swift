/// Names one random stream of a run: the upper three 64-bit words of its Philox4x64-10 counter
/// (the lowest word numbers the stream's blocks of eight 32-bit numbers). Under one key (a seed),
/// two different identities own disjoint counter ranges, and Philox is a bijection of the
/// counter, so their numbers can never coincide or overlap, however many numbers each stream
/// draws (2⁶⁴ blocks each).
///
/// Layout of the counter words c1, c2, c3 (c0 is the block number):
///
/// | word | bits | field | range |
/// | --- | --- | --- | --- |
/// | c1 | 0-63 | index: the path in the run (or the block, the replicate) | 0 ..< 2⁶³ |
/// | c2 | 0-63 | year of the path | 0 ..< 2⁶³ |
/// | c3 | 32-63 | purpose (``Purpose``) | 1 ... 7 |
/// | c3 | 0-31 | segment | 0 ..< 2³² |
///
/// A field not used by a purpose is 0. ``Purpose/general`` alone uses c1 for a 64-bit stream
/// number; its purpose code still separates it from every other stream.
package struct StreamIdentity: Hashable, Sendable {
    /// What a stream's numbers are used for (bits 32-63 of c3).
    package enum Purpose: UInt64, CaseIterable, Sendable {
        /// A path's year: the systematic factors' innovations, then the t copula's mixing variable.
        case factors = 1
        /// A path's year and one segment: the draws that decide which of its loans default.
        case defaults = 2
        /// A path's year and one segment: the loss-given-default draws of its defaults.
        case lossGivenDefault = 3
        /// The random shift of one block's Sobol points (quasi-Monte Carlo).
        case quasiMonteCarloShift = 4
        /// The generated exposures of one segment (keyed by `portfolio.seed`).
        case portfolioExposures = 5
        /// One simulated default-rate history of a calibration coverage study.
        case calibrationHistory = 6
        /// A numbered stream for tests and tools outside the simulation.
        case general = 7
    }

    /// Largest segment number (the only field narrower than an `Int`).
    package static let maximumSegment = Int(UInt32.max)

    /// Counter words c1, c2 and c3.
    package let c1: UInt64
    package let c2: UInt64
    package let c3: UInt64

    /// The fields are checked here, except in optimised builds for the three per-path purposes,
    /// which the engine names several times per path: its paths and years are not negative by
    /// construction and it checks its segment count once (`PathSimulator.init`).
    @inline(__always) private init(purpose: Purpose, index: Int = 0, year: Int = 0, segment: Int = 0, checked: Bool = true) {
        if checked {
            precondition(index >= 0 && year >= 0, "stream index and year are not negative")
            precondition(segment >= 0 && segment <= Self.maximumSegment, "stream segment outside its field")
        } else {
            assert(index >= 0 && year >= 0 && segment >= 0 && segment <= Self.maximumSegment, "stream fields in range")
        }
        c1 = UInt64(truncatingIfNeeded: index)
        c2 = UInt64(truncatingIfNeeded: year)
        c3 = purpose.rawValue << 32 | UInt64(truncatingIfNeeded: segment)
    }

    private init(general stream: UInt64) {
        c1 = stream
        c2 = 0
        c3 = Purpose.general.rawValue << 32
    }

    /// The purpose encoded in c3.
    package var purpose: Purpose { Purpose(rawValue: c3 >> 32)! }

    /// Factor innovations of `path` (0-based, in the run) in `year` (1-based).
    @inline(__always) package static func factors(path: Int, year: Int) -> StreamIdentity {
        StreamIdentity(purpose: .factors, index: path, year: year, checked: false)
    }

    /// Default draws of the loans of `segment` (0-based) on `path` in `year`.
    @inline(__always) package static func defaults(path: Int, year: Int, segment: Int) -> StreamIdentity {
        StreamIdentity(purpose: .defaults, index: path, year: year, segment: segment, checked: false)
    }

    /// Loss-given-default draws of the defaults of `segment` on `path` in `year`.
    @inline(__always) package static func lossGivenDefault(path: Int, year: Int, segment: Int) -> StreamIdentity {
        StreamIdentity(purpose: .lossGivenDefault, index: path, year: year, segment: segment, checked: false)
    }

    /// The Sobol shift of path block `block`.
    package static func quasiMonteCarloShift(block: Int) -> StreamIdentity {
        StreamIdentity(purpose: .quasiMonteCarloShift, index: block)
    }

    /// Generated exposures of segment `segment`.
    package static func portfolioExposures(segment: Int) -> StreamIdentity {
        StreamIdentity(purpose: .portfolioExposures, segment: segment)
    }

    /// Simulated history `replicate` of a calibration coverage study.
    package static func calibrationHistory(replicate: Int) -> StreamIdentity {
        StreamIdentity(purpose: .calibrationHistory, index: replicate)
    }

    /// General-purpose stream number `stream` (tests, fuzzing, tools).
    package static func general(_ stream: UInt64) -> StreamIdentity {
        StreamIdentity(general: stream)
    }
}
