import Testing

@testable import GuestClient

@Suite("Reconnect policy")
struct ReconnectPolicyTests {
    @Test("the ceiling doubles from the base and stops at the cap")
    func ceilings() {
        let policy = ReconnectPolicy(base: .milliseconds(500), cap: .seconds(4), maxAttempts: 5)
        #expect(
            (0...6).map { policy.ceiling(attempt: $0) } == [
                .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4), .seconds(4),
            ])
        #expect(policy.ceiling(attempt: 10_000) == .seconds(4))
    }

    @Test("full jitter: the delay is the ceiling times the random fraction, clamped to 0…1")
    func jitter() {
        let policy = ReconnectPolicy(base: .seconds(1), cap: .seconds(30))
        #expect(policy.delay(attempt: 3, random: 0) == .zero)
        #expect(policy.delay(attempt: 3, random: 0.5) == .seconds(4))
        #expect(policy.delay(attempt: 3, random: 7) == .seconds(8))
        #expect(policy.delay(attempt: 3, random: -1) == .zero)
    }

    @Test("attempts are limited by maxAttempts, or not at all")
    func attempts() {
        #expect(ReconnectPolicy(maxAttempts: 2).allows(attempt: 1))
        #expect(!ReconnectPolicy(maxAttempts: 2).allows(attempt: 2))
        #expect(ReconnectPolicy(maxAttempts: nil).allows(attempt: 1_000_000))
    }

    @Test("the defaults wait about five minutes in all on average, like Genesys's SDK (60 × 5 s)")
    func defaultsMatchGenesysWindow() {
        let policy = ReconnectPolicy()
        let attempts = policy.maxAttempts ?? 0
        let expected = (0..<attempts).map { policy.ceiling(attempt: $0) / 2 }.reduce(Duration.zero, +)
        #expect(expected > .seconds(240) && expected < .seconds(360))
    }
}
