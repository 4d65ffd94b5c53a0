import Foundation
import Testing

@testable import Gateway

/// The retention sweeper over the embedded object store, with an injected clock, on every
/// state-store backend.
@Suite("Retention sweeper (embedded store; SQLite and PostgreSQL)")
struct RetentionSweeperTests {
    static func retention(_ store: any StoreUnderTest) throws -> any RetentionStore {
        try #require(store as? any RetentionStore)
    }

    @Test(
        "Expired clean, unclaimed, rejected and quarantine files are deleted and audited once; fresh ones kept",
        arguments: StoreBackend.available)
    func sweep(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await RetentionFixture.withLocalObjects { objects in
                let clock = TestClock(RetentionFixture.now)
                let boundOld = RetentionFixture.record(.clean, ageDays: 31)
                let boundYoung = RetentionFixture.record(.clean, ageDays: 8)
                let unclaimedOld = RetentionFixture.record(.clean, guestId: "guest-free", ageDays: 8)
                let unclaimedYoung = RetentionFixture.record(.clean, guestId: "guest-free", ageDays: 6)
                let rejectedOld = RetentionFixture.record(.rejected, ageDays: 31)
                let rejectedYoung = RetentionFixture.record(.rejected, ageDays: 5)
                let expiredOld = RetentionFixture.record(.expired, ageDays: 8)
                let all = [boundOld, boundYoung, unclaimedOld, unclaimedYoung, rejectedOld, rejectedYoung, expiredOld]
                // Bound first: a binding stamps the guest's uploads as changed now.
                _ = try await store.bindConversation(guestId: "guest-bound", conversationId: "conv-1", at: clock.now)
                for record in all {
                    try await store.createUpload(record)
                    try await RetentionFixture.put(
                        objects, key: record.objectKey, area: record.state == .clean ? .clean : .quarantine)
                }
                let sweeper = RetentionSweeper(
                    store: try Self.retention(store), objects: objects, replica: "r1", now: clock.closure)

                let report = await sweeper.runPass()
                #expect(
                    report.deleted == [
                        boundOld.fileId: .clean, unclaimedOld.fileId: .unclaimed, rejectedOld.fileId: .rejected,
                        expiredOld.fileId: .quarantine,
                    ])
                #expect(report.failed.isEmpty)
                for record in [boundOld, unclaimedOld, rejectedOld, expiredOld] {
                    #expect(try await RetentionFixture.exists(objects, key: record.objectKey) == false)
                    let stored = try #require(try await store.upload(fileId: record.fileId))
                    #expect(stored.state == .deleted)
                    let audit = try await store.auditEntries(fileId: record.fileId)
                    #expect(audit.map(\.action) == ["retention.deleted"])
                    #expect(
                        audit.first?.detail?.contains("area=\(report.deleted[record.fileId]?.rawValue ?? "?")") == true)
                }
                #expect(
                    try await store.auditEntries(fileId: boundOld.fileId).first?.detail?.contains("ageDays=31") == true)
                for record in [boundYoung, unclaimedYoung, rejectedYoung] {
                    #expect(try await RetentionFixture.exists(objects, key: record.objectKey))
                    #expect(try await store.upload(fileId: record.fileId)?.state == record.state)
                }

                // A second pass finds nothing; 23 days later the bound clean file's 30 days are up.
                #expect(await sweeper.runPass().deleted.isEmpty)
                clock.advance(by: 23 * 86_400)
                let later = await sweeper.runPass()
                #expect(later.deleted[boundYoung.fileId] == .clean)
                #expect(later.deleted[unclaimedYoung.fileId] == .unclaimed)
                #expect(later.deleted[rejectedYoung.fileId] == nil, "29 days old: kept")
                let actions = try await store.auditEntries(fileId: nil).filter { $0.action == "retention.deleted" }
                #expect(actions.count == 6)
                #expect(Set(actions.compactMap(\.fileId)).count == 6)
            }
        }
    }

    @Test(
        "An erased file promoted afterwards by a running scan is deleted again by the next passes, unaudited",
        arguments: StoreBackend.available)
    func erasedRecheck(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await RetentionFixture.withLocalObjects { objects in
                let clock = TestClock(RetentionFixture.now)
                let retention = try Self.retention(store)
                let record = RetentionFixture.record(.scanning, ageDays: 0)
                try await store.createUpload(record)
                let eraser = FileEraser(store: retention, objects: objects, now: clock.closure)
                #expect(try await eraser.erase(fileId: record.fileId, guestId: record.guestId) == .erased)
                // The scan finishes after the erasure and promotes the bytes.
                try await RetentionFixture.put(objects, key: record.objectKey, area: .clean)
                let sweeper = RetentionSweeper(store: retention, objects: objects, replica: "r1", now: clock.closure)
                let report = await sweeper.runPass()
                #expect(report.rechecked == 1)
                #expect(report.deleted.isEmpty)
                #expect(try await RetentionFixture.exists(objects, key: record.objectKey) == false)
                #expect(try await store.auditEntries(fileId: record.fileId).map(\.action) == ["file.erased"])
                clock.advance(by: 86_401)
                #expect(await sweeper.runPass().rechecked == 0, "only for a day")
            }
        }
    }

    @Test("A file deleted by retention is never linked again", arguments: StoreBackend.available)
    func deletedIsNotServed(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await RetentionFixture.withLocalObjects { objects in
                let genesys = FakeGenesysPlatform()
                genesys.set(FakeGenesysPlatform.conversation("conv-1", agents: [("agent-1", "connected")]))
                let clock = TestClock(RetentionFixture.now)
                let record = RetentionFixture.record(.clean, ageDays: 0)
                try await store.createUpload(record)
                try await RetentionFixture.put(objects, key: record.objectKey, area: .clean)
                let access = FileAccessService(
                    state: store, objects: objects, genesys: genesys, linkLifetime: .seconds(60), now: clock.closure)
                _ = try await access.registerConversation(conversationId: "conv-1", guestId: "guest-bound")
                let before = try await access.fileLink(
                    conversationId: "conv-1", agentUserId: "agent-1", fileId: record.fileId)
                #expect(before.name == "allowed")
                let sweeper = RetentionSweeper(
                    store: try Self.retention(store), objects: objects, replica: "r1", now: clock.closure)
                clock.advance(by: 40 * 86_400)
                #expect(await sweeper.runPass().deleted[record.fileId] == .clean)
                let after = try await access.fileLink(
                    conversationId: "conv-1", agentUserId: "agent-1", fileId: record.fileId)
                #expect(after == .denied(.unknownFile))
                #expect(try await access.listFiles(conversationId: "conv-1").isEmpty)
            }
        }
    }

    @Test(
        "Two sweepers racing on two store instances delete and audit each file exactly once",
        arguments: StoreBackend.available)
    func race(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            try await RetentionFixture.withLocalObjects { objects in
                var ids: [String] = []
                for index in 0..<24 {
                    let state: UploadState = [.clean, .rejected, .expired][index % 3]
                    let record = RetentionFixture.record(state, guestId: "guest-free", ageDays: 40)
                    try await stores[0].createUpload(record)
                    try await RetentionFixture.put(
                        objects, key: record.objectKey, area: state == .clean ? .clean : .quarantine)
                    ids.append(record.fileId)
                }
                let configuration = RetentionConfiguration(batchSize: 3)
                let sweepers = try stores.enumerated().map { index, store in
                    RetentionSweeper(
                        store: try Self.retention(store), objects: objects, configuration: configuration,
                        replica: "replica-\(index)", now: { RetentionFixture.now })
                }
                let reports = await withTaskGroup(of: RetentionSweeper.PassReport.self) { group in
                    for sweeper in sweepers { group.addTask { await sweeper.runPass() } }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                let deleted = reports.flatMap(\.deleted.keys)
                #expect(deleted.count == ids.count)
                #expect(Set(deleted) == Set(ids))
                #expect(reports.allSatisfy { $0.failed.isEmpty })
                let audit = try await stores[1].auditEntries(fileId: nil).filter { $0.action == "retention.deleted" }
                #expect(audit.count == ids.count)
                #expect(Set(audit.compactMap(\.fileId)) == Set(ids))
                for id in ids {
                    #expect(try await stores[0].upload(fileId: id)?.state == .deleted)
                    #expect(
                        try await RetentionFixture.exists(objects, key: UploadRecord.objectKey(forFileId: id)) == false)
                }
            }
        }
    }
}
