import AWSSigning
import Foundation

/// Request checksums for the S3 operations that require one (PutObjectTagging): S3 accepts the
/// flexible-checksum header `x-amz-checksum-sha256` in place of `Content-MD5`.
enum PayloadChecksum {
    /// The `x-amz-checksum-sha256` (base64 SHA-256) and `x-amz-sdk-checksum-algorithm` headers.
    static func sha256Headers(_ bytes: [UInt8]) -> [(String, String)] {
        guard let hex = try? SigV4Payload.bytes(bytes).canonicalHash() else { return [] }
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return [] }
            digest.append(value)
        }
        return [
            ("x-amz-checksum-sha256", Data(digest).base64EncodedString()),
            ("x-amz-sdk-checksum-algorithm", "SHA256"),
        ]
    }
}
