import Logging
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

@Suite("Error log throttle")
struct ErrorLogThrottleTests {
    /// A clock the test moves.
    final class TestClock: Sendable {
        private let instant = NIOLockedValueBox(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLockedValue { $0 } }
        func advance(_ duration: Duration) { instant.withLockedValue { $0 = $0.advanced(by: duration) } }
    }

    struct Other: Error {}

    @Test("One line per kind per window; the next line counts what was left out; kinds are apart")
    func throttles() {
        let clock = TestClock()
        let throttle = ErrorLogThrottle(window: .seconds(10), clock: { clock.now })
        let database = UploadStateStoreError.database("no PostgreSQL connection within 5.0 seconds")
        #expect(throttle.admit(ErrorLogThrottle.kind(of: database)) == 0)
        for _ in 0..<12 { #expect(throttle.admit(ErrorLogThrottle.kind(of: database)) == nil) }
        // Another kind is not held back by the first.
        #expect(throttle.admit(ErrorLogThrottle.kind(of: Other())) == 0)
        clock.advance(.seconds(9))
        #expect(throttle.admit(ErrorLogThrottle.kind(of: database)) == nil)
        clock.advance(.seconds(1))
        #expect(throttle.admit(ErrorLogThrottle.kind(of: database)) == 13, "the 13 left out are counted")
        #expect(throttle.admit(ErrorLogThrottle.kind(of: database)) == nil)
        clock.advance(.seconds(60))
        #expect(throttle.admit(ErrorLogThrottle.kind(of: database)) == 1)
    }

    @Test("Kinds: a state store error by its code whatever its message; others by type")
    func kinds() {
        #expect(
            ErrorLogThrottle.kind(of: UploadStateStoreError.database("a"))
                == ErrorLogThrottle.kind(of: UploadStateStoreError.database("b")))
        #expect(
            ErrorLogThrottle.kind(of: UploadStateStoreError.database("a"))
                != ErrorLogThrottle.kind(of: UploadStateStoreError.notFound(kind: "upload", id: "x")))
        #expect(ErrorLogThrottle.kind(of: Other()) != ErrorLogThrottle.kind(of: UploadStateStoreError.database("a")))
    }
}
