import Testing

@testable import Gateway

@Suite("SQLite checkpointer: RESTART backoff")
struct RestartBackoffTests {
    @Test("Busy restarts back off by doubling pauses up to 8 s; a success or a short log resets nothing else")
    func schedule() {
        var backoff = RestartBackoff(interval: .milliseconds(250))
        let start = ContinuousClock.now
        #expect(backoff.allows(at: start))
        backoff.record(.notTried, at: start)
        #expect(backoff.allows(at: start))
        var now = start
        var pauses: [Duration] = []
        for _ in 0..<8 {
            backoff.record(.busy, at: now)
            #expect(!backoff.allows(at: now))
            var waited = Duration.zero
            while !backoff.allows(at: now + waited) { waited += .milliseconds(250) }
            pauses.append(waited)
            now += waited
        }
        #expect(
            pauses == [
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8),
                .seconds(8),
            ])
        backoff.record(.restarted, at: now)
        #expect(backoff.allows(at: now))
        backoff.record(.busy, at: now)
        #expect(!backoff.allows(at: now + .milliseconds(249)))
        #expect(backoff.allows(at: now + .milliseconds(250)))
    }
}
