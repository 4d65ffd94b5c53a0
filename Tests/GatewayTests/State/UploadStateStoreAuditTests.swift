import Foundation
import Testing

@testable import Gateway

/// A file's audit entries, whichever way they were written, on every backend.
@Suite("Upload state store: a file's audit entries (SQLite and PostgreSQL)")
struct UploadStateStoreAuditTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let counted: Set<UploadState> = [.awaitingUpload, .uploaded, .scanning, .clean]

    @Test(
        "A file's entries come back in the order written: its ticket's, entries appended before and after, none of another file's; an admission files its entry under its upload",
        arguments: StoreBackend.available)
    func entriesOfOneFile(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let record = sampleUpload(size: 10)
            let other = sampleUpload(size: 10)
            func entry(_ action: String, _ fileId: String?, _ second: Double) -> AuditEntry {
                AuditEntry(at: Self.t0.addingTimeInterval(second), actor: "test", action: action, fileId: fileId)
            }
            // An entry about the file before its upload row exists (appended, not admitted).
            let early = try await store.appendAudit(entry("link.denied", record.fileId, 0))
            let ticket = entry("upload.ticket", record.fileId, 1)
            #expect(
                try await store.createUpload(record, audit: ticket, withinQuota: 1_000, countedStates: Self.counted)
                    == .admitted)
            // An admission's entry is filed under the upload it admits, whatever file it names.
            let misfiled = entry("upload.ticket", record.fileId, 2)
            #expect(
                try await store.createUpload(other, audit: misfiled, withinQuota: 1_000, countedStates: Self.counted)
                    == .admitted)
            let late = try await store.appendAudit(entry("scan.clean", record.fileId, 3))
            _ = try await store.appendAudit(entry("scan.clean", other.fileId, 4))
            let unrelated = try await store.appendAudit(entry("retention.run", nil, 5))

            let entries = try await store.auditEntries(fileId: record.fileId)
            #expect(entries.map(\.action) == ["link.denied", "upload.ticket", "scan.clean"])
            #expect(entries.map(\.at) == [0, 1, 3].map { Self.t0.addingTimeInterval($0) })
            #expect(entries.first == early)
            #expect(entries.last == late)
            let ids = entries.compactMap(\.id)
            #expect(ids.count == 3 && ids == ids.sorted())
            let others = try await store.auditEntries(fileId: other.fileId)
            #expect(others.map(\.action) == ["upload.ticket", "scan.clean"])
            #expect(others.first?.fileId == other.fileId && others.first?.at == Self.t0.addingTimeInterval(2))
            #expect(try await store.auditEntries(fileId: "missing").isEmpty)
            #expect(try await store.auditEntries(fileId: nil).count == 6)
            #expect(try await store.auditEntries(fileId: nil).last == unrelated)
        }
    }
}
