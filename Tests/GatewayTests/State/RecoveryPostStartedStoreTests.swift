import Foundation
import Testing

@testable import Gateway

/// The post-started mark of recovery claims (`recovery_claims.post_started_at`, migration v5) on
/// every backend: a stale claim whose holder had started posting is handed over as an
/// interrupted post, never as a fresh one.
@Suite("Recovery store: post started (SQLite and PostgreSQL)")
struct RecoveryPostStartedStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let lease: TimeInterval = 600

    /// One clean, unannounced file of a guest bound to `conv-1`.
    static func cleanBoundFile(_ store: any StoreUnderTest) async throws -> String {
        try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: t0, conversationId: "conv-1").fileId
    }

    static func claim(
        _ store: any StoreUnderTest, _ file: String, _ replica: String, at: Date, conversation: String = "conv-1"
    ) async throws -> RecoveryClaim? {
        try await store.claimRecovery(
            fileId: file, replica: replica, conversationId: conversation, at: at,
            staleBefore: at.addingTimeInterval(-lease))
    }

    @Test(
        "Post started, then the holder dies: after the lease the claim is taken over as interrupted, mark kept",
        arguments: StoreBackend.available)
    func startedThenDied(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            let (a, b) = (stores[0], stores[1])
            let file = try await Self.cleanBoundFile(a)
            #expect(try await Self.claim(a, file, "a", at: Self.t0) == RecoveryClaim(attempt: 1))
            let started = Self.t0.addingTimeInterval(1)
            #expect(try await a.markRecoveryPostStarted(fileId: file, replica: "a", at: started))
            #expect(
                try await !a.markRecoveryPostStarted(fileId: file, replica: "a", at: started),
                "a post is started once")
            #expect(
                try await !b.markRecoveryPostStarted(fileId: file, replica: "b", at: started), "b holds no claim")
            #expect(try await b.recoveryClaim(fileId: file)?.postStartedAt == started)

            // "a" dies here. Before the lease runs out nobody may take the claim.
            #expect(try await Self.claim(b, file, "b", at: Self.t0.addingTimeInterval(Self.lease - 1)) == nil)
            let takeover = Self.t0.addingTimeInterval(Self.lease)
            let candidates = try await b.recoveryCandidates(
                cleanBefore: takeover, now: takeover, staleBefore: takeover.addingTimeInterval(-Self.lease), limit: 10)
            #expect(candidates.map(\.fileId) == [file], "a stale started claim is still a candidate, to be resolved")
            let taken = try #require(try await Self.claim(b, file, "b", at: takeover, conversation: "conv-2"))
            #expect(taken.attempt == 2)
            #expect(
                taken.interruptedPost
                    == RecoveryClaim.InterruptedPost(replica: "a", startedAt: started, conversationId: "conv-1"))
            let record = try #require(try await b.recoveryClaim(fileId: file))
            #expect(record.claimedBy == "b")
            #expect(record.postStartedAt == started, "the mark survives the takeover")
            #expect(record.conversationId == "conv-1", "the conversation the dead holder posted to is kept")
            #expect(record.postedAt == nil)
            #expect(
                try await !b.markRecoveryPostStarted(fileId: file, replica: "b", at: takeover),
                "an interrupted post cannot be started again")

            // The new holder resolves it; the dead holder's late writes change nothing.
            try await b.markRecoveryPosted(fileId: file, replica: "b", at: takeover)
            try await a.markRecoveryPosted(fileId: file, replica: "a", at: takeover.addingTimeInterval(5))
            try await a.releaseRecovery(
                fileId: file, replica: "a", at: takeover, retryAt: takeover, error: "late")
            let resolved = try #require(try await a.recoveryClaim(fileId: file))
            #expect(resolved.postedAt == takeover)
            #expect(resolved.claimedBy == "b")
            #expect(resolved.releasedAt == nil)
            let later = takeover.addingTimeInterval(86_400)
            #expect(try await Self.claim(a, file, "c", at: later) == nil)
            #expect(
                try await a.recoveryCandidates(
                    cleanBefore: later, now: later, staleBefore: later.addingTimeInterval(-Self.lease), limit: 10
                ).isEmpty)
        }
    }

    @Test(
        "A holder that died before its post started is taken over as a fresh claim that may post",
        arguments: StoreBackend.available)
    func diedBeforePost(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            let (a, b) = (stores[0], stores[1])
            let file = try await Self.cleanBoundFile(a)
            #expect(try await Self.claim(a, file, "a", at: Self.t0)?.attempt == 1)
            let takeover = Self.t0.addingTimeInterval(Self.lease)
            #expect(try await Self.claim(b, file, "b", at: takeover) == RecoveryClaim(attempt: 2))
            #expect(
                try await !a.markRecoveryPostStarted(fileId: file, replica: "a", at: takeover),
                "the replica that lost its claim must not post")
            #expect(try await b.markRecoveryPostStarted(fileId: file, replica: "b", at: takeover))
            #expect(try await b.recoveryClaim(fileId: file)?.postStartedAt == takeover)
        }
    }

    @Test(
        "A refused post is released with its mark cleared: the retry is a fresh claim, not an interrupted one",
        arguments: StoreBackend.available)
    func releasedClearsMark(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let file = try await Self.cleanBoundFile(store)
            #expect(try await Self.claim(store, file, "a", at: Self.t0)?.attempt == 1)
            #expect(try await store.markRecoveryPostStarted(fileId: file, replica: "a", at: Self.t0))
            let retryAt = Self.t0.addingTimeInterval(30)
            try await store.releaseRecovery(fileId: file, replica: "a", at: Self.t0, retryAt: retryAt, error: "503")
            let released = try #require(try await store.recoveryClaim(fileId: file))
            #expect(released.postStartedAt == nil)
            #expect(released.releasedAt == Self.t0)
            #expect(
                try await !store.markRecoveryPostStarted(fileId: file, replica: "a", at: Self.t0),
                "a released claim is not posted for")
            #expect(try await Self.claim(store, file, "b", at: retryAt) == RecoveryClaim(attempt: 2))
            #expect(try await store.markRecoveryPostStarted(fileId: file, replica: "b", at: retryAt))
        }
    }
}
