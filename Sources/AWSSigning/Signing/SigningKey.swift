import Crypto

/// A derived SigV4 signing key with its HMAC-SHA256 inner and outer hash states precomputed,
/// so each signature costs two short SHA-256 runs and no key padding.
struct SigningKey: Sendable {
    private let mac: HMACSHA256Key

    /// Precomputes the HMAC states of a derived key (stage 3's output); the key itself is not kept.
    init(_ key: SymmetricKey) {
        mac = HMACSHA256Key(key)
    }

    /// HMAC-SHA256 of `message` with this key, appended to `output` as lowercase hex.
    func appendHexMAC(of message: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        mac.authenticationCode(for: message).withUnsafeBytes { Hex.append($0, to: &output) }
    }

    /// HMAC-SHA256 of `message` with this key, appended to `output` as lowercase hex.
    func appendHexMAC(of message: UnsafeRawBufferPointer, to output: inout ByteWriter) {
        mac.authenticationCode(for: message).withUnsafeBytes { output.appendLowerHex($0) }
    }
}
