import Foundation
import Testing

@testable import Gateway

/// ``AbandonedUploadRecovery`` on a real SQLite state store with a recording Genesys fake and a
/// hand-moved clock.
@Suite("Abandoned-upload recovery")
struct AbandonedUploadRecoveryTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func recovery(
        _ store: GRDBUploadStateStore,
        _ genesys: RecordingGenesys,
        clock: RecoveryTestClock,
        replica: String = "replica-a",
        configuration: RecoveryConfiguration = RecoveryConfiguration()
    ) -> AbandonedUploadRecovery {
        AbandonedUploadRecovery(
            store: store, genesys: genesys, configuration: configuration, replica: replica, now: { clock.now })
    }

    static func notices(_ store: GRDBUploadStateStore, fileId: String) async throws -> [AuditEntry] {
        try await store.auditEntries(fileId: fileId).filter { $0.action == "recovery.notice" }
    }

    @Test("A bound guest's clean file is noticed once, after the grace period and not before")
    func noticeAfterGrace() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let store = try database.open()
        let clock = RecoveryTestClock(Self.start)
        let genesys = RecordingGenesys()
        let file = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: "conv-1")
        let recovery = Self.recovery(store, genesys, clock: clock)

        clock.advance(by: 119)
        #expect(await recovery.runPass().posted.isEmpty)
        #expect(await genesys.sent.isEmpty)

        clock.advance(by: 1)
        #expect(await recovery.runPass().posted == [file.fileId])
        #expect(
            await genesys.sent == [
                .init(
                    conversationId: "conv-1", text: "A file was received: report.pdf (application/pdf, 2 KB)",
                    metadata: ["attacheFileId": file.fileId])
            ])
        clock.advance(by: 3_600)
        #expect(await recovery.runPass().posted.isEmpty)
        #expect(await genesys.sent.count == 1)
        let audit = try await Self.notices(store, fileId: file.fileId)
        #expect(audit.count == 1)
        #expect(audit.first?.actor == "system")
        #expect(audit.first?.detail?.contains("conv-1") == true)
        let claim = try #require(try await store.recoveryClaim(fileId: file.fileId))
        #expect(claim.postedAt != nil)
        #expect(claim.claimedBy == "replica-a")
    }

    @Test("Announced files, unbound guests' files and rejected files get no notice")
    func skipped() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let store = try database.open()
        let clock = RecoveryTestClock(Self.start)
        let genesys = RecordingGenesys()
        let announced = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: "c")
        try await store.markAnnounced(fileId: announced.fileId, at: Self.start.addingTimeInterval(10))
        let unbound = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: nil)
        let rejected = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: "c")
        _ = try await store.transition(
            fileId: rejected.fileId, from: [.clean], to: .rejected, reason: "test", audit: nil)
        clock.advance(by: 86_400)
        let report = await Self.recovery(store, genesys, clock: clock).runPass()
        #expect(report.posted.isEmpty)
        #expect(await genesys.attempts == 0)
        // The unbound guest's file stays listed for the guest (retention deals with it later).
        #expect(try await store.uploads(guestId: unbound.guestId).map(\.state) == [.clean])
        #expect(try await store.recoveryClaim(fileId: unbound.fileId) == nil)
    }

    @Test("A guest bound after the grace period gets its notice on the next pass")
    func bindingLater() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let store = try database.open()
        let clock = RecoveryTestClock(Self.start)
        let genesys = RecordingGenesys()
        let file = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: nil)
        let recovery = Self.recovery(store, genesys, clock: clock)
        clock.advance(by: 600)
        #expect(await recovery.runPass().posted.isEmpty)
        try await store.bindConversation(guestId: file.guestId, conversationId: "late", at: clock.now)
        #expect(await recovery.runPass().posted == [file.fileId])
        #expect(await genesys.sent.map(\.conversationId) == ["late"])
    }

    @Test("Two replicas on one SQLite database, passes racing, post each file exactly once")
    func concurrentReplicas() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let storeA = try database.open()
        let storeB = try database.open()
        let clock = RecoveryTestClock(Self.start)
        // The post takes a while, so the replicas' passes overlap while claims are held.
        let genesys = RecordingGenesys(delay: .milliseconds(5))
        var files: [String] = []
        for index in 0..<12 {
            let file = try await RecoveryTestDatabase.cleanUpload(
                in: storeA, cleanAt: Self.start, conversationId: "conv-\(index % 3)")
            files.append(file.fileId)
        }
        clock.advance(by: 121)
        let a = Self.recovery(storeA, genesys, clock: clock, replica: "replica-a")
        let b = Self.recovery(storeB, genesys, clock: clock, replica: "replica-b")
        let posted = await withTaskGroup(of: [String].self) { group in
            for round in 0..<8 {
                let recovery = round.isMultiple(of: 2) ? a : b
                group.addTask { await recovery.runPass().posted }
            }
            return await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(posted.sorted() == files.sorted())
        let sent = await genesys.sent.compactMap { $0.metadata["attacheFileId"] }
        #expect(sent.sorted() == files.sorted())
        for file in files {
            #expect(try await Self.notices(storeA, fileId: file).count == 1)
        }
        #expect(await a.runPass().posted.isEmpty)
        #expect(await b.runPass().posted.isEmpty)
    }

    @Test("A failed post is retried after the backoff, and never again once it succeeded")
    func retryWithBackoff() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let store = try database.open()
        let clock = RecoveryTestClock(Self.start)
        let genesys = RecordingGenesys(failures: 1)
        let file = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: "c")
        let configuration = RecoveryConfiguration(initialBackoff: .seconds(30))
        let a = Self.recovery(store, genesys, clock: clock, replica: "a", configuration: configuration)
        let b = Self.recovery(store, genesys, clock: clock, replica: "b", configuration: configuration)
        clock.advance(by: 120)
        #expect(await a.runPass().failed == [file.fileId])
        #expect(await b.runPass().posted.isEmpty)  // backing off
        clock.advance(by: 29)
        #expect(await a.runPass().posted.isEmpty)
        clock.advance(by: 1)
        #expect(await b.runPass().posted == [file.fileId])
        clock.advance(by: 86_400)
        #expect(await a.runPass().posted.isEmpty)
        #expect(await b.runPass().posted.isEmpty)
        #expect(await genesys.attempts == 2)
        #expect(await genesys.sent.count == 1)
        let actions = try await store.auditEntries(fileId: file.fileId).map(\.action).filter {
            $0.hasPrefix("recovery.")
        }
        #expect(actions == ["recovery.retry", "recovery.notice"])
        #expect(try await store.recoveryClaim(fileId: file.fileId)?.attempts == 2)
    }

    @Test("A post whose outcome is unknown (no answer) is never retried: at most once, and audited")
    func unknownOutcomeNotRetried() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let store = try database.open()
        let clock = RecoveryTestClock(Self.start)
        let genesys = RecordingGenesys(unknownOutcomes: 1)
        let file = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: "c")
        let a = Self.recovery(store, genesys, clock: clock, replica: "a")
        let b = Self.recovery(store, genesys, clock: clock, replica: "b")
        clock.advance(by: 120)
        #expect(await a.runPass().failed == [file.fileId])
        clock.advance(by: 86_400)
        #expect(await a.runPass().posted.isEmpty)
        #expect(await b.runPass().posted.isEmpty)
        #expect(await genesys.attempts == 1)
        let actions = try await store.auditEntries(fileId: file.fileId).map(\.action).filter {
            $0.hasPrefix("recovery.")
        }
        #expect(actions == ["recovery.unknown"])
    }

    @Test("After the last attempt the recovery gives up and says so in the audit log")
    func givesUp() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let store = try database.open()
        let clock = RecoveryTestClock(Self.start)
        let genesys = RecordingGenesys(failures: 100)
        let file = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: "c")
        let recovery = Self.recovery(
            store, genesys, clock: clock,
            configuration: RecoveryConfiguration(maxAttempts: 2, initialBackoff: .seconds(10)))
        clock.advance(by: 120)
        _ = await recovery.runPass()
        clock.advance(by: 10)
        _ = await recovery.runPass()
        clock.advance(by: 86_400)
        _ = await recovery.runPass()
        #expect(await genesys.attempts == 2)
        let actions = try await store.auditEntries(fileId: file.fileId).map(\.action).filter {
            $0.hasPrefix("recovery.")
        }
        #expect(actions == ["recovery.retry", "recovery.failed"])
    }

    @Test("A claim left by a replica that died mid-post is taken over only after the lease")
    func staleClaim() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let store = try database.open()
        let clock = RecoveryTestClock(Self.start)
        let genesys = RecordingGenesys()
        let file = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: "c")
        clock.advance(by: 120)
        let claimed = try await store.claimRecovery(
            fileId: file.fileId, replica: "dead", conversationId: "c", at: clock.now,
            staleBefore: clock.now.addingTimeInterval(-600))
        #expect(claimed?.attempt == 1)
        let recovery = Self.recovery(
            store, genesys, clock: clock, configuration: RecoveryConfiguration(claimLease: .seconds(600)))
        clock.advance(by: 599)
        #expect(await recovery.runPass().posted.isEmpty)
        clock.advance(by: 1)
        #expect(await recovery.runPass().posted == [file.fileId])
        #expect(try await store.recoveryClaim(fileId: file.fileId)?.claimedBy == "replica-a")
    }

    @Test("A claim is refused for an announced file, and only one of two racing inserts wins")
    func claims() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let store = try database.open()
        let other = try database.open()
        let file = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: "c")
        let stale = Self.start.addingTimeInterval(-600)
        async let first = store.claimRecovery(
            fileId: file.fileId, replica: "a", conversationId: "c", at: Self.start, staleBefore: stale)
        async let second = other.claimRecovery(
            fileId: file.fileId, replica: "b", conversationId: "c", at: Self.start, staleBefore: stale)
        let results = try await [first, second]
        #expect(results.compactMap { $0?.attempt } == [1])

        let announced = try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: Self.start, conversationId: "c")
        try await store.markAnnounced(fileId: announced.fileId, at: Self.start)
        #expect(
            try await store.claimRecovery(
                fileId: announced.fileId, replica: "a", conversationId: "c", at: Self.start, staleBefore: stale) == nil)
    }
}
