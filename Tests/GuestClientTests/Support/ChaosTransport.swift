import Foundation
import GuestClient

/// A transport that cuts its connections at random moments, a given number of times, to show
/// that nothing is lost or duplicated when sockets die mid-exchange.
actor ChaosCounter {
    /// What a connection's timer does when its lifetime is up.
    enum Verdict {
        /// Cut the connection (counted).
        case drop
        /// Not armed yet: let the connection live another lifetime, then ask again.
        case wait
        /// Every drop has been used: the connection lives on.
        case spent
    }

    private(set) var drops = 0
    private var armed: Bool
    let limit: Int

    /// - Parameter armed: false to let connections live until ``arm()``, so the drops fall in
    ///   the phase a test is about rather than in its set-up.
    init(limit: Int, armed: Bool = true) {
        self.limit = limit
        self.armed = armed
    }

    func arm() { armed = true }

    /// Decides the fate of a connection whose lifetime is up; counts a drop.
    func verdict() -> Verdict {
        guard drops < limit else { return .spent }
        guard armed else { return .wait }
        drops += 1
        return .drop
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
                    while true {
                        try await Task.sleep(for: .milliseconds(Int.random(in: lifetime)))
                        switch await counter.verdict() {
                        case .drop: throw Dropped()
                        case .wait: continue
                        case .spent: try await Task.sleep(for: .seconds(3_600))
                        }
                    }
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
