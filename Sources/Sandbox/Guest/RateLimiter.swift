import Foundation

/// A fixed-window request counter for one guest connection. Pure: the caller passes the time.
struct RateLimiter: Sendable, Equatable {
    let limit: RateLimit
    private var windowStart: Date?
    private var count = 0

    init(limit: RateLimit) {
        self.limit = limit
    }

    /// Counts one request; returns `nil` when allowed, else the seconds to wait (at least 1).
    mutating func admit(at now: Date) -> Int? {
        if let start = windowStart, now.timeIntervalSince(start) < limit.windowSeconds {
            count += 1
        } else {
            windowStart = now
            count = 1
        }
        guard count > limit.maxRequests, let start = windowStart else { return nil }
        let remaining = limit.windowSeconds - now.timeIntervalSince(start)
        return max(1, Int(remaining.rounded(.up)))
    }
}
