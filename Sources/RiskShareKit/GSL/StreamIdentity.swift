/// Names one random stream of a run: the upper three 32-bit words of its Philox4x32-10 counter
/// (the lowest word counts the stream's blocks of four numbers). Under one key (a seed), two
/// different identities own disjoint counter ranges, and Philox is a bijection of the counter, so
/// their numbers can never coincide or overlap, however many numbers each stream draws.
///
/// Layout of the counter words c1, c2, c3 (c0 is the block number, 0 ..< 2³²):
///
/// | word | bits | field | range |
/// | --- | --- | --- | --- |
/// | c1 | 0-31 | index: the path in the run (or block, replicate) | 0 ..< 2³² |
/// | c2 | 24-31 | year of the path | 0 ... 255 |
/// | c2 | 0-23 | segment | 0 ..< 2²⁴ |
/// | c3 | 28-31 | purpose (``Purpose``) | 1 ... 15 |
/// | c3 | 0-27 | loan group within its segment | 0 ..< 2²⁸ |
///
/// A field not used by a purpose is 0. ``Purpose/general`` alone uses c1 and c2 together for a
/// 64-bit stream number; its purpose code still separates it from every other stream.
package struct StreamIdentity: Hashable, Sendable {
    /// What a stream's numbers are used for (bits 28-31 of c3).
    package enum Purpose: UInt32, CaseIterable, Sendable {
        /// A path's year: the systematic factors' innovations, then the t copula's mixing variable.
        case factors = 1
        /// A path's year and one loan group: the draws that decide which of its loans default.
        case defaults = 2
        /// A path's year and one loan group: the loss-given-default draws of its defaults.
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

    /// Largest value of each field.
    package static let maximumIndex = Int(UInt32.max)
    package static let maximumYear = 255
    package static let maximumSegment = (1 << 24) - 1
    package static let maximumGroup = (1 << 28) - 1

    /// Stops on a run whose streams would not fit the fields. The scenario's limits keep every
    /// run inside them (at most 10⁸ paths, 50 years, 10⁴ segments, 5 × 10⁷ loans); this
    /// states the dependence where the streams are named.
    package static func checkCapacity(paths: Int, years: Int, segments: Int, groupsPerSegment: Int) {
        precondition(paths - 1 <= maximumIndex, "\(paths) paths exceed the stream index field")
        precondition(years <= maximumYear, "\(years) years exceed the stream year field")
        precondition(segments - 1 <= maximumSegment, "\(segments) segments exceed the stream segment field")
        precondition(groupsPerSegment - 1 <= maximumGroup, "\(groupsPerSegment) groups in a segment exceed the stream group field")
    }

    /// Counter words c1, c2 and c3.
    package let c1: UInt32
    package let c2: UInt32
    package let c3: UInt32

    private init(purpose: Purpose, index: Int = 0, year: Int = 0, segment: Int = 0, group: Int = 0) {
        precondition((0...Self.maximumIndex).contains(index), "stream index \(index) outside 0...\(Self.maximumIndex)")
        precondition((0...Self.maximumYear).contains(year), "stream year \(year) outside 0...\(Self.maximumYear)")
        precondition((0...Self.maximumSegment).contains(segment), "stream segment \(segment) outside 0...\(Self.maximumSegment)")
        precondition((0...Self.maximumGroup).contains(group), "stream group \(group) outside 0...\(Self.maximumGroup)")
        c1 = UInt32(index)
        c2 = UInt32(year) << 24 | UInt32(segment)
        c3 = purpose.rawValue << 28 | UInt32(group)
    }

    private init(general stream: UInt64) {
        c1 = UInt32(truncatingIfNeeded: stream)
        c2 = UInt32(truncatingIfNeeded: stream >> 32)
        c3 = Purpose.general.rawValue << 28
    }

    /// The purpose encoded in c3.
    package var purpose: Purpose { Purpose(rawValue: c3 >> 28)! }

    /// Factor innovations of `path` (0-based, in the run) in `year` (1-based).
    package static func factors(path: Int, year: Int) -> StreamIdentity {
        StreamIdentity(purpose: .factors, index: path, year: year)
    }

    /// Default draws of loan group `group` (counted within `segment`, from 0) on `path` in `year`.
    package static func defaults(path: Int, year: Int, segment: Int, group: Int) -> StreamIdentity {
        StreamIdentity(purpose: .defaults, index: path, year: year, segment: segment, group: group)
    }

    /// Loss-given-default draws of loan group `group` of `segment` on `path` in `year`.
    package static func lossGivenDefault(path: Int, year: Int, segment: Int, group: Int) -> StreamIdentity {
        StreamIdentity(purpose: .lossGivenDefault, index: path, year: year, segment: segment, group: group)
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
