import AWSSigning
import Testing

@Suite("CRC-32")
struct CRC32Tests {
    /// The byte-at-a-time definition, to check the eight-bytes-at-a-time one against.
    static func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (0xEDB8_8320 ^ (crc >> 1)) : (crc >> 1) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    @Test("Published check values (zlib's crc32)")
    func checkValues() {
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test("S3's base64 form is the four bytes, most significant first")
    func base64() {
        var crc = CRC32()
        crc.update(Array("123456789".utf8))
        #expect(crc.base64 == "y/Q5Jg==")
    }

    @Test("Any length, alignment and split into pieces gives the byte-at-a-time value")
    func matchesReference() {
        var generator = SystemRandomNumberGenerator()
        for length in [1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1_000, 4_099] {
            let bytes = (0..<length + 3).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for start in 0..<3 {
                let slice = Array(bytes[start..<start + length])
                #expect(CRC32.checksum(bytes[start..<start + length]) == Self.reference(slice), "length \(length)")
                let cut = Int.random(in: 0...length, using: &generator)
                var pieces = CRC32()
                pieces.update(slice[..<cut])
                pieces.update(slice[cut...])
                #expect(pieces.value == Self.reference(slice), "length \(length) cut at \(cut)")
            }
        }
    }
}
