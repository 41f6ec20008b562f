import Foundation
import Testing

@testable import RiskShareSupport

/// SHA-256 against the test vectors of NIST's "Secure Hashing" example values (FIPS 180-4,
/// SHA256.pdf and the CAVP short/long message examples).
struct SHA256Tests {
    @Test("the NIST example vectors hash to the published digests")
    func nistVectors() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test("one million 'a' characters hash to the NIST long-message digest")
    func millionA() {
        var digest = SHA256()
        digest.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(digest.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("the digest does not depend on how the input is cut into updates")
    func chunking() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var whole = SHA256()
        whole.update(bytes)
        let expected = whole.hexDigest()
        for cut in [1, 3, 63, 64, 65, 127, 500] {
            var pieces = SHA256()
            var start = 0
            while start < bytes.count {
                let end = min(start + cut, bytes.count)
                pieces.update(bytes[start..<end])
                start = end
            }
            #expect(pieces.hexDigest() == expected, "pieces of \(cut) bytes")
        }
        var sequence = SHA256()
        sequence.update(bytes.lazy.map { $0 })  // a non-contiguous sequence takes the copying path
        #expect(sequence.hexDigest() == expected)
    }
}
