import Foundation
import Testing

@testable import Gateway

/// The state store's contract, on every backend in ``StoreBackend/available``.
@Suite("Upload state store (SQLite and PostgreSQL)")
struct UploadStateStoreTests {
    @Test(
        "An upload round-trips, found by file id and by object key derived from the file id",
        arguments: StoreBackend.available)
    func roundTrip(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            var record = sampleUpload(fileId: "0123456789abcdef0123456789abcdef")
            record.sha256 = String(repeating: "a", count: 64)
            try await store.createUpload(record)
            #expect(try await store.upload(fileId: record.fileId) == record)
            #expect(record.objectKey == "uploads/0123456789abcdef0123456789abcdef")
            #expect(try await store.upload(objectKey: record.objectKey) == record)
            #expect(try await store.upload(fileId: "missing") == nil)
        }
    }

    @Test("Creating the same file id twice is refused and keeps the first record", arguments: StoreBackend.available)
    func duplicate(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            let record = sampleUpload()
            try await store.createUpload(record)
            var other = record
            other.guestId = "intruder"
            await #expect(throws: UploadStateStoreError.duplicate(kind: "upload", id: record.fileId)) {
                try await store.createUpload(other)
            }
            #expect(try await store.upload(fileId: record.fileId)?.guestId == "guest-1")
        }
    }

    @Test(
        "An object key not made of its file id is refused, and a lookup by an unrelated key finds nothing",
        arguments: StoreBackend.available)
    func objectKeyDerivedFromFileId(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            let record = sampleUpload()
            try await store.createUpload(record)
            var foreign = sampleUpload()
            foreign.objectKey = record.objectKey
            await #expect(throws: (any Error).self) { try await store.createUpload(foreign) }
            #expect(try await store.upload(fileId: foreign.fileId) == nil)
            #expect(try await store.upload(objectKey: record.objectKey)?.fileId == record.fileId)
            #expect(try await store.upload(objectKey: "quarantine/" + record.fileId) == nil)
            #expect(try await store.upload(objectKey: record.objectKey + "/part") == nil)
        }
    }

    @Test("transition is a compare-and-set: only the expected current states move", arguments: StoreBackend.available)
    func compareAndSet(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            let record = sampleUpload()
            try await store.createUpload(record)
            #expect(try await store.transition(fileId: record.fileId, from: [.uploaded], to: .scanning) == false)
            #expect(try await store.transition(fileId: record.fileId, from: [.awaitingUpload], to: .uploaded))
            #expect(try await store.transition(fileId: record.fileId, from: [.uploaded], to: .scanning))
            #expect(try await store.transition(fileId: record.fileId, from: [.uploaded], to: .scanning) == false)
            #expect(
                try await store.transition(fileId: record.fileId, from: [.scanning], to: .rejected, reason: "EICAR")
            )
            let stored = try #require(try await store.upload(fileId: record.fileId))
            #expect(stored.state == .rejected)
            #expect(stored.reason == "EICAR")
            #expect(try await store.transition(fileId: "missing", from: UploadState.allCases, to: .clean) == false)
        }
    }

    @Test(
        "Concurrent duplicate transitions: exactly one wins and exactly one audit entry is written",
        arguments: StoreBackend.available)
    func concurrentTransitions(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            let record = sampleUpload(state: .uploaded)
            try await store.createUpload(record)
            let audit = AuditEntry(at: Date(), actor: "worker", action: "scan.start", fileId: record.fileId)
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await store.transition(
                            fileId: record.fileId, from: [.uploaded], to: .scanning, reason: nil, audit: audit
                        )
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            #expect(try await store.auditEntries(fileId: record.fileId).count == 1)
        }
    }

    @Test("The audit log is append-only: the database refuses updates and deletes", arguments: StoreBackend.available)
    func auditAppendOnly(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            let first = try await store.appendAudit(
                AuditEntry(
                    at: Date(timeIntervalSince1970: 1_800_000_000), actor: "guest:g", action: "upload.ticket",
                    fileId: "f1", detail: "ticket issued")
            )
            let second = try await store.appendAudit(
                AuditEntry(
                    at: Date(timeIntervalSince1970: 1_800_000_001), actor: "worker", action: "scan.clean",
                    fileId: "f1")
            )
            #expect(try #require(first.id) < #require(second.id))
            await #expect(throws: (any Error).self) {
                try await database.execute("UPDATE audit_log SET actor = 'x'")
            }
            await #expect(throws: (any Error).self) {
                try await database.execute("DELETE FROM audit_log")
            }
            let entries = try await store.auditEntries(fileId: "f1")
            #expect(entries == [first, second])
            #expect(try await store.auditEntries(fileId: nil).count == 2)
        }
    }

    @Test("A scan result is recorded and its detected type copied onto the upload", arguments: StoreBackend.available)
    func scanResults(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            let record = sampleUpload(state: .scanning)
            try await store.createUpload(record)
            let result = ScanResultRecord(
                fileId: record.fileId, verdict: .rejected, scanner: "clamd", scannerVersion: "ClamAV 1.4.3",
                reason: "Eicar-Test-Signature.UNOFFICIAL", detectedType: "text/plain", size: 68,
                sha256: String(repeating: "b", count: 64), scannedAt: Date(timeIntervalSince1970: 1_800_000_100)
            )
            try await store.recordScanResult(result)
            #expect(try await store.scanResults(fileId: record.fileId) == [result])
            #expect(try await store.upload(fileId: record.fileId)?.detectedType == "text/plain")
        }
    }

    @Test(
        "Quota sums the declared sizes of a guest's uploads in the given states only", arguments: StoreBackend.available
    )
    func quotaSum(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            try await store.createUpload(sampleUpload(size: 100, state: .clean))
            try await store.createUpload(sampleUpload(size: 200, state: .awaitingUpload))
            try await store.createUpload(sampleUpload(size: 400, state: .expired))
            try await store.createUpload(sampleUpload(guestId: "other", size: 800, state: .clean))
            #expect(try await store.totalSize(guestId: "guest-1", states: [.clean, .awaitingUpload]) == 300)
            #expect(try await store.totalSize(guestId: "guest-1", states: []) == 0)
            #expect(try await store.uploads(guestId: "guest-1").count == 3)
        }
    }

    @Test(
        "Multipart details and the conversation are stored; unknown ids are reported", arguments: StoreBackend.available
    )
    func setters(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            let record = sampleUpload()
            try await store.createUpload(record)
            try await store.setMultipart(fileId: record.fileId, uploadId: "up-1", partSize: 8 << 20)
            try await store.setConversation(fileId: record.fileId, conversationId: "conv-1")
            let stored = try #require(try await store.upload(fileId: record.fileId))
            #expect(stored.uploadId == "up-1")
            #expect(stored.partSize == 8 << 20)
            #expect(stored.conversationId == "conv-1")
            await #expect(throws: UploadStateStoreError.notFound(kind: "upload", id: "nope")) {
                try await store.setConversation(fileId: "nope", conversationId: "c")
            }
        }
    }

    @Test(
        "A guest is stored once per session-token hash and deployment; later calls refresh lastSeenAt",
        arguments: StoreBackend.available)
    func guests(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let store = stores[0]
            let created = Date(timeIntervalSince1970: 1_800_000_000)
            let guest = GuestRecord(
                guestId: "g1", sessionTokenHash: "h", deploymentId: "d", createdAt: created,
                lastSeenAt: created)
            #expect(try await store.upsertGuest(guest) == guest)
            let later = Date(timeIntervalSince1970: 1_800_000_600)
            let again = GuestRecord(
                guestId: "g2", sessionTokenHash: "h", deploymentId: "d", createdAt: later,
                lastSeenAt: later)
            let stored = try await store.upsertGuest(again)
            #expect(stored.guestId == "g1")
            #expect(stored.lastSeenAt == later)
            #expect(try await store.guest(id: "g1") == stored)
            #expect(try await store.guest(id: "g2") == nil)
        }
    }

    @Test(
        "Migrations are idempotent: another store opened on an existing database keeps its rows",
        arguments: StoreBackend.available)
    func reopen(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let record = sampleUpload()
            try await stores[0].createUpload(record)
            let reopened = try await database.openStore()
            #expect(try await reopened.upload(fileId: record.fileId) == record)
            #expect(try await reopened.uploads(guestId: record.guestId) == [record])
        }
    }
}
