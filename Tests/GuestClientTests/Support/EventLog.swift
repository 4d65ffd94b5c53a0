import GuestClient
import WebMessaging

/// Collects a session's events for assertions.
actor EventLog {
    private(set) var events: [GuestEvent] = []

    func append(_ event: GuestEvent) { events.append(event) }

    /// Texts of received messages in a direction, in order, duplicates included.
    func texts(_ direction: MessageDirection) -> [String] {
        events.compactMap { event in
            guard case .message(let message) = event, message.direction == direction, message.type == .text else {
                return nil
            }
            return message.text
        }
    }

    var newConversations: Int {
        events.filter { if case .newConversationStarted = $0 { true } else { false } }.count
    }

    var delivered: [String] {
        events.compactMap { if case .delivered(let id) = $0 { id } else { nil } }
    }
}

/// Runs `session` and collects its events while `body` runs; cancels it afterwards.
func running(
    _ session: GuestSession,
    _ body: (EventLog) async throws -> Void
) async throws {
    let log = EventLog()
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            for await event in session.events { await log.append(event) }
        }
        group.addTask {
            do { try await session.run() } catch is CancellationError {}
        }
        defer { group.cancelAll() }
        try await body(log)
    }
}
