import Foundation
import Testing

@testable import Sandbox

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test("allows maxRequests per window, then answers the seconds left, then resets")
    func window() {
        var limiter = RateLimiter(limit: RateLimit(maxRequests: 3, windowSeconds: 10))
        let start = Date(timeIntervalSince1970: 1_000)
        #expect(limiter.admit(at: start) == nil)
        #expect(limiter.admit(at: start.addingTimeInterval(1)) == nil)
        #expect(limiter.admit(at: start.addingTimeInterval(2)) == nil)
        #expect(limiter.admit(at: start.addingTimeInterval(2.5)) == 8)
        #expect(limiter.admit(at: start.addingTimeInterval(9.9)) == 1)
        #expect(limiter.admit(at: start.addingTimeInterval(10)) == nil)
    }
}
