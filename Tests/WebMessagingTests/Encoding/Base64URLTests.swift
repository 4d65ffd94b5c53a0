import Foundation
import Testing
import WebMessaging

@Suite("Base64URL")
struct Base64URLTests {
    @Test(
        "RFC 4648's test vectors, without padding",
        arguments: [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ])
    func vectors(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test("The URL alphabet: - and _ where base64 has + and /")
    func urlAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test("Random bytes round-trip and match Foundation's base64 with the URL alphabet, unpadded")
    func matchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            let encoded = Base64URL.encode(bytes)
            #expect(encoded == expected)
            #expect(Base64URL.decode(encoded) == bytes)
        }
    }

    @Test(
        "Refused: padding, the standard alphabet's + and /, impossible lengths, non-canonical last characters",
        arguments: ["Zg==", "Zm+v", "Zm/v", "A", "Zm9vY", "Zh", "Zm9", "Zm8=", " Zg", "Zg\n"])
    func refused(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}
