import Foundation
import NIOConcurrencyHelpers

/// Token-bucket rate limiting per key (guest id, client address).
///
/// Each key has a bucket of ``capacity`` tokens refilled at ``refillPerSecond``; a request takes
/// one token or is refused with the seconds until one is available.
///
/// The table is bounded: when a new key takes it past `maxKeys` it is compacted once, down to
/// half the bound: the buckets that have refilled completely go first, then the least recently
/// used of the others (the key being admitted always stays). A compaction therefore happens at
/// most once per `maxKeys / 2` new keys however many keys are live, so a flood of distinct keys
/// costs an amortized O(log `maxKeys`) per request instead of a scan of the table on every one.
/// A key evicted while its bucket was still refilling starts again with a full burst; that takes
/// at least `maxKeys / 2` other keys used after it (50,000 with the default bound), fewer only
/// when several were last used at the same instant.
///
/// `acquire` is synchronous behind a lock, so admitting a request does not hop executors. Most
/// calls take a dictionary lookup; the call that compacts sorts up to `maxKeys` timestamps while
/// holding the lock (150 ms for 100,000 keys in a debug build), and other callers wait meanwhile.
public final class RateLimiter: Sendable {
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

    private struct Table {
        var buckets: [String: Bucket] = [:]
        var compactions = 0
    }

    /// The burst size.
    public let capacity: Double
    /// The sustained rate.
    public let refillPerSecond: Double
    private let maxKeys: Int
    private let table = NIOLockedValueBox(Table())

    /// Creates a limiter.
    /// - Parameters:
    ///   - capacity: burst size (at least 1).
    ///   - refillPerSecond: sustained requests per second (> 0).
    ///   - maxKeys: the most keys tracked (at least 2); past it the table is compacted to half.
    public init(capacity: Int, refillPerSecond: Double, maxKeys: Int = 100_000) {
        self.capacity = Double(max(1, capacity))
        self.refillPerSecond = max(refillPerSecond, 0.000_001)
        self.maxKeys = max(2, maxKeys)
    }

    /// Takes one token for `key`.
    public func acquire(_ key: String, now: Date = Date()) -> Decision {
        table.withLockedValue { table in
            var bucket = table.buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(capacity, bucket.tokens + elapsed * refillPerSecond)
            bucket.updated = now
            let decision: Decision
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                decision = .allowed
            } else {
                let wait = (1 - bucket.tokens) / refillPerSecond
                decision = .limited(retryAfter: max(1, Int(wait.rounded(.up))))
            }
            table.buckets[key] = bucket
            if table.buckets.count > maxKeys { compact(&table, keeping: key, now: now) }
            return decision
        }
    }

    /// The number of keys tracked.
    public var trackedKeys: Int { table.withLockedValue { $0.buckets.count } }

    /// How many times the table was compacted (for tests and diagnostics).
    var compactions: Int { table.withLockedValue { $0.compactions } }

    /// Forgets full buckets, then the least recently used others, until half the bound is left
    /// with `current` (the key being admitted) among them.
    ///
    /// Two passes over the table: one drops the full buckets; if that is not enough, the
    /// last-use times alone are sorted (plain doubles, not the entries) to find the cutoff, and
    /// a second pass keeps what was used after it.
    private func compact(_ table: inout Table, keeping current: String, now: Date) {
        table.compactions += 1
        table.buckets = table.buckets.filter { _, bucket in
            bucket.tokens + now.timeIntervalSince(bucket.updated) * refillPerSecond < capacity
        }
        let keep = maxKeys / 2
        guard table.buckets.count > keep else { return }
        let admitted = table.buckets.removeValue(forKey: current)
        let othersKept = admitted == nil ? keep : keep - 1
        if othersKept == 0 {
            table.buckets.removeAll()
        } else if table.buckets.count > othersKept {
            var times = table.buckets.values.map(\.updated.timeIntervalSinceReferenceDate)
            times.sort()
            // Keep every bucket used after the cutoff, and of those used exactly at it as many as fit.
            let cutoffIndex = times.count - othersKept
            let cutoff = times[cutoffIndex]
            var lastAtCutoff = cutoffIndex
            while lastAtCutoff + 1 < times.count, times[lastAtCutoff + 1] == cutoff { lastAtCutoff += 1 }
            var tiesKept = othersKept - (times.count - 1 - lastAtCutoff)
            table.buckets = table.buckets.filter { _, bucket in
                let used = bucket.updated.timeIntervalSinceReferenceDate
                if used > cutoff { return true }
                guard used == cutoff, tiesKept > 0 else { return false }
                tiesKept -= 1
                return true
            }
        }
        if let admitted { table.buckets[current] = admitted }
    }
}
