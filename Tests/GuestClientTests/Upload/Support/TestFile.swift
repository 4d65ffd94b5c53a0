import Crypto
import Foundation

/// A test file on disk: a PDF header then SplitMix64 bytes from a seed, written 1 MiB at a time.
struct TestFile {
    let url: URL
    let size: Int64
    let sha256: String

    static let header = Array("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)

    /// Writes `size` bytes to a fresh temporary file.
    static func make(size: Int64, seed: UInt64) throws -> TestFile {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID().uuidString).pdf")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var state = seed
        var written: Int64 = 0
        while written < size {
            let length = Int(min(1 << 20, size - written))
            var chunk = [UInt8](repeating: 0, count: length)
            for index in stride(from: 0, to: length, by: 8) {
                state &+= 0x9E37_79B9_7F4A_7C15
                var value = state
                value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
                value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
                value ^= value >> 31
                for byte in 0..<min(8, length - index) {
                    chunk[index + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte))
                }
            }
            if written == 0 {
                for (offset, byte) in header.enumerated() where offset < length { chunk[offset] = byte }
            }
            hasher.update(data: chunk)
            try handle.write(contentsOf: chunk)
            written += Int64(length)
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return TestFile(url: url, size: size, sha256: digest)
    }

    /// SHA-256 of a file, read 1 MiB at a time.
    static func sha256(of url: URL) throws -> String {
        try sha256(of: [url])
    }

    /// The SHA-256 of the files' bytes one after the other.
    static func sha256(of urls: [URL]) throws -> String {
        var hasher = SHA256()
        for url in urls {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
