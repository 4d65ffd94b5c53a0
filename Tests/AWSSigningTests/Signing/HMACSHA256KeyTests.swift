import Crypto
import Foundation
import Testing

@testable import AWSSigning

@Suite("HMAC-SHA256 with precomputed states")
struct HMACSHA256KeyTests {
    @Test(
        "The MAC is swift-crypto's for keys shorter than, equal to and longer than a block",
        arguments: [0, 1, 32, 63, 64, 65, 200])
    func matchesCrypto(keyLength: Int) {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let precomputed = HMACSHA256Key(key)
        for length in [0, 1, 55, 56, 64, 100, 1_000] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
            #expect(Array(precomputed.authenticationCode(for: message)) == expected)
            #expect(precomputed.isValidAuthenticationCode(expected, for: message))
            var forged = expected
            forged[length % forged.count] ^= 0x01
            #expect(!precomputed.isValidAuthenticationCode(forged, for: message))
            #expect(!precomputed.isValidAuthenticationCode(expected.dropLast(), for: message))
            #expect(!precomputed.isValidAuthenticationCode([], for: message))
        }
    }

    @Test("RFC 4231 test case 2 (short key) and 6 (key longer than a block)")
    func rfc4231() {
        let two = HMACSHA256Key(Array("Jefe".utf8)).authenticationCode(for: "what do ya want for nothing?".utf8)
        #expect(Hex.encode(two) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let six = HMACSHA256Key([UInt8](repeating: 0xAA, count: 131))
            .authenticationCode(for: "Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(Hex.encode(six) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }
}
