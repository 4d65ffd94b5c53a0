import Foundation
import Synchronization

/// Token-bucket rate limiting per key (guest id, client address).
///
/// Each key has a bucket of ``capacity`` tokens refilled at ``refillPerSecond``; a request takes
/// one token or is refused with the seconds until one is available.
///
/// The table is bounded: when it grows past `maxKeys` it is compacted once, forgetting the
/// buckets that have refilled completely and, if that frees less than half the table, the
/// least recently used of the others, down to half. A compaction therefore happens at most once
/// per `maxKeys / 2` new keys, however many keys are live: a flood of distinct keys costs an
/// amortized constant per request instead of a scan of the table on every one. A key evicted
/// while its bucket was still refilling starts again with a full burst; that takes more than
/// `maxKeys / 2` other keys active in between (50,000 with the default bound).
///
/// `acquire` is synchronous behind a lock (a few hundred nanoseconds), so a request does not
/// hop to another executor to be admitted.
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
    private let table = Mutex(Table())

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
        table.withLock { table in
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
            if table.buckets.count > maxKeys { compact(&table, now: now) }
            return decision
        }
    }

    /// The number of keys tracked.
    public var trackedKeys: Int { table.withLock { $0.buckets.count } }

    /// How many times the table was compacted (for tests and diagnostics).
    var compactions: Int { table.withLock { $0.compactions } }

    /// Forgets full buckets, then the least recently used others until half the bound is left.
    ///
    /// Runs under the lock, once per `maxKeys / 2` new keys: it sorts the last-use times alone
    /// (plain doubles, not the entries), then filters the table once.
    private func compact(_ table: inout Table, now: Date) {
        table.compactions += 1
        table.buckets = table.buckets.filter { _, bucket in
            bucket.tokens + now.timeIntervalSince(bucket.updated) * refillPerSecond < capacity
        }
        let keep = maxKeys / 2
        guard table.buckets.count > keep else { return }
        var times = table.buckets.values.map(\.updated.timeIntervalSinceReferenceDate)
        times.sort()
        // Keep every bucket used after the cutoff, and of those used exactly at it as many as fit.
        let cutoffIndex = times.count - keep
        let cutoff = times[cutoffIndex]
        var lastAtCutoff = cutoffIndex
        while lastAtCutoff + 1 < times.count, times[lastAtCutoff + 1] == cutoff { lastAtCutoff += 1 }
        var tiesKept = keep - (times.count - 1 - lastAtCutoff)
        table.buckets = table.buckets.filter { _, bucket in
            let used = bucket.updated.timeIntervalSinceReferenceDate
            if used > cutoff { return true }
            guard used == cutoff, tiesKept > 0 else { return false }
            tiesKept -= 1
            return true
        }
    }
}
