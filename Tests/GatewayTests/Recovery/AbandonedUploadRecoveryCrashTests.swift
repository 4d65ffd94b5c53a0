import Foundation
import Testing

@testable import Gateway

/// ``AbandonedUploadRecovery`` when a replica stops mid-notice, on every backend: at most one
/// notice per file, whatever the moment it stopped.
@Suite("Abandoned-upload recovery: a replica stops mid-notice (SQLite and PostgreSQL)")
struct AbandonedUploadRecoveryCrashTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let lease: TimeInterval = 600

    static func recovery(
        _ store: any RecoveryStore, _ genesys: any GenesysPlatform, clock: RecoveryTestClock, replica: String
    ) -> AbandonedUploadRecovery {
        AbandonedUploadRecovery(
            store: store, genesys: genesys, configuration: RecoveryConfiguration(claimLease: .seconds(600)),
            replica: replica, now: { clock.now })
    }

    static func recoveryActions(_ store: any StoreUnderTest, fileId: String) async throws -> [String] {
        try await store.auditEntries(fileId: fileId).map(\.action).filter { $0.hasPrefix("recovery.") }
    }

    @Test(
        "Killed after Genesys accepted the notice, before recording it: no second notice, recovery.unknown",
        arguments: StoreBackend.available)
    func killedAfterAccept(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            let clock = RecoveryTestClock(Self.start)
            let genesys = RecordingGenesys()
            let file = try await RecoveryTestDatabase.cleanUpload(
                in: stores[0], cleanAt: Self.start, conversationId: "c")
            // Replica a's process is gone the moment Genesys accepts: nothing after reaches the database.
            let dying = DyingRecoveryStore(stores[0], dies: .afterPostStarted)
            let a = Self.recovery(dying, KillingGenesys(genesys, kills: dying), clock: clock, replica: "replica-a")
            let b = Self.recovery(stores[1], genesys, clock: clock, replica: "replica-b")
            clock.advance(by: 120)
            _ = await a.runPass()
            #expect(await genesys.sent.count == 1)
            let orphan = try #require(try await stores[1].recoveryClaim(fileId: file.fileId))
            #expect(orphan.postStartedAt != nil)
            #expect(orphan.postedAt == nil)

            clock.advance(by: Self.lease - 1)
            #expect(await b.runPass().alreadyClaimed.isEmpty, "held until the lease runs out: not even a candidate")
            clock.advance(by: 1)
            let report = await b.runPass()
            #expect(report.interrupted == [file.fileId])
            #expect(report.posted.isEmpty)
            clock.advance(by: 86_400)
            #expect(await b.runPass() == AbandonedUploadRecovery.PassReport())

            #expect(await genesys.attempts == 1, "one notice, from the replica that died")
            #expect(try await Self.recoveryActions(stores[1], fileId: file.fileId) == ["recovery.unknown"])
            let unknown = try #require(
                try await stores[1].auditEntries(fileId: file.fileId).first { $0.action == "recovery.unknown" })
            #expect(unknown.actor == "system")
            #expect(unknown.detail?.contains("replica replica-a started posting") == true)
            #expect(unknown.detail?.contains("stopped before recording the outcome") == true)
            #expect(unknown.detail?.contains("replica replica-b") == true)
            let resolved = try #require(try await stores[1].recoveryClaim(fileId: file.fileId))
            #expect(resolved.postedAt != nil)
            #expect(resolved.claimedBy == "replica-b")
            #expect(resolved.attempts == 2)
        }
    }

    @Test(
        "Killed after claiming, before the post started: taken over after the lease and posted once",
        arguments: StoreBackend.available)
    func killedBeforePost(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            let clock = RecoveryTestClock(Self.start)
            let genesys = RecordingGenesys()
            let file = try await RecoveryTestDatabase.cleanUpload(
                in: stores[0], cleanAt: Self.start, conversationId: "c")
            let a = Self.recovery(
                DyingRecoveryStore(stores[0], dies: .afterClaim), genesys, clock: clock, replica: "replica-a")
            let b = Self.recovery(stores[1], genesys, clock: clock, replica: "replica-b")
            clock.advance(by: 120)
            _ = await a.runPass()
            #expect(await genesys.attempts == 0)
            let orphan = try #require(try await stores[1].recoveryClaim(fileId: file.fileId))
            #expect(orphan.postStartedAt == nil)
            #expect(orphan.releasedAt == nil)

            clock.advance(by: Self.lease - 1)
            #expect(await b.runPass().posted.isEmpty)
            clock.advance(by: 1)
            #expect(await b.runPass().posted == [file.fileId])
            clock.advance(by: 86_400)
            #expect(await b.runPass().posted.isEmpty)
            #expect(await genesys.sent.map(\.metadata) == [["attacheFileId": file.fileId]])
            #expect(try await Self.recoveryActions(stores[1], fileId: file.fileId) == ["recovery.notice"])
            let posted = try #require(try await stores[1].recoveryClaim(fileId: file.fileId))
            #expect(posted.claimedBy == "replica-b")
            #expect(posted.postedAt != nil)
        }
    }

    @Test(
        "Cancelled while the post is in flight: not released for a retry, resolved as recovery.unknown at once",
        arguments: StoreBackend.available)
    func cancelledMidPost(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            let clock = RecoveryTestClock(Self.start)
            let genesys = RecordingGenesys()
            let file = try await RecoveryTestDatabase.cleanUpload(
                in: stores[0], cleanAt: Self.start, conversationId: "c")
            let a = Self.recovery(stores[0], CancellingGenesys(genesys), clock: clock, replica: "replica-a")
            let b = Self.recovery(stores[1], genesys, clock: clock, replica: "replica-b")
            clock.advance(by: 120)
            let report = await Task { await a.runPass() }.value
            #expect(report.failed == [file.fileId])
            for _ in 0..<3 {
                clock.advance(by: Self.lease)
                #expect(await b.runPass().posted.isEmpty)
            }
            #expect(await genesys.attempts == 1)
            #expect(try await Self.recoveryActions(stores[1], fileId: file.fileId) == ["recovery.unknown"])
            let unknown = try await stores[1].auditEntries(fileId: file.fileId).first {
                $0.action == "recovery.unknown"
            }
            #expect(unknown?.detail?.contains("cancelled after it started") == true)
            #expect(try await stores[1].recoveryClaim(fileId: file.fileId)?.postedAt != nil)
        }
    }
}

/// A ``RecoveryStore`` of a replica whose process is killed at a chosen step: every call after
/// it fails, as nothing a dead process does reaches the database.
final class DyingRecoveryStore: RecoveryStore, @unchecked Sendable {
    /// The last step that still reaches the database.
    enum Step: Sendable {
        /// Dies right after winning the claim.
        case afterClaim
        /// Dies right after recording that the post started, once the post is accepted
        /// (``KillingGenesys`` calls ``kill()``).
        case afterPostStarted
    }

    struct Killed: Error {}

    private let base: any StoreUnderTest
    private let step: Step
    private let lock = NSLock()
    private var dead = false

    init(_ base: any StoreUnderTest, dies step: Step) {
        self.base = base
        self.step = step
    }

    func kill() {
        lock.withLock { dead = true }
    }

    private func alive() throws {
        if lock.withLock({ dead }) { throw Killed() }
    }

    func recoveryCandidates(
        cleanBefore: Date, now: Date, staleBefore: Date, limit: Int
    ) async throws
        -> [RecoveryCandidate]
    {
        try alive()
        return try await base.recoveryCandidates(
            cleanBefore: cleanBefore, now: now, staleBefore: staleBefore, limit: limit)
    }

    func claimRecovery(
        fileId: String, replica: String, conversationId: String, at: Date, staleBefore: Date
    ) async throws -> RecoveryClaim? {
        try alive()
        let claim = try await base.claimRecovery(
            fileId: fileId, replica: replica, conversationId: conversationId, at: at, staleBefore: staleBefore)
        if step == .afterClaim { kill() }
        return claim
    }

    func markRecoveryPostStarted(fileId: String, replica: String, at: Date) async throws -> Bool {
        try alive()
        return try await base.markRecoveryPostStarted(fileId: fileId, replica: replica, at: at)
    }

    func markRecoveryPosted(fileId: String, replica: String, at: Date) async throws {
        try alive()
        try await base.markRecoveryPosted(fileId: fileId, replica: replica, at: at)
    }

    func releaseRecovery(fileId: String, replica: String, at: Date, retryAt: Date?, error: String) async throws {
        try alive()
        try await base.releaseRecovery(fileId: fileId, replica: replica, at: at, retryAt: retryAt, error: error)
    }

    func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry {
        try alive()
        return try await base.appendAudit(entry)
    }
}

/// Genesys as seen by a replica killed the moment its notice is accepted.
struct KillingGenesys: GenesysPlatform {
    let base: RecordingGenesys
    let store: DyingRecoveryStore

    init(_ base: RecordingGenesys, kills store: DyingRecoveryStore) {
        self.base = base
        self.store = store
    }

    func conversation(id: String) async throws -> GenesysConversation? { nil }

    func sendMessage(conversationId: String, text: String, metadata: [String: String]) async throws {
        try await base.sendMessage(conversationId: conversationId, text: text, metadata: metadata)
        store.kill()
    }

    func userId(forUserToken token: String) async throws -> String? { nil }
}

/// Genesys accepting the notice while the posting task is cancelled (a hard stop): the answer is
/// lost and the client reports the cancellation, as ``GenesysPlatformClient`` does.
struct CancellingGenesys: GenesysPlatform {
    let base: RecordingGenesys

    init(_ base: RecordingGenesys) {
        self.base = base
    }

    func conversation(id: String) async throws -> GenesysConversation? { nil }

    func sendMessage(conversationId: String, text: String, metadata: [String: String]) async throws {
        try await base.sendMessage(conversationId: conversationId, text: text, metadata: metadata)
        withUnsafeCurrentTask { $0?.cancel() }
        throw GenesysPlatformError(status: nil, message: "POST /messages: cancelled")
    }

    func userId(forUserToken token: String) async throws -> String? { nil }
}
