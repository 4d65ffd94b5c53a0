import Foundation
import Testing

@testable import Gateway

/// Retention claims and marks and GDPR erasure in the state store, on every backend.
@Suite("Upload state store: retention and erasure (SQLite and PostgreSQL)")
struct RetentionStoreTests {
    static let now = RetentionFixture.now
    static let configuration = RetentionConfiguration()

    static func retention(_ store: any StoreUnderTest) throws -> any RetentionStore {
        try #require(store as? any RetentionStore)
    }

    static func audit(_ candidate: RetentionCandidate) -> AuditEntry {
        AuditEntry(at: now, actor: "retention", action: "retention.deleted", fileId: candidate.fileId, detail: "test")
    }

    @Test(
        "Expired uploads are claimed per area; fresh, in-flight and bound-but-young ones are not",
        arguments: StoreBackend.available)
    func claimsByArea(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let retention = try Self.retention(store)
            let expired: [(UploadRecord, RetentionArea)] = [
                (RetentionFixture.record(.clean, ageDays: 31), .clean),
                (RetentionFixture.record(.clean, guestId: "guest-free", ageDays: 8), .unclaimed),
                (RetentionFixture.record(.rejected, ageDays: 31), .rejected),
                (RetentionFixture.record(.expired, ageDays: 8), .quarantine),
                (RetentionFixture.record(.awaitingUpload, ageDays: 8), .quarantine),
            ]
            let kept = [
                RetentionFixture.record(.clean, ageDays: 8),  // bound: the clean period applies
                RetentionFixture.record(.clean, guestId: "guest-free", ageDays: 6),
                RetentionFixture.record(.rejected, ageDays: 29),
                RetentionFixture.record(.expired, ageDays: 6),
                RetentionFixture.record(.uploaded, ageDays: 100),
                RetentionFixture.record(.scanning, ageDays: 100),
            ]
            // Bound first: a binding stamps the guest's uploads as changed now.
            _ = try await store.bindConversation(guestId: "guest-bound", conversationId: "conv-1", at: Self.now)
            for record in expired.map(\.0) + kept { try await store.createUpload(record) }

            let claimed = try await retention.claimExpiredUploads(
                cutoffs: Self.configuration.cutoffs(now: Self.now), claimant: "a", at: Self.now,
                staleBefore: Self.now.addingTimeInterval(-900), limit: 100)
            #expect(
                Dictionary(uniqueKeysWithValues: claimed.map { ($0.fileId, $0.area) })
                    == Dictionary(uniqueKeysWithValues: expired.map { ($0.0.fileId, $0.1) }))
            // Held by "a": another claimer gets nothing until the claim is stale.
            let again = try await retention.claimExpiredUploads(
                cutoffs: Self.configuration.cutoffs(now: Self.now), claimant: "b", at: Self.now,
                staleBefore: Self.now.addingTimeInterval(-900), limit: 100)
            #expect(again.isEmpty)
            let stale = try await retention.claimExpiredUploads(
                cutoffs: Self.configuration.cutoffs(now: Self.now), claimant: "b", at: Self.now.addingTimeInterval(901),
                staleBefore: Self.now.addingTimeInterval(1), limit: 1)
            #expect(stale.count == 1)
        }
    }

    @Test("A mark is made once, by the claim's holder, with its audit entry", arguments: StoreBackend.available)
    func markOnce(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let retention = try Self.retention(store)
            let record = RetentionFixture.record(.rejected, ageDays: 40)
            try await store.createUpload(record)
            let cutoffs = Self.configuration.cutoffs(now: Self.now)
            let staleBefore = Self.now.addingTimeInterval(-900)
            let claimed = try await retention.claimExpiredUploads(
                cutoffs: cutoffs, claimant: "a", at: Self.now, staleBefore: staleBefore, limit: 10)
            let candidate = try #require(claimed.first)
            #expect(candidate.area == .rejected)
            #expect(
                try await retention.markRetentionDeleted(
                    candidate, claimant: "b", at: Self.now, audit: Self.audit(candidate)) == false)
            #expect(
                try await retention.markRetentionDeleted(
                    candidate, claimant: "a", at: Self.now, audit: Self.audit(candidate)))
            #expect(
                try await retention.markRetentionDeleted(
                    candidate, claimant: "a", at: Self.now, audit: Self.audit(candidate)) == false)
            let stored = try #require(try await store.upload(fileId: record.fileId))
            #expect(stored.state == .deleted)
            #expect(stored.reason == "retention:rejected")
            #expect(try await store.auditEntries(fileId: record.fileId).map(\.action) == ["retention.deleted"])
            // A deleted upload is never claimed again, even much later.
            let later = try await retention.claimExpiredUploads(
                cutoffs: Self.configuration.cutoffs(now: Self.now.addingTimeInterval(86_400 * 365)), claimant: "c",
                at: Self.now, staleBefore: Self.now.addingTimeInterval(86_400), limit: 10)
            #expect(later.isEmpty)
        }
    }

    @Test("A released claim is taken by the next claimer", arguments: StoreBackend.available)
    func release(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let retention = try Self.retention(store)
            let record = RetentionFixture.record(.expired, ageDays: 10)
            try await store.createUpload(record)
            let cutoffs = Self.configuration.cutoffs(now: Self.now)
            let staleBefore = Self.now.addingTimeInterval(-900)
            #expect(
                try await retention.claimExpiredUploads(
                    cutoffs: cutoffs, claimant: "a", at: Self.now, staleBefore: staleBefore, limit: 10
                ).count == 1)
            try await retention.releaseRetentionClaim(fileId: record.fileId, claimant: "a")
            let taken = try await retention.claimExpiredUploads(
                cutoffs: cutoffs, claimant: "b", at: Self.now, staleBefore: staleBefore, limit: 10)
            #expect(taken.map(\.fileId) == [record.fileId])
        }
    }

    @Test(
        "Erasure: another guest's file is untouched; the owner's is marked and audited once",
        arguments: StoreBackend.available)
    func erasure(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let retention = try Self.retention(store)
            var record = RetentionFixture.record(.awaitingUpload, ageDays: 0)
            record.uploadId = "multipart-1"
            try await store.createUpload(record)
            let audit = AuditEntry(
                at: Self.now, actor: "guest:guest-bound", action: "file.erased", fileId: record.fileId)
            #expect(
                try await retention.eraseUpload(
                    fileId: record.fileId, guestId: "guest-other", at: Self.now, audit: audit)
                    == .notFound)
            #expect(try await store.upload(fileId: record.fileId)?.state == .awaitingUpload)
            #expect(try await store.auditEntries(fileId: record.fileId).isEmpty)
            #expect(
                try await retention.eraseUpload(
                    fileId: record.fileId, guestId: "guest-bound", at: Self.now, audit: audit)
                    == .erased(objectKey: record.objectKey, uploadId: "multipart-1", previous: .awaitingUpload))
            #expect(
                try await retention.eraseUpload(
                    fileId: record.fileId, guestId: "guest-bound", at: Self.now, audit: audit)
                    == .alreadyDeleted(objectKey: record.objectKey, uploadId: "multipart-1"))
            let stored = try #require(try await store.upload(fileId: record.fileId))
            #expect(stored.state == .deleted)
            #expect(stored.reason == erasureReason)
            #expect(try await store.auditEntries(fileId: record.fileId).map(\.action) == ["file.erased"])
            #expect(
                try await retention.eraseUpload(fileId: "missing", guestId: "guest-bound", at: Self.now, audit: audit)
                    == .notFound)
        }
    }
}
