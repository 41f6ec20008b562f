import Testing

@testable import RiskShareKit

/// The generator behind every random stream: Philox4x64-10 checked against its authors' known
/// answers, and the streams built on it.
@Suite struct PhiloxStreamTests {
    /// Known-answer vectors of Philox4x64 with 10 rounds: counter (4 words), key (2 words),
    /// expected output (4 words).
    /// The first three are the `philox4x64 10` lines of `kat_vectors` in Random123, the reference
    /// implementation by D. E. Shaw Research that accompanies Salmon et al., "Parallel random
    /// numbers: as easy as 1, 2, 3" (SC'11) (github.com/DEShawResearch/random123). The last two
    /// are from the extended table generated from Random123 in github.com/girving/random123-manual,
    /// `examples/kat_vectors`: the lines `philox4x64 10 0000000000000001 0 0 0   1 0` and
    /// `philox4x64 10 243f6a8885a308d3 ... 0 8000000000000000`.
    static let knownAnswers: [(counter: (UInt64, UInt64, UInt64, UInt64), key: (UInt64, UInt64), expected: [UInt64])] = [
        (
            (0, 0, 0, 0), (0, 0),
            [0x1655_4D9E_CA36_314C, 0xDB20_FE9D_672D_0FDC, 0xD7E7_72CE_E186_176B, 0x7E68_B68A_EC7B_A23B]
        ),
        (
            (.max, .max, .max, .max), (.max, .max),
            [0x87B0_92C3_013F_E90B, 0x438C_3C67_BE8D_0224, 0x9CC7_D7C6_9CD7_77B6, 0xA09C_AEBF_594F_0BA0]
        ),
        (
            (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89),
            (0x4528_21E6_38D0_1377, 0xBE54_66CF_34E9_0C6C),
            [0xA528_F454_03E6_1D95, 0x38C7_2DBD_566E_9788, 0xA5A1_610E_72FD_18B5, 0x57BD_43B5_E52B_7FE6]
        ),
        (
            (1, 0, 0, 0), (1, 0),
            [0x4DB6_A27B_7562_82DF, 0xD944_FA03_BABE_0E2F, 0x27F8_72E5_7706_0D32, 0x07F6_9769_6A04_82A2]
        ),
        (
            (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89),
            (0, 0x8000_0000_0000_0000),
            [0x79B0_012F_A80E_5AD7, 0x15B8_1F9B_F706_CC38, 0x6586_B680_2EA9_BA1C, 0x1BBA_4AC8_4773_9BCA]
        ),
    ]

    @Test("Philox4x64-10 reproduces the published known-answer vectors")
    func knownAnswerVectors() {
        for vector in Self.knownAnswers {
            #expect(Philox4x64.block(counter: vector.counter, key: vector.key) == vector.expected)
        }
    }

    @Test("a stream's numbers are the halves of the Philox blocks of its counter words, in order, under key (seed, 0)")
    func streamIsCounterLayout() {
        let seed: UInt64 = 0x0123_4567_89AB_CDEF
        let identity = StreamIdentity.defaults(path: 77_777, year: 3, segment: 5)
        let stream = RandomStream(seed: seed, identity: identity)
        var expected: [UInt32] = []
        for block in UInt64(0)..<5 {
            for word in Philox4x64.block(counter: (block, identity.c1, identity.c2, identity.c3), key: (seed, 0)) {
                expected += [UInt32(truncatingIfNeeded: word), UInt32(truncatingIfNeeded: word >> 32)]
            }
        }
        #expect((0..<40).map { _ in stream.word() } == expected)
        #expect(identity.c1 == 77_777)
        #expect(identity.c2 == 3)
        #expect(identity.c3 == StreamIdentity.Purpose.defaults.rawValue << 32 | 5)
    }

    @Test("GSL's generator interface and the inline draws share one sequence")
    func gslInterfaceSharesTheSequence() {
        let a = RandomStream(seed: 42, identity: .factors(path: 3, year: 1))
        let b = RandomStream(seed: 42, identity: .factors(path: 3, year: 1))
        // Alternate the two ways of drawing on `a`; `b` draws inline only.
        let mixed = (0..<40).map { i in i % 3 == 0 ? UInt32(a.gslWord()) : a.word() }
        #expect(mixed == (0..<40).map { _ in b.word() })
        #expect(a.gslName == "philox4x64-10")
    }

    @Test("resetting returns to the first number of a stream, whatever was drawn before")
    func resetRestartsTheStream() {
        let stream = RandomStream(seed: 9, identity: .factors(path: 0, year: 1))
        let other = StreamIdentity.lossGivenDefault(path: 12, year: 2, segment: 1)
        stream.reset(to: other)
        let first = (0..<23).map { _ in stream.uniform() }
        _ = stream.gaussian()
        stream.reset(to: .factors(path: 1, year: 1))
        _ = stream.binomial(n: 1000, p: 0.3)
        stream.reset(to: other)
        #expect((0..<23).map { _ in stream.uniform() } == first)
    }

    @Test("identities at the edges of every field are all distinct, and distinct from other purposes")
    func identitiesAreDistinct() {
        let paths = [0, 1, Int.max]
        let years = [0, 1, Int.max]
        let segments = [0, 1, StreamIdentity.maximumSegment]
        var all: [StreamIdentity] = []
        for path in paths {
            for year in years where year > 0 {
                all.append(.factors(path: path, year: year))
                for segment in segments {
                    all.append(.defaults(path: path, year: year, segment: segment))
                    all.append(.lossGivenDefault(path: path, year: year, segment: segment))
                }
            }
            all.append(.quasiMonteCarloShift(block: path))
            all.append(.calibrationHistory(replicate: path))
        }
        for segment in segments { all.append(.portfolioExposures(segment: segment)) }
        for stream: UInt64 in [0, 1, UInt64(UInt32.max), UInt64(UInt32.max) + 1, .max] { all.append(.general(stream)) }
        let words = Set(all.map { [$0.c1, $0.c2, $0.c3] })
        #expect(words.count == all.count)
        #expect(all.allSatisfy { $0.c3 >> 32 == $0.purpose.rawValue })
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
