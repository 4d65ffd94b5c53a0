import Foundation

/// The most recent trigger firings, newest last, bounded in size.
public actor TriggerLog {
    private let capacity: Int
    private var entries: [TriggerLogEntry] = []
    private var nextSequence = 1

    /// Creates an empty log.
    /// - Parameter capacity: how many entries to keep (older ones are dropped).
    public init(capacity: Int = 500) {
        self.capacity = max(1, capacity)
    }

    /// Records an entry; its ``TriggerLogEntry/sequence`` is assigned here.
    /// - Returns: the stored entry.
    @discardableResult
    public func append(_ entry: TriggerLogEntry) -> TriggerLogEntry {
        var stored = entry
        stored.sequence = nextSequence
        nextSequence += 1
        entries.append(stored)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        return stored
    }

    /// The entries, newest first, optionally for one conversation only.
    public func recent(conversationId: String? = nil, limit: Int = 100) -> [TriggerLogEntry] {
        Array(entries.reversed().filter { conversationId == nil || $0.conversationId == conversationId }.prefix(limit))
    }

    /// The total number of entries recorded since start (including dropped ones).
    public var totalRecorded: Int { nextSequence - 1 }

    /// Waits until at least `count` entries have been recorded since start, or the timeout passes.
    /// - Returns: the entries, oldest first.
    public func waitForEntries(_ count: Int, timeout: Duration = .seconds(10)) async -> [TriggerLogEntry] {
        let deadline = ContinuousClock.now + timeout
        while totalRecorded < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return entries
    }
}
