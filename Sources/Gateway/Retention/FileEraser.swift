import Foundation

/// GDPR erasure of a guest's file (`DELETE /v1/files/{fileId}`): the upload is marked `deleted`
/// (reason `erased`) and audited as `file.erased` in one transaction, then its bytes are deleted
/// from every area (an unfinished multipart upload is aborted). Idempotent: erasing again
/// deletes the objects again (so a failed deletion is finished by a retry) and writes nothing.
public struct FileEraser: Sendable {
    /// What ``erase(fileId:guestId:)`` did.
    public enum Outcome: Sendable, Equatable {
        /// Erased now.
        case erased
        /// It was already deleted (erased before, or removed by retention).
        case alreadyDeleted
        /// No such file for this guest; nothing was touched.
        case notFound
    }

    let store: any RetentionStore
    let objects: any ObjectStore
    let now: @Sendable () -> Date

    /// Creates an eraser.
    public init(store: any RetentionStore, objects: any ObjectStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.objects = objects
        self.now = now
    }

    /// Erases the guest's file.
    /// - Throws: when the state or object store fails; the record is then already `deleted` (never
    ///   served again) and a retry finishes the object deletion.
    public func erase(fileId: String, guestId: String) async throws -> Outcome {
        guard RandomID.isWellFormed(fileId) else { return .notFound }
        let time = now()
        let audit = AuditEntry(at: time, actor: "guest:\(guestId)", action: "file.erased", fileId: fileId)
        switch try await store.eraseUpload(fileId: fileId, guestId: guestId, at: time, audit: audit) {
        case .notFound:
            return .notFound
        case .erased(let key, let uploadId, let previous):
            try await Self.deleteObjects(objects, key: key, uploadId: previous == .awaitingUpload ? uploadId : nil)
            return .erased
        case .alreadyDeleted(let key, _):
            try await Self.deleteObjects(objects, key: key, uploadId: nil)
            return .alreadyDeleted
        }
    }

    /// Deletes the object from both areas, after aborting `uploadId` (an unfinished multipart
    /// upload; an abort of one already gone is ignored). Deleting an absent object succeeds.
    static func deleteObjects(_ objects: any ObjectStore, key: String, uploadId: String?) async throws {
        if let uploadId {
            try? await objects.abortMultipartUpload(key: key, uploadID: uploadId)
        }
        for area in ObjectArea.allCases {
            try await objects.delete(area, key: key)
        }
    }
}
