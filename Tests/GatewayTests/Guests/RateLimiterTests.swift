import Foundation
import Testing

@testable import Gateway

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test("A burst is allowed, then refused with Retry-After, then refilled over time")
    func tokenBucket() async {
        let limiter = RateLimiter(capacity: 3, refillPerSecond: 0.5)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<3 { #expect(await limiter.acquire("a", now: start) == .allowed) }
        #expect(await limiter.acquire("a", now: start) == .limited(retryAfter: 2))
        #expect(await limiter.acquire("b", now: start) == .allowed)
        #expect(await limiter.acquire("a", now: start.addingTimeInterval(2)) == .allowed)
        #expect(await limiter.acquire("a", now: start.addingTimeInterval(2)) == .limited(retryAfter: 2))
    }

    @Test("Full buckets are forgotten when the table grows past its bound")
    func bounded() async {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 1, maxKeys: 10)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<50 {
            _ = await limiter.acquire("k\(index)", now: start.addingTimeInterval(Double(index) * 10))
        }
        #expect(await limiter.trackedKeys <= 11)
    }
}
