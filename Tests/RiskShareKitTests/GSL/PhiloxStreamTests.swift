import Testing

@testable import RiskShareKit

/// The generator behind every random stream: Philox4x32-10 checked against its authors' known
/// answers, and the streams built on it.
@Suite struct PhiloxStreamTests {
    /// Known-answer vectors of Philox4x32 with 10 rounds: counter (4 words), key (2 words),
    /// expected output (4 words).
    /// The first three are the `philox4x32 10` lines of `kat_vectors` in Random123, the reference
    /// implementation by D. E. Shaw Research that accompanies Salmon et al., "Parallel random
    /// numbers: as easy as 1, 2, 3" (SC'11) (github.com/DEShawResearch/random123). The last two
    /// are from the extended table generated from Random123 in github.com/girving/random123-manual,
    /// `examples/kat_vectors`, lines `philox4x32 10 00000001 ... 00000001 00000000` and
    /// `philox4x32 10 452821e6 ... 00000000 80000000`.
    static let knownAnswers: [(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32), expected: [UInt32])] = [
        ((0, 0, 0, 0), (0, 0), [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8]),
        (
            (0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF), (0xFFFF_FFFF, 0xFFFF_FFFF),
            [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD]
        ),
        (
            (0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344), (0xA409_3822, 0x299F_31D0),
            [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1]
        ),
        ((1, 0, 0, 0), (1, 0), [0xAC08_141B, 0xDFC5_CCBE, 0x79C0_7A47, 0xA7F6_6093]),
        (
            (0x4528_21E6, 0x38D0_1377, 0xBE54_66CF, 0x34E9_0C6C), (0, 0x8000_0000),
            [0x94CA_5566, 0x1492_4B2F, 0x2821_4292, 0x59FA_EAEE]
        ),
    ]

    @Test("Philox4x32-10 reproduces the published known-answer vectors")
    func knownAnswerVectors() {
        for vector in Self.knownAnswers {
            #expect(Philox4x32.block(counter: vector.counter, key: vector.key) == vector.expected)
        }
    }

    @Test("a stream's numbers are the Philox blocks of its counter words, in order, under the seed as key")
    func streamIsCounterLayout() {
        let seed: UInt64 = 0x0123_4567_89AB_CDEF
        let identity = StreamIdentity.defaults(path: 77_777, year: 3, segment: 5, group: 2)
        let stream = RandomStream(seed: seed, identity: identity)
        let key = (UInt32(0x89AB_CDEF), UInt32(0x0123_4567))
        var expected: [UInt32] = []
        for block in UInt32(0)..<3 {
            expected += Philox4x32.block(counter: (block, identity.c1, identity.c2, identity.c3), key: key)
        }
        #expect((0..<12).map { _ in stream.word() } == expected)
        #expect(identity.c1 == 77_777)
        #expect(identity.c2 == 3 << 24 | 5)
        #expect(identity.c3 == StreamIdentity.Purpose.defaults.rawValue << 28 | 2)
    }

    @Test("GSL's generator interface and the inline draws share one sequence")
    func gslInterfaceSharesTheSequence() {
        let a = RandomStream(seed: 42, identity: .factors(path: 3, year: 1))
        let b = RandomStream(seed: 42, identity: .factors(path: 3, year: 1))
        // Alternate the two ways of drawing on `a`; `b` draws inline only.
        let mixed = (0..<10).map { i in i % 3 == 0 ? UInt32(a.gslWord()) : a.word() }
        #expect(mixed == (0..<10).map { _ in b.word() })
        #expect(a.gslName == "philox4x32-10")
    }

    @Test("resetting returns to the first number of a stream, whatever was drawn before")
    func resetRestartsTheStream() {
        let stream = RandomStream(seed: 9, identity: .factors(path: 0, year: 1))
        let other = StreamIdentity.lossGivenDefault(path: 12, year: 2, segment: 0, group: 1)
        stream.reset(to: other)
        let first = (0..<7).map { _ in stream.uniform() }
        _ = stream.gaussian()
        stream.reset(to: .factors(path: 1, year: 1))
        _ = stream.binomial(n: 1000, p: 0.3)
        stream.reset(to: other)
        #expect((0..<7).map { _ in stream.uniform() } == first)
    }

    @Test("identities at the edges of every field are all distinct, and distinct from other purposes")
    func identitiesAreDistinct() {
        let paths = [0, 1, StreamIdentity.maximumIndex]
        let years = [0, 1, StreamIdentity.maximumYear]
        let segments = [0, 1, StreamIdentity.maximumSegment]
        let groups = [0, 1, StreamIdentity.maximumGroup]
        var all: [StreamIdentity] = []
        for path in paths {
            for year in years where year > 0 {
                all.append(.factors(path: path, year: year))
                for segment in segments {
                    for group in groups {
                        all.append(.defaults(path: path, year: year, segment: segment, group: group))
                        all.append(.lossGivenDefault(path: path, year: year, segment: segment, group: group))
                    }
                }
            }
            all.append(.quasiMonteCarloShift(block: path))
            all.append(.calibrationHistory(replicate: path))
        }
        for segment in segments { all.append(.portfolioExposures(segment: segment)) }
        for stream: UInt64 in [0, 1, UInt64(UInt32.max), UInt64(UInt32.max) + 1, .max] { all.append(.general(stream)) }
        let words = Set(all.map { [$0.c1, $0.c2, $0.c3] })
        #expect(words.count == all.count)
        #expect(all.allSatisfy { $0.c3 >> 28 == $0.purpose.rawValue })
    }

    @Test("uniforms have mean 1/2 and variance 1/12, Gaussians mean 0 and variance 1, within 5 standard errors")
    func momentsOfTheDraws() {
        let stream = RandomStream(seed: 2024, identity: .general(0))
        let n = 200_000
        var sum = 0.0, sumSquares = 0.0, gaussianSum = 0.0, gaussianSquares = 0.0
        for _ in 0..<n {
            let u = stream.uniform()
            sum += u
            sumSquares += u * u
            let z = stream.gaussian()
            gaussianSum += z
            gaussianSquares += z * z
        }
        let count = Double(n)
        // Var(U) = 1/12, Var(U²) = 1/5 - 1/9; Var(Z) = 1, Var(Z²) = 2.
        #expect(abs(sum / count - 0.5) <= 5 * (1.0 / 12 / count).squareRoot())
        #expect(abs(sumSquares / count - 1.0 / 3) <= 5 * ((1.0 / 5 - 1.0 / 9) / count).squareRoot())
        #expect(abs(gaussianSum / count) <= 5 * (1 / count).squareRoot())
        #expect(abs(gaussianSquares / count - 1) <= 5 * (2 / count).squareRoot())
    }
}
