import Foundation
import GuestClient

/// A transport that cuts its connections at random moments, a given number of times, to show
/// that nothing is lost or duplicated when sockets die mid-exchange.
actor ChaosCounter {
    private(set) var drops = 0
    let limit: Int
    init(limit: Int) { self.limit = limit }

    /// Whether another drop is allowed; counts it.
    func takeDrop() -> Bool {
        guard drops < limit else { return false }
        drops += 1
        return true
    }
}

struct ChaosTransport: GuestTransport {
    let inner: any GuestTransport
    let counter: ChaosCounter
    /// The lifetime of a connection before it is cut, in milliseconds.
    let lifetime: ClosedRange<Int>

    struct Dropped: Error {}

    func withConnection(url: String, _ body: @escaping @Sendable (GuestConnection) async throws -> Void) async throws {
        let lifetime = self.lifetime
        let counter = self.counter
        try await inner.withConnection(url: url) { connection in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body(connection) }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int.random(in: lifetime)))
                    if await counter.takeDrop() { throw Dropped() }
                    try await Task.sleep(for: .seconds(3_600))
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        }
    }
}

/// Records the delays a session waits between reconnect attempts instead of waiting.
actor RecordedDelays {
    private(set) var delays: [Duration] = []
    func record(_ delay: Duration) { delays.append(delay) }
}
