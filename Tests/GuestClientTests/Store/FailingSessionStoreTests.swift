import GuestClient
import Testing

/// A store whose saves start failing after a number of successes (a full disk, say).
actor FlakySessionStore: SessionStore {
    private var session: StoredSession?
    private var successesLeft: Int

    struct DiskFull: Error {}

    init(successes: Int) { successesLeft = successes }

    func load() -> StoredSession? { session }
    func clear() { session = nil }
    func save(_ session: StoredSession) throws {
        guard successesLeft > 0 else { throw DiskFull() }
        successesLeft -= 1
        self.session = session
    }
}

@Suite("Guest session with a failing store")
struct FailingSessionStoreTests {
    @Test("a send whose save fails throws and leaves nothing queued, so retrying cannot send it twice")
    func failedSaveIsNotQueued() async throws {
        let store = FlakySessionStore(successes: 2)
        let session = GuestSession(
            configuration: .custom(baseURL: "http://127.0.0.1:9", deploymentId: "d"), store: store)
        _ = try await session.token()  // first save: the new session
        try await session.send(text: "kept")  // second save
        await #expect(throws: FlakySessionStore.DiskFull.self) { try await session.send(text: "lost disk") }
        #expect(try await session.pending().map(\.text) == ["kept"])
    }
}
