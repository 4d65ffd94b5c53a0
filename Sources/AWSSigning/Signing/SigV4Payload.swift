import Crypto

/// What the signature says about the request body.
public enum SigV4Payload: Sendable, Equatable {
    /// No body: the SHA-256 of the empty string.
    case empty
    /// The body is not signed: `UNSIGNED-PAYLOAD` (S3 over TLS, presigned URLs).
    case unsigned
    /// The SHA-256 of the body, already computed, as 64 lowercase hexadecimal digits.
    case hash(String)
    /// The body itself; the signer hashes it.
    case bytes([UInt8])

    /// The hash of the empty body.
    public static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The placeholder AWS uses when the body is not signed.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// The value that goes into the canonical request (and S3's `x-amz-content-sha256`).
    ///
    /// - Throws: ``SigningError`` `invalidPayloadHash` when a `.hash` is not 64 lowercase hex digits.
    public func canonicalHash() throws(SigningError) -> String {
        switch self {
        case .empty:
            return Self.emptyHash
        case .unsigned:
            return Self.unsignedPayload
        case .hash(let hex):
            guard hex.utf8.count == 64, hex.utf8.allSatisfy({ Hex.isLowercaseHexDigit($0) }) else {
                throw SigningError.invalidPayloadHash
            }
            return hex
        case .bytes(let bytes):
            return Hex.encode(SHA256.hash(data: bytes))
        }
    }
}
