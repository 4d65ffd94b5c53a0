import Foundation
import Testing

@testable import Gateway

/// Recovery claims and scan hand-offs raced by two store instances on one database (as two
/// replicas would), on every backend: each file is claimed, and each scan started, exactly once.
@Suite("Upload state store: replicas racing (SQLite and PostgreSQL)")
struct UploadStateStoreRaceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// `count` clean, unannounced files of one bound guest.
    static func cleanBoundFiles(_ store: any StoreUnderTest, count: Int) async throws -> [String] {
        var ids: [String] = []
        for _ in 0..<count {
            let record = sampleUpload(state: .clean)
            try await store.createUpload(record)
            ids.append(record.fileId)
        }
        try await store.bindConversation(guestId: "guest-1", conversationId: "conv-1", at: t0)
        return ids
    }

    @Test(
        "A recovery claim: new, held, released and retried, posted for good, stale taken over",
        arguments: StoreBackend.available)
    func claimLifecycle(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let ids = try await Self.cleanBoundFiles(store, count: 2)
            let (file, other) = (ids[0], ids[1])
            let stale = Self.t0.addingTimeInterval(-600)
            let candidates = try await store.recoveryCandidates(
                cleanBefore: Self.t0.addingTimeInterval(60), now: Self.t0, staleBefore: stale, limit: 10)
            #expect(Set(candidates.map(\.fileId)) == Set(ids))
            #expect(candidates.allSatisfy { $0.conversationId == "conv-1" })
            let claim = { (id: String, replica: String, at: Date, staleBefore: Date) in
                try await store.claimRecovery(
                    fileId: id, replica: replica, conversationId: "conv-1", at: at, staleBefore: staleBefore)?.attempt
            }
            #expect(try await claim(file, "a", Self.t0, stale) == 1)
            #expect(try await claim(file, "b", Self.t0, stale) == nil, "held by a")
            try await store.releaseRecovery(
                fileId: file, replica: "a", at: Self.t0, retryAt: Self.t0.addingTimeInterval(30), error: "503")
            #expect(try await claim(file, "b", Self.t0.addingTimeInterval(10), stale) == nil, "not due yet")
            #expect(try await claim(file, "b", Self.t0.addingTimeInterval(30), stale) == 2)
            try await store.markRecoveryPosted(fileId: file, replica: "b", at: Self.t0.addingTimeInterval(31))
            let posted = try #require(try await store.recoveryClaim(fileId: file))
            #expect(posted.claimedBy == "b")
            #expect(posted.postedAt == Self.t0.addingTimeInterval(31))
            #expect(posted.attempts == 2)
            #expect(
                try await claim(file, "c", Self.t0.addingTimeInterval(9_999), Self.t0.addingTimeInterval(9_999)) == nil)

            // An unreleased claim is taken over once it is stale; an announced file is never claimed.
            #expect(try await claim(other, "a", Self.t0, stale) == 1)
            #expect(try await claim(other, "b", Self.t0.addingTimeInterval(700), Self.t0.addingTimeInterval(100)) == 2)
            let third = sampleUpload(state: .clean)
            try await store.createUpload(third)
            try await store.markAnnounced(fileId: third.fileId, at: Self.t0)
            #expect(try await claim(third.fileId, "a", Self.t0, stale) == nil)
            #expect(try await store.recoveryClaim(fileId: third.fileId) == nil)
        }
    }

    @Test(
        "Two instances racing for the same recovery candidates claim each file exactly once",
        arguments: StoreBackend.available)
    func claimRace(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            let ids = try await Self.cleanBoundFiles(stores[0], count: 12)
            let stale = Self.t0.addingTimeInterval(-600)
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for (index, store) in stores.enumerated() {
                    for round in 0..<2 {
                        group.addTask {
                            let replica = "replica-\(index)-\(round)"
                            let candidates = try await store.recoveryCandidates(
                                cleanBefore: Self.t0.addingTimeInterval(60), now: Self.t0, staleBefore: stale,
                                limit: 100)
                            var won: [String] = []
                            for candidate in candidates.shuffled() {
                                let attempt = try await store.claimRecovery(
                                    fileId: candidate.fileId, replica: replica, conversationId: "conv-1",
                                    at: Self.t0, staleBefore: stale)
                                if attempt != nil { won.append(candidate.fileId) }
                            }
                            return won
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claims.sorted() == ids.sorted(), "every file claimed, none twice")
            for id in ids {
                #expect(try await stores[1].recoveryClaim(fileId: id)?.attempts == 1)
            }
        }
    }

    @Test(
        "Two instances racing to start the same scans: each upload moves to scanning once, one audit entry",
        arguments: StoreBackend.available)
    func scanRace(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            var ids: [String] = []
            for _ in 0..<10 {
                let record = sampleUpload(state: .uploaded)
                try await stores[0].createUpload(record)
                ids.append(record.fileId)
            }
            let fileIds = ids
            let wins = try await withThrowingTaskGroup(of: [String].self) { group in
                for (index, store) in stores.enumerated() {
                    for worker in 0..<2 {
                        group.addTask {
                            var won: [String] = []
                            for id in fileIds.shuffled() {
                                let audit = AuditEntry(
                                    at: Self.t0, actor: "worker-\(index)-\(worker)", action: "scan.start", fileId: id)
                                if try await store.transition(
                                    fileId: id, from: [.uploaded], to: .scanning, reason: nil, audit: audit)
                                {
                                    won.append(id)
                                }
                            }
                            return won
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(wins.sorted() == fileIds.sorted())
            for id in fileIds {
                #expect(try await stores[1].auditEntries(fileId: id).count == 1)
                #expect(try await stores[1].upload(fileId: id)?.state == .scanning)
            }
        }
    }

    @Test(
        "Two instances racing to take over the same stale scans: each is taken over once; a fresh scan is not",
        arguments: StoreBackend.available)
    func staleScanTakeoverRace(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            var ids: [String] = []
            var lastUpdate = Date.distantPast
            for _ in 0..<10 {
                let record = sampleUpload(state: .scanning)
                try await stores[0].createUpload(record)
                ids.append(record.fileId)
                lastUpdate = max(lastUpdate, record.updatedAt)
            }
            let fileIds = ids
            // Every scan above was last updated before this moment, so all of them count as stale.
            let staleBefore = lastUpdate.addingTimeInterval(1)
            let wins = try await withThrowingTaskGroup(of: [String].self) { group in
                for store in stores {
                    for _ in 0..<2 {
                        group.addTask {
                            var won: [String] = []
                            for id in fileIds.shuffled()
                            where try await store.takeOverStaleScan(fileId: id, staleBefore: staleBefore) {
                                won.append(id)
                            }
                            return won
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(wins.sorted() == fileIds.sorted())
            for id in fileIds {
                #expect(try await stores[1].upload(fileId: id)?.state == .scanning)
            }
            // Just taken over, so no longer stale for a cut-off in the past; other states never are.
            let first = try #require(fileIds.first)
            #expect(try await !stores[1].takeOverStaleScan(fileId: first, staleBefore: Date().addingTimeInterval(-60)))
            let uploaded = sampleUpload(state: .uploaded)
            try await stores[0].createUpload(uploaded)
            #expect(
                try await !stores[1].takeOverStaleScan(
                    fileId: uploaded.fileId, staleBefore: Date().addingTimeInterval(60)))
        }
    }

    @Test(
        "A refreshed scan is not stale for a cut-off before the refresh; only scanning uploads are refreshed",
        arguments: StoreBackend.available)
    func refreshKeepsScanFresh(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            let scanning = sampleUpload(state: .scanning)
            try await stores[0].createUpload(scanning)
            let refreshedAt = scanning.updatedAt.addingTimeInterval(120)
            #expect(try await stores[0].refreshScan(fileId: scanning.fileId, now: refreshedAt))
            let seen = try #require(try await stores[1].upload(fileId: scanning.fileId))
            #expect(abs(seen.updatedAt.timeIntervalSince(refreshedAt)) < 0.001)
            #expect(seen.state == .scanning)
            // Stale for a cut-off before the original update, not for one before the refresh.
            #expect(
                try await !stores[1].takeOverStaleScan(
                    fileId: scanning.fileId, staleBefore: refreshedAt.addingTimeInterval(-1)))
            #expect(
                try await stores[1].takeOverStaleScan(
                    fileId: scanning.fileId, staleBefore: refreshedAt.addingTimeInterval(1)))
            let uploaded = sampleUpload(state: .uploaded)
            try await stores[0].createUpload(uploaded)
            #expect(try await !stores[0].refreshScan(fileId: uploaded.fileId, now: refreshedAt))
            let untouched = try #require(try await stores[1].upload(fileId: uploaded.fileId))
            #expect(abs(untouched.updatedAt.timeIntervalSince(uploaded.updatedAt)) < 0.001)
        }
    }
}
