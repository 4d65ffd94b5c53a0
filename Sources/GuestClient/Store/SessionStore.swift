/// Where a ``GuestSession`` keeps its ``StoredSession``: a file by default
/// (``FileSessionStore``), memory in tests (``InMemorySessionStore``), the Keychain on Apple
/// platforms (``KeychainSessionStore``).
public protocol SessionStore: Sendable {
    /// The stored session, or `nil` when there is none yet.
    func load() async throws -> StoredSession?
    /// Replaces the stored session; it must survive a process restart before this returns.
    func save(_ session: StoredSession) async throws
    /// Forgets the stored session.
    func clear() async throws
}

/// A ``SessionStore`` in memory: for tests and for apps that want no persistence. Two
/// ``GuestSession``s on one instance behave like an app restarted on the same storage.
public actor InMemorySessionStore: SessionStore {
    private var session: StoredSession?

    /// Creates a store, optionally holding a session already.
    public init(_ session: StoredSession? = nil) {
        self.session = session
    }

    public func load() -> StoredSession? { session }
    public func save(_ session: StoredSession) { self.session = session }
    public func clear() { session = nil }
}
