import Foundation

/// A short-lived cache of Genesys conversations (their participants) for the participant check
/// of file **listings** only.
///
/// The preview widget lists a conversation's files every 10 s, and each open widget would ask
/// Genesys for the conversation each time; at many open widgets that nears Genesys's per-token
/// rate limit. A listing shows names, types and sizes, never content, so it may rest on a
/// participant list a few seconds old. Minting a link never uses this cache: "connected right
/// now" must hold for links (``FileAccessService/fileLink(conversationId:agentUserId:fileId:channel:)``).
///
/// One entry per conversation, shared by every agent and widget asking about it, kept for
/// ``lifetime`` from when its lookup started; concurrent misses for one conversation share one
/// lookup. Only conversations Genesys returned are kept: "not found" and failures are asked
/// again next time. At most ``capacity`` entries are kept (expired ones are dropped first; when
/// all are fresh, a new conversation is looked up without being kept).
actor ListingParticipantCache {
    /// How long a looked-up conversation is answered from the cache.
    let lifetime: Duration
    /// The most conversations kept at once.
    let capacity: Int
    private let genesys: any GenesysPlatform
    private let now: @Sendable () -> Date
    private var entries: [String: Entry] = [:]
    private var inFlight: [String: Task<GenesysConversation?, any Error>] = [:]

    private struct Entry {
        var conversation: GenesysConversation
        var fetchedAt: Date
    }

    /// Creates the cache.
    /// - Parameters:
    ///   - genesys: where conversations are looked up.
    ///   - lifetime: how long an answer is reused (positive).
    ///   - capacity: the most conversations kept.
    ///   - now: the clock.
    init(
        genesys: any GenesysPlatform, lifetime: Duration, capacity: Int = 10_000,
        now: @escaping @Sendable () -> Date
    ) {
        self.genesys = genesys
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
        self.now = now
    }

    /// The conversation with its participants: from the cache while fresh, else from Genesys.
    /// - Throws: what ``GenesysPlatform/conversation(id:)`` throws (never cached).
    func conversation(id: String) async throws -> GenesysConversation? {
        let time = now()
        if let entry = entries[id], isFresh(entry, at: time) {
            return entry.conversation
        }
        if let pending = inFlight[id] {
            return try await pending.value
        }
        let genesys = self.genesys
        let lookup = Task { try await genesys.conversation(id: id) }
        inFlight[id] = lookup
        defer { inFlight[id] = nil }
        let conversation = try await lookup.value
        if let conversation { keep(conversation, id: id, fetchedAt: time) }
        return conversation
    }

    /// How many conversations are kept (for tests).
    var count: Int { entries.count }

    private func isFresh(_ entry: Entry, at time: Date) -> Bool {
        time >= entry.fetchedAt && time < entry.fetchedAt.addingTimeInterval(Self.seconds(lifetime))
    }

    private func keep(_ conversation: GenesysConversation, id: String, fetchedAt: Date) {
        if entries[id] == nil, entries.count >= capacity {
            let time = now()
            entries = entries.filter { isFresh($0.value, at: time) }
            guard entries.count < capacity else { return }
        }
        entries[id] = Entry(conversation: conversation, fetchedAt: fetchedAt)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
