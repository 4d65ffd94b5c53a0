import Crypto
import Foundation
import NIOCore

/// A large test file generated on demand, part by part, from a seed: any part can be produced
/// on its own (so uploads stream one part at a time and memory stays bounded by the part size),
/// and the same seed always gives the same bytes. It starts with a PDF header so that it passes
/// the type check as `application/pdf`; the rest is SplitMix64 output.
struct DeterministicFile: Sendable {
    /// Total size in bytes.
    let size: Int64
    /// The size of every part but the last.
    let partSize: Int64
    /// Selects the byte sequence.
    let seed: UInt64

    static let header = Array("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)

    /// The number of parts.
    var partCount: Int { Int((size + partSize - 1) / partSize) }

    /// The bytes of part `number` (1-based).
    func part(_ number: Int) -> ByteBuffer {
        let start = Int64(number - 1) * partSize
        let length = Int(min(partSize, size - start))
        var buffer = ByteBufferAllocator().buffer(capacity: length)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            let words = length / 8
            let base = UInt64(start / 8)
            // Parts start at multiples of 8 bytes (part sizes are whole MiB), so word i of the
            // file is word i - base of this part.
            for index in 0..<words {
                let value = Self.word(seed: seed, index: base &+ UInt64(index))
                raw.storeBytes(of: value.littleEndian, toByteOffset: index * 8, as: UInt64.self)
            }
            let tail = Self.word(seed: seed, index: base &+ UInt64(words)).littleEndian
            withUnsafeBytes(of: tail) { bytes in
                for offset in 0..<(length - words * 8) { raw[words * 8 + offset] = bytes[offset] }
            }
            if start == 0 {
                for (offset, byte) in Self.header.enumerated() where offset < length { raw[offset] = byte }
            }
            return length
        }
        return buffer
    }

    /// The SHA-256 of the whole file, lowercase hex (generated part by part).
    func sha256() -> String {
        var hasher = SHA256()
        for number in 1...partCount {
            part(number).withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        }
        return Self.hex(hasher.finalize())
    }

    /// The SHA-256 of a byte stream, read to its end one buffer at a time.
    static func sha256<Bytes: AsyncSequence>(of bytes: Bytes) async throws -> (hex: String, size: Int64)
    where Bytes.Element == ByteBuffer {
        var hasher = SHA256()
        var size: Int64 = 0
        for try await buffer in bytes {
            buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            size += Int64(buffer.readableBytes)
        }
        return (hex(hasher.finalize()), size)
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Word `index` of the file.
    static func word(seed: UInt64, index: UInt64) -> UInt64 {
        mix(seed &+ index &* 0x9E37_79B9_7F4A_7C15)
    }

    /// SplitMix64's output function.
    static func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
