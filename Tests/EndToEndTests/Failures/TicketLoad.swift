import Foundation
import NIOHTTP1

/// The bounded ticket load of the PostgreSQL restart test: workers ask for tickets
/// (`POST /v1/uploads`, each from its own forwarded client address so that the per-address rate
/// limit stays out of the way), pausing between requests, until enough tickets succeeded after
/// the server came back (or a hard cap on count and time is reached).
actor TicketLoad {
    /// One answer.
    struct Outcome: Sendable {
        var status: Int
        var seconds: Double
        var fileId: String?
        var contentType: String?
        var retryAfter: String?
        /// Sent after the test saw the database ready again.
        var afterRecovery: Bool
        var error: String?
    }

    private(set) var outcomes: [Outcome] = []
    private var recovered = false
    private var sent = 0
    let successesAfterRecovery: Int
    let cap: Int

    init(successesAfterRecovery: Int, cap: Int) {
        self.successesAfterRecovery = successesAfterRecovery
        self.cap = cap
    }

    var successes: Int { outcomes.filter { $0.status == 201 }.count }
    var recoveredSuccesses: Int { outcomes.filter { $0.afterRecovery && $0.status == 201 }.count }

    func markRecovered() { recovered = true }

    /// The next request's number and whether it counts as after recovery, or `nil` when done.
    func next() -> (number: Int, afterRecovery: Bool)? {
        guard sent < cap, !(recovered && recoveredSuccesses >= successesAfterRecovery) else { return nil }
        sent += 1
        return (sent, recovered)
    }

    func record(_ outcome: Outcome) { outcomes.append(outcome) }

    /// Runs `workers` workers over `credentials` until ``next()`` says done or `deadline` passes.
    nonisolated func run(
        client: FailureClient, credentials: [String], workers: Int, pause: Duration, deadline: ContinuousClock.Instant
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    while ContinuousClock.now < deadline, let (number, afterRecovery) = await self.next() {
                        await self.record(
                            await Self.ticket(
                                client: client, credential: credentials[number % credentials.count], number: number,
                                afterRecovery: afterRecovery))
                        try? await Task.sleep(for: pause)
                    }
                }
            }
        }
    }

    private static func ticket(
        client: FailureClient, credential: String, number: Int, afterRecovery: Bool
    ) async
        -> Outcome
    {
        let started = ContinuousClock.now
        let body: [String: Any] = ["filename": "load-\(number).txt", "size": 1_000, "contentType": "text/plain"]
        do {
            let headers = [
                "content-type": "application/json", "authorization": "Bearer " + credential,
                "x-forwarded-for": "10.77.\(number / 250 % 250).\(number % 250 + 1)",
            ]
            let answer = try await client.send(
                .POST, "/v1/uploads", headers: headers, body: try JSONSerialization.data(withJSONObject: body))
            let elapsed = ContinuousClock.now - started
            return Outcome(
                status: answer.status, seconds: Self.seconds(elapsed), fileId: answer.object["fileId"] as? String,
                contentType: answer.headers.first(name: "content-type"),
                retryAfter: answer.headers.first(name: "retry-after"), afterRecovery: afterRecovery,
                error: answer.status == 201 ? nil : answer.text)
        } catch {
            return Outcome(
                status: 0, seconds: Self.seconds(ContinuousClock.now - started), afterRecovery: afterRecovery,
                error: "\(error)")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
