import Logging
import NIOConcurrencyHelpers
import Testing

@testable import AWSClients

@Suite("Retrying executor")
struct RetryingExecutorTests {
    struct Failure: Error {
        let status: Int
    }

    final class Recorder: Sendable {
        let sleeps = NIOLockedValueBox<[Duration]>([])
    }

    func executor(_ policy: RetryPolicy, recorder: Recorder, random: Double = 0.5) -> RetryingExecutor {
        RetryingExecutor(
            policy: policy,
            random: { random },
            sleep: { duration in recorder.sleeps.withLockedValue { $0.append(duration) } },
            now: { ContinuousClock.now }
        )
    }

    func classify(_ error: any Error) -> RetryableFailure {
        guard let error = error as? Failure else { return .permanent("unknown") }
        return .response(status: error.status, code: nil)
    }

    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(5), deadline: nil)

    @Test("A transient failure is retried with jittered, growing sleeps until it succeeds")
    func retriesUntilSuccess() async throws {
        let recorder = Recorder()
        let result = try await executor(policy, recorder: recorder).run(
            "test", logger: Logger(label: "test"), classify: classify
        ) { attempt in
            if attempt < 3 { throw Failure(status: 503) }
            return attempt
        }
        #expect(result == 3)
        #expect(recorder.sleeps.withLockedValue { $0 } == [.milliseconds(50), .milliseconds(100)])
    }

    @Test("A 4xx fails at once, without sleeping")
    func noRetryFor4xx() async {
        let recorder = Recorder()
        await #expect(throws: Failure.self) {
            _ = try await executor(policy, recorder: recorder).run(
                "test", logger: Logger(label: "test"), classify: classify
            ) { _ -> Int in throw Failure(status: 404) }
        }
        #expect(recorder.sleeps.withLockedValue { $0 }.isEmpty)
    }

    @Test("After the last attempt the last error is thrown")
    func givesUp() async {
        let recorder = Recorder()
        let attempts = NIOLockedValueBox(0)
        await #expect(throws: Failure.self) {
            _ = try await executor(policy, recorder: recorder, random: 0).run(
                "test", logger: Logger(label: "test"), classify: classify
            ) { _ -> Int in
                attempts.withLockedValue { $0 += 1 }
                throw Failure(status: 500)
            }
        }
        #expect(attempts.withLockedValue { $0 } == 4)
        #expect(recorder.sleeps.withLockedValue { $0 } == [.zero, .zero, .zero])
    }
}
