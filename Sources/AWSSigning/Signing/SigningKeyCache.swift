import Crypto
import Foundation

/// Derived SigV4 signing keys, cached per (secret, date, region, service).
///
/// Deriving a key costs four HMACs; a presigned URL then costs one. The cache is shared by all
/// signers of the process (callers typically create a signer per request from fresh
/// credentials), bounded, and protected by a lock.
final class SigningKeyCache: @unchecked Sendable {
    /// The process-wide cache.
    static let shared = SigningKeyCache()

    private struct Key: Hashable {
        let secret: String
        let dateStamp: String
        let region: String
        let service: String
    }

    private let lock = NSLock()
    private var keys: [Key: SigningKey] = [:]
    private let capacity: Int

    /// Creates a cache holding at most `capacity` keys (cleared when full).
    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The signing key for a scope, derived on first use.
    func signingKey(secret: String, dateStamp: String, region: String, service: String) -> SigningKey {
        let key = Key(secret: secret, dateStamp: dateStamp, region: region, service: service)
        lock.lock()
        if let cached = keys[key] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let derived = SigningKey(
            SigV4Signer.deriveSigningKey(secret: secret, dateStamp: dateStamp, region: region, service: service)
        )
        lock.lock()
        if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
        keys[key] = derived
        lock.unlock()
        return derived
    }
}
