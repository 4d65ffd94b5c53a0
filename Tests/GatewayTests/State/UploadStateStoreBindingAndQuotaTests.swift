import Foundation
import Testing

@testable import Gateway

/// Conversation bindings, announcements and the atomic quota, on every backend.
@Suite("Upload state store: bindings and quota (SQLite and PostgreSQL)")
struct UploadStateStoreBindingAndQuotaTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(
        "Binding is idempotent, assigns unassigned uploads, and orders conversations newest first",
        arguments: StoreBackend.available)
    func bind(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let a = sampleUpload(state: .clean)
            let b = sampleUpload(state: .scanning)
            try await store.createUpload(a)
            try await store.createUpload(b)
            #expect(try await store.bindConversation(guestId: "guest-1", conversationId: "c1", at: Self.t0) == 2)
            #expect(try await store.bindConversation(guestId: "guest-1", conversationId: "c1", at: Self.t0) == 2)
            #expect(try await store.guests(conversationId: "c1") == ["guest-1"])
            #expect(try await store.upload(fileId: a.fileId)?.conversationId == "c1")
            let later = Self.t0.addingTimeInterval(5)
            #expect(try await store.bindConversation(guestId: "guest-1", conversationId: "c2", at: later) == 0)
            #expect(try await store.conversations(guestId: "guest-1") == ["c2", "c1"])
            #expect(try await store.cleanUploads(conversationId: "c1").map(\.fileId) == [a.fileId])
            // A new file of the guest (no conversation yet) belongs to the latest binding only.
            let c = sampleUpload(state: .clean)
            try await store.createUpload(c)
            #expect(try await store.cleanUploads(conversationId: "c2").map(\.fileId) == [c.fileId])
            #expect(try await store.cleanUploads(conversationId: "c1").map(\.fileId) == [a.fileId])
        }
    }

    @Test(
        "assignConversation keeps the first owner; markAnnounced records the first time only",
        arguments: StoreBackend.available)
    func assignAndAnnounce(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let record = sampleUpload(state: .clean)
            try await store.createUpload(record)
            #expect(try await store.assignConversation(fileId: record.fileId, conversationId: "first") == "first")
            #expect(try await store.assignConversation(fileId: record.fileId, conversationId: "other") == "first")
            #expect(try await store.assignConversation(fileId: "missing", conversationId: "first") == nil)
            #expect(try await store.announcedAt(fileId: record.fileId) == nil)
            #expect(try await store.markAnnounced(fileId: record.fileId, at: Self.t0))
            #expect(try await store.markAnnounced(fileId: record.fileId, at: Self.t0.addingTimeInterval(9)) == false)
            #expect(try await store.announcedAt(fileId: record.fileId) == Self.t0)
            #expect(try await store.markAnnounced(fileId: "missing", at: Self.t0) == false)
            #expect(try await store.announcedAt(fileId: "missing") == nil)
        }
    }

    @Test(
        "The quota insert is atomic: a refused upload stores nothing, an admitted one its audit entry too",
        arguments: StoreBackend.available)
    func quotaAdmission(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let counted: Set<UploadState> = [.awaitingUpload, .uploaded, .scanning, .clean]
            try await store.createUpload(sampleUpload(size: 600, state: .clean))
            try await store.createUpload(sampleUpload(size: 900, state: .rejected))
            let fits = sampleUpload(size: 400)
            let audit = AuditEntry(at: Self.t0, actor: "guest:guest-1", action: "upload.ticket", fileId: fits.fileId)
            #expect(
                try await store.createUpload(fits, audit: audit, withinQuota: 1_000, countedStates: counted)
                    == .admitted)
            #expect(try await store.auditEntries(fileId: fits.fileId).map(\.action) == ["upload.ticket"])
            let tooBig = sampleUpload(size: 1)
            #expect(
                try await store.createUpload(tooBig, audit: nil, withinQuota: 1_000, countedStates: counted)
                    == .refused(usedBytes: 1_000))
            #expect(try await store.upload(fileId: tooBig.fileId) == nil)
            await #expect(throws: UploadStateStoreError.duplicate(kind: "upload", id: fits.fileId)) {
                _ = try await store.createUpload(fits, audit: nil, withinQuota: 10_000, countedStates: counted)
            }
            // The failed duplicate rolled back with its transaction: no audit entry was added.
            #expect(try await store.auditEntries(fileId: fits.fileId).count == 1)
        }
    }

    @Test(
        "Two store instances admitting uploads concurrently never take a guest past the quota",
        arguments: StoreBackend.available)
    func quotaRace(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            let counted: Set<UploadState> = [.awaitingUpload, .uploaded, .scanning, .clean]
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<20 {
                    let store = stores[index % 2]
                    group.addTask {
                        try await store.createUpload(
                            sampleUpload(size: 100), audit: nil, withinQuota: 1_000, countedStates: counted)
                            == .admitted
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == 10)
            #expect(try await stores[0].totalSize(guestId: "guest-1", states: counted) == 1_000)
        }
    }

    @Test(
        "Concurrent admissions with one duplicate file id: the duplicate alone fails, every other upload and its audit entry is stored",
        arguments: StoreBackend.available)
    func duplicateAmongConcurrentAdmissions(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let counted: Set<UploadState> = [.awaitingUpload, .uploaded, .scanning, .clean]
            var records = (0..<24).map { _ in sampleUpload(size: 10) }
            records.append(records[7])
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for record in records {
                    group.addTask {
                        let audit = AuditEntry(
                            at: Self.t0, actor: "guest:guest-1", action: "upload.ticket", fileId: record.fileId)
                        do {
                            let admission = try await store.createUpload(
                                record, audit: audit, withinQuota: 1_000_000, countedStates: counted)
                            return admission == .admitted ? "admitted" : "refused"
                        } catch UploadStateStoreError.duplicate {
                            return "duplicate"
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "admitted" }.count == 24)
            #expect(outcomes.filter { $0 == "duplicate" }.count == 1)
            #expect(try await store.totalSize(guestId: "guest-1", states: counted) == 240)
            for record in records.prefix(24) {
                #expect(try await store.auditEntries(fileId: record.fileId).count == 1)
            }
        }
    }
}
