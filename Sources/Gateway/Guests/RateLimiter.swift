import Foundation

/// Token-bucket rate limiting per key (guest id, client address).
///
/// Each key has a bucket of ``capacity`` tokens refilled at ``refillPerSecond``; a request takes
/// one token or is refused with the seconds until one is available. Buckets that have refilled
/// completely are forgotten when the table grows, so memory stays bounded.
public actor RateLimiter {
    /// The outcome of one request.
    public enum Decision: Sendable, Equatable {
        /// Go ahead.
        case allowed
        /// Refused; retry after this many whole seconds (at least 1).
        case limited(retryAfter: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    /// The burst size.
    public let capacity: Double
    /// The sustained rate.
    public let refillPerSecond: Double
    private let maxKeys: Int
    private var buckets: [String: Bucket] = [:]

    /// Creates a limiter.
    /// - Parameters:
    ///   - capacity: burst size (at least 1).
    ///   - refillPerSecond: sustained requests per second (> 0).
    ///   - maxKeys: table size above which full buckets are pruned.
    public init(capacity: Int, refillPerSecond: Double, maxKeys: Int = 100_000) {
        self.capacity = Double(max(1, capacity))
        self.refillPerSecond = max(refillPerSecond, 0.000_001)
        self.maxKeys = maxKeys
    }

    /// Takes one token for `key`.
    public func acquire(_ key: String, now: Date = Date()) -> Decision {
        var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        bucket.tokens = min(capacity, bucket.tokens + elapsed * refillPerSecond)
        bucket.updated = now
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            buckets[key] = bucket
            if buckets.count > maxKeys { prune(now: now) }
            return .allowed
        }
        buckets[key] = bucket
        let wait = (1 - bucket.tokens) / refillPerSecond
        return .limited(retryAfter: max(1, Int(wait.rounded(.up))))
    }

    /// The number of keys tracked.
    public var trackedKeys: Int { buckets.count }

    private func prune(now: Date) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + now.timeIntervalSince(bucket.updated) * refillPerSecond < capacity
        }
    }
}
