import Crypto

/// A derived SigV4 signing key with its HMAC-SHA256 inner and outer hash states precomputed,
/// so each signature costs two short SHA-256 runs and no key padding.
struct SigningKey: @unchecked Sendable {
    /// The derived key (stage 3's output).
    let key: SymmetricKey
    private let inner: SHA256
    private let outer: SHA256

    /// Precomputes the HMAC states of a derived key (32 bytes, shorter than SHA-256's block).
    init(_ key: SymmetricKey) {
        self.key = key
        var innerPad = [UInt8](repeating: 0x36, count: 64)
        var outerPad = [UInt8](repeating: 0x5C, count: 64)
        key.withUnsafeBytes { bytes in
            for (index, byte) in bytes.enumerated() {
                innerPad[index] ^= byte
                outerPad[index] ^= byte
            }
        }
        var inner = SHA256()
        inner.update(data: innerPad)
        var outer = SHA256()
        outer.update(data: outerPad)
        self.inner = inner
        self.outer = outer
    }

    /// HMAC-SHA256 of `message` with this key, appended to `output` as lowercase hex.
    func appendHexMAC(of message: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        var innerHash = inner
        innerHash.update(bufferPointer: message)
        let innerDigest = innerHash.finalize()
        var outerHash = outer
        innerDigest.withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        outerHash.finalize().withUnsafeBytes { Hex.append($0, to: &output) }
    }

    /// HMAC-SHA256 of `message` with this key, appended to `output` as lowercase hex.
    func appendHexMAC(of message: UnsafeRawBufferPointer, to output: inout ByteWriter) {
        var innerHash = inner
        innerHash.update(bufferPointer: message)
        let innerDigest = innerHash.finalize()
        var outerHash = outer
        innerDigest.withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        outerHash.finalize().withUnsafeBytes { output.appendLowerHex($0) }
    }
}
