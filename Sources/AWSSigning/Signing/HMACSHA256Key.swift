import Crypto
import Foundation

/// An HMAC-SHA256 key with its inner and outer hash states computed once (RFC 2104), so each MAC
/// costs two SHA-256 runs over the message and the inner digest, with no key padding or copying:
/// for keys used on every request (SigV4 signing keys, the gateway's credential and URL keys).
public struct HMACSHA256Key: @unchecked Sendable {
    // `SHA256` is a value type holding its state; copies are independent.
    private let inner: SHA256
    private let outer: SHA256

    /// Precomputes the states of `key` (any length: a key longer than SHA-256's 64-byte block
    /// is hashed first, as RFC 2104 says).
    public init(_ key: some ContiguousBytes) {
        var block = [UInt8](repeating: 0, count: 64)
        key.withUnsafeBytes { bytes in
            if bytes.count > 64 {
                let digest = SHA256.hash(data: bytes)
                digest.withUnsafeBytes { block.replaceSubrange(0..<$0.count, with: $0) }
            } else {
                block.replaceSubrange(0..<bytes.count, with: bytes)
            }
        }
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5C })
        self.inner = inner
        self.outer = outer
    }

    /// The MAC of `message`.
    public func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256.Digest {
        var innerHash = inner
        innerHash.update(bufferPointer: message)
        let innerDigest = innerHash.finalize()
        var outerHash = outer
        innerDigest.withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        return outerHash.finalize()
    }

    /// The MAC of `message`.
    @inlinable
    public func authenticationCode(for message: some Sequence<UInt8>) -> SHA256.Digest {
        let bytes = message.withContiguousStorageIfAvailable { authenticationCode(for: UnsafeRawBufferPointer($0)) }
        return bytes ?? Array(message).withUnsafeBytes { authenticationCode(for: $0) }
    }

    /// Whether `code` is the MAC of `message`, compared in constant time (every byte is
    /// looked at whatever the first difference).
    @inlinable
    public func isValidAuthenticationCode(_ code: some Collection<UInt8>, for message: some Sequence<UInt8>) -> Bool {
        authenticationCode(for: message).withUnsafeBytes { ConstantTime.equal($0, code) }
    }
}
