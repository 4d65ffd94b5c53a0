import Testing

@testable import AWSSigning

@Suite("Strict UTF-8 decoding")
struct ValidUTF8Tests {
    /// Well-formed input, with the text it decodes to.
    static let wellFormed: [([UInt8], String)] = [
        ([], ""),
        (Array("invoice.pdf".utf8), "invoice.pdf"),
        ([0xC3, 0xA9], "é"),
        ([0xE2, 0x80, 0xAE], "\u{202E}"),
        ([0xEF, 0xBB, 0xBF, 0x61], "\u{FEFF}a"),
        ([0xF0, 0x9F, 0x93, 0x8E], "📎"),
        ([0xF4, 0x8F, 0xBF, 0xBF], "\u{10FFFF}"),
        ([0x00], "\u{0}"),
    ]

    /// Ill-formed input: overlong forms, surrogates, past U+10FFFF, truncated and stray bytes.
    static let illFormed: [[UInt8]] = [
        [0xC0, 0x80],
        [0xE0, 0x80, 0xAF],
        [0xED, 0xA0, 0x80],
        [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80],
        [0xE2, 0x82],
        [0x61, 0x80],
        [0xFF],
        [0x61, 0xF0, 0x9F, 0x93],
    ]

    @Test("well-formed bytes decode to their text", arguments: wellFormed)
    func decodes(bytes: [UInt8], text: String) {
        #expect(ValidUTF8.string(bytes) == text)
        #expect(ValidUTF8.isValid(bytes))
    }

    @Test("ill-formed bytes are refused, never repaired", arguments: illFormed)
    func refuses(bytes: [UInt8]) {
        #expect(ValidUTF8.string(bytes) == nil)
        #expect(!ValidUTF8.isValid(bytes))
    }

    @Test("the fallback for older systems agrees with the standard library's validator")
    func fallbackAgrees() {
        for (bytes, text) in Self.wellFormed {
            #expect(ValidUTF8.transcodedString(bytes) == text)
        }
        for bytes in Self.illFormed {
            #expect(ValidUTF8.transcodedString(bytes) == nil)
        }
        // Every single byte; every lead byte from 0xC0 with every second byte; for the 3- and
        // 4-byte leads (0xE0-0xF4) every second byte followed by the lowest and highest
        // continuation bytes, which covers overlong forms, surrogates and values past U+10FFFF.
        guard #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) else { return }
        var sequences: [[UInt8]] = (0...255).map { [UInt8($0)] }
        for first in 0xC0...0xFF {
            for second in 0x00...0xFF { sequences.append([UInt8(first), UInt8(second)]) }
        }
        for first in 0xE0...0xF4 {
            for second in 0x00...0xFF {
                for last in [0x80, 0xBF] {
                    let tail = first >= 0xF0 ? [UInt8(last), UInt8(last)] : [UInt8(last)]
                    sequences.append([UInt8(first), UInt8(second)] + tail)
                }
            }
        }
        var mismatches: [[UInt8]] = []
        for bytes in sequences
        where ValidUTF8.transcodedString(bytes) != String(validating: bytes, as: UTF8.self) {
            mismatches.append(bytes)
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(sequences.count == 256 + 64 * 256 + 21 * 256 * 2)
    }
}
