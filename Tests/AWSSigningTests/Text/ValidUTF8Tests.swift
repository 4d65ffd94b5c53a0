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
        // Every 1- and 2-byte sequence, and the 3-byte ones around the surrogate range.
        var sequences: [[UInt8]] = (0...255).map { [UInt8($0)] }
        for first in 0xC0...0xFF {
            for second in 0x00...0xFF { sequences.append([UInt8(first), UInt8(second)]) }
        }
        for second in 0x80...0xBF {
            for third in [0x80, 0xBF] { sequences.append([0xED, UInt8(second), UInt8(third)]) }
        }
        for bytes in sequences {
            #expect(ValidUTF8.transcodedString(bytes) == String(validating: bytes, as: UTF8.self), "\(bytes)")
        }
    }
}
