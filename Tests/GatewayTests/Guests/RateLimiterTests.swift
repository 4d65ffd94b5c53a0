import Foundation
import Testing

@testable import Gateway

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test("A burst is allowed, then refused with Retry-After, then refilled over time")
    func tokenBucket() {
        let limiter = RateLimiter(capacity: 3, refillPerSecond: 0.5)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<3 { #expect(limiter.acquire("a", now: start) == .allowed) }
        #expect(limiter.acquire("a", now: start) == .limited(retryAfter: 2))
        #expect(limiter.acquire("b", now: start) == .allowed)
        #expect(limiter.acquire("a", now: start.addingTimeInterval(2)) == .allowed)
        #expect(limiter.acquire("a", now: start.addingTimeInterval(2)) == .limited(retryAfter: 2))
    }

    @Test("Full buckets are forgotten when the table grows past its bound")
    func bounded() {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 1, maxKeys: 10)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<50 {
            _ = limiter.acquire("k\(index)", now: start.addingTimeInterval(Double(index) * 10))
        }
        // Every older bucket has refilled 10 s later: each compaction (the 11th, 21st, 31st and
        // 41st key) forgets all but the key being admitted.
        #expect(limiter.compactions == 4)
        #expect(limiter.trackedKeys == 10)
    }

    @Test("A flood of distinct keys, none refilled, compacts the table once per half bound, not on every request")
    func floodIsAmortized() {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 0.001, maxKeys: 10)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<1_000 {
            #expect(limiter.acquire("k\(index)", now: start) == .allowed)
            #expect(limiter.trackedKeys <= 10)
        }
        // Each compaction leaves 5 keys: the next one comes 6 new keys later (1 at key 10).
        #expect(limiter.compactions == (1_000 - 10 + 5) / 6)
    }

    @Test("A key in use keeps its bucket through compactions: it stays limited while others flood in")
    func activeKeySurvivesCompaction() {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 0.001, maxKeys: 10)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(limiter.acquire("hot", now: start) == .allowed)
        for index in 0..<200 {
            let now = start.addingTimeInterval(Double(index + 1) / 1_000)
            _ = limiter.acquire("k\(index)", now: now)
            guard case .limited = limiter.acquire("hot", now: now) else {
                Issue.record("the active key was evicted after \(index + 1) other keys")
                return
            }
        }
        #expect(limiter.compactions > 10)
    }

    @Test("A compaction keeps exactly half the bound: the most recently used, ties at the cutoff included up to it")
    func compactionKeepsTheNewestHalf() {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 0.001, maxKeys: 10)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        // k0…k5 at distinct times, k6…k10 all at one later time: the 11th key compacts to 5.
        for index in 0..<11 {
            let now = start.addingTimeInterval(index < 6 ? Double(index) : 100)
            #expect(limiter.acquire("k\(index)", now: now) == .allowed)
        }
        #expect(limiter.compactions == 1)
        #expect(limiter.trackedKeys == 5)
        // The five kept are the five used last (all at t = 100): they are still limited.
        for index in 6..<11 {
            #expect(limiter.acquire("k\(index)", now: start.addingTimeInterval(100)) == .limited(retryAfter: 1_000))
        }
        #expect(limiter.trackedKeys == 5)
    }

    @Test("Ties at the cutoff are kept only up to half the bound; the key being admitted always stays")
    func tiesAtTheCutoffAreCounted() {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 0.001, maxKeys: 10)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        // Last used at 0, 1, 2, 3, 4, 5, 5, 5, 6, 7, then the admitted key at 8: it stays, with
        // the 4 newest of the others: 6, 7 and two of the three at 5.
        let times: [Double] = [0, 1, 2, 3, 4, 5, 5, 5, 6, 7, 8]
        for (index, time) in times.enumerated() {
            #expect(limiter.acquire("k\(index)", now: start.addingTimeInterval(time)) == .allowed)
        }
        #expect(limiter.compactions == 1)
        #expect(limiter.trackedKeys == 5)
        // Asking again re-admits an evicted key (a fresh bucket); k0…k3 are left out so that
        // those re-admissions stay under the bound.
        let later = start.addingTimeInterval(9)
        var keptAtFive = 0
        for (index, time) in times.enumerated() where index >= 4 {
            let kept = limiter.acquire("k\(index)", now: later) != .allowed
            if time == 5 {
                keptAtFive += kept ? 1 : 0
            } else {
                #expect(kept == (time > 5), "k\(index), last used at \(time)")
            }
        }
        #expect(keptAtFive == 2)
    }
}
