import Testing

@testable import AWSClients

@Suite("Retry policy: exponential backoff with full jitter")
struct RetryPolicyTests {
    let policy = RetryPolicy(
        maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1), deadline: .seconds(10))

    @Test(
        "The backoff cap doubles per retry up to the maximum",
        arguments: [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (60, 1000)]
    )
    func caps(retry: Int, milliseconds: Int) {
        #expect(policy.backoffCap(retry: retry) == .milliseconds(milliseconds))
    }

    @Test(
        "The delay is the random fraction of the cap (full jitter)",
        arguments: [(0.0, 0), (0.5, 200), (0.25, 100), (0.999, 399_600), (1.5, 400), (-1.0, 0), (Double.nan, 0)]
    )
    func fullJitter(random: Double, expected: Int) {
        let decision = policy.decision(
            after: .response(status: 503, code: "SlowDown"), attempt: 3, elapsed: .zero, random: random
        )
        let expectedDelay: Duration = expected > 1000 ? .microseconds(expected) : .milliseconds(expected)
        #expect(decision == .retry(after: expectedDelay))
    }

    @Test(
        "5xx (not 501), 429, throttling codes and connection failures are retried",
        arguments: [
            RetryableFailure.response(status: 500, code: "InternalError"),
            .response(status: 502, code: nil),
            .response(status: 503, code: "SlowDown"),
            .response(status: 504, code: nil),
            .response(status: 429, code: nil),
            .response(status: 400, code: "ThrottlingException"),
            .response(status: 400, code: "RequestThrottled"),
            .response(status: 200, code: "SlowDown"),
            .connection("connection reset by peer"),
        ]
    )
    func retried(failure: RetryableFailure) {
        #expect(failure.isRetryable)
        guard case .retry = policy.decision(after: failure, attempt: 1, elapsed: .zero, random: 0.5) else {
            Issue.record("expected a retry for \(failure)")
            return
        }
    }

    @Test(
        "4xx and permanent failures are never retried",
        arguments: [
            RetryableFailure.response(status: 400, code: "InvalidArgument"),
            .response(status: 403, code: "AccessDenied"),
            .response(status: 403, code: "SignatureDoesNotMatch"),
            .response(status: 404, code: "NoSuchKey"),
            .response(status: 404, code: nil),
            .response(status: 409, code: "BucketAlreadyOwnedByYou"),
            .response(status: 416, code: "InvalidRange"),
            .response(status: 501, code: "NotImplemented"),
            .response(status: 200, code: "InvalidPart"),
            .permanent("the body is a stream and cannot be sent again"),
        ]
    )
    func notRetried(failure: RetryableFailure) {
        #expect(!failure.isRetryable)
        guard case .giveUp = policy.decision(after: failure, attempt: 1, elapsed: .zero, random: 0.5) else {
            Issue.record("expected no retry for \(failure)")
            return
        }
    }

    @Test("Attempts are bounded")
    func boundedAttempts() {
        let failure = RetryableFailure.response(status: 500, code: nil)
        #expect(policy.decision(after: failure, attempt: 4, elapsed: .zero, random: 0) == .retry(after: .zero))
        guard case .giveUp(let reason) = policy.decision(after: failure, attempt: 5, elapsed: .zero, random: 0) else {
            Issue.record("expected to give up after 5 attempts")
            return
        }
        #expect(reason.contains("5 of 5"))
    }

    @Test("No retry is scheduled past the overall deadline")
    func deadline() {
        let failure = RetryableFailure.connection("refused")
        #expect(
            policy.decision(after: failure, attempt: 1, elapsed: .milliseconds(9_940), random: 0.5)
                == .retry(after: .milliseconds(50)))
        guard case .giveUp = policy.decision(after: failure, attempt: 1, elapsed: .milliseconds(9_960), random: 0.5)
        else {
            Issue.record("expected to give up at the deadline")
            return
        }
    }

    @Test("The none policy makes exactly one attempt")
    func nonePolicy() {
        guard case .giveUp = RetryPolicy.none.decision(after: .connection("x"), attempt: 1, elapsed: .zero, random: 0)
        else {
            Issue.record("expected no retry")
            return
        }
        #expect(RetryPolicy(maxAttempts: 0, baseDelay: .zero, maxDelay: .zero, deadline: nil).maxAttempts == 1)
    }
}
