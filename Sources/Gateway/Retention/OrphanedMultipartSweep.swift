import Foundation
import Logging

/// Aborts multipart uploads left open in the quarantine area for longer than
/// ``RetentionConfiguration/multipartAbandonHours`` (`ATTACHE_MULTIPART_ABANDON_HOURS`), so that
/// their parts stop costing storage, and records each abort in the audit log
/// (`multipart.abandoned` when it also expired the upload, `multipart.orphan_aborted` otherwise).
///
/// Run by the ``RetentionSweeper`` at the end of each pass. For each open upload older than the
/// limit (ListMultipartUploads, oldest first):
/// - its upload row still `awaiting_upload` with this upload id, and the ticket itself older than
///   the limit too (the store's clock is not trusted alone): the guest abandoned it; the row
///   moves to `expired` (compare-and-set, audited in the same transaction), then the upload is
///   aborted. A guest who completes meanwhile wins the compare-and-set and nothing is aborted.
///   A younger ticket is left alone.
/// - its row in any other state (completed, aborted, expired, deleted), another upload id, or
///   no row at all (a ticket whose row was never stored): the upload is aborted, then audited.
///
/// An abort that fails is retried by the next pass (the row, if any, is already `expired`).
/// Aborting never touches a completed object. The S3 lifecycle rule
/// `AbortIncompleteMultipartUpload` (docs/deploy-aws.md) is the second line behind this sweep.
public struct OrphanedMultipartSweep: Sendable {
    /// What one sweep did.
    public struct Report: Sendable, Equatable {
        /// Upload ids aborted, with what their row was (`absent`, a state, or
        /// `awaiting_upload→expired`).
        public var aborted: [String: String] = [:]
        /// File ids whose row this sweep moved from `awaiting_upload` to `expired`.
        public var expired: [String] = []
        /// Upload ids whose abort, lookup or audit failed (a later pass retries).
        public var failed: [String] = []
        /// Upload ids left alone: their ticket is younger than the limit, or their row changed
        /// meanwhile (completed, say).
        public var kept: [String] = []

        /// Creates an empty report.
        public init() {}
    }

    /// The object key prefix of uploads (``UploadRecord/objectKey(forFileId:)``).
    static let keyPrefix = "uploads/"

    let objects: any MultipartUploadListing
    let state: any UploadStateStore
    let abandonAfter: Duration
    let batchSize: Int

    /// Creates the sweep.
    /// - Parameters:
    ///   - objects: the store whose open multipart uploads are listed and aborted.
    ///   - state: the upload rows, the `expired` transition and the audit log.
    ///   - abandonAfter: how old an open upload must be to count as abandoned.
    ///   - batchSize: the most uploads one sweep handles (the next pass takes the rest).
    public init(
        objects: any MultipartUploadListing, state: any UploadStateStore,
        abandonAfter: Duration = .seconds(RetentionConfiguration.Defaults.multipartAbandonHours * 3_600),
        batchSize: Int = 1_000
    ) {
        self.objects = objects
        self.state = state
        self.abandonAfter = abandonAfter
        self.batchSize = max(1, batchSize)
    }

    /// Aborts the uploads abandoned at `time`; errors are logged and reported, never thrown.
    public func run(at time: Date, replica: String, logger: Logger) async -> Report {
        var report = Report()
        let limitSeconds = Double(abandonAfter.components.seconds)
        let pending: [PendingMultipartUpload]
        do {
            pending = try await objects.pendingMultipartUploads(
                prefix: Self.keyPrefix, startedBefore: time.addingTimeInterval(-limitSeconds), limit: batchSize)
        } catch {
            logger.error("retention could not list open multipart uploads", metadata: ["error": "\(error)"])
            return report
        }
        for upload in pending {
            if AbandonedUploadRecovery.isStopping { break }
            let ageHours = upload.initiated.map { String(Int(time.timeIntervalSince($0) / 3_600)) } ?? "unknown"
            let detail =
                "uploadId=\(upload.uploadID) ageHours=\(ageHours) limitHours=\(Int(limitSeconds / 3_600)) "
                + "replica=\(replica)"
            do {
                try await sweep(upload, at: time, detail: detail, report: &report)
            } catch {
                logger.error(
                    "retention could not abort an abandoned multipart upload",
                    metadata: ["uploadId": "\(upload.uploadID)", "error": "\(error)"])
                report.failed.append(upload.uploadID)
            }
        }
        if !report.aborted.isEmpty || !report.failed.isEmpty {
            logger.info(
                "abandoned multipart uploads",
                metadata: [
                    "aborted": "\(report.aborted.count)", "expired": "\(report.expired.count)",
                    "failed": "\(report.failed.count)",
                ])
        }
        return report
    }

    private func sweep(
        _ upload: PendingMultipartUpload, at time: Date, detail: String, report: inout Report
    ) async throws {
        let record = try await state.upload(objectKey: upload.key)
        if let record, record.state == .awaitingUpload, record.uploadId == upload.uploadID {
            guard time.timeIntervalSince(record.createdAt) >= Double(abandonAfter.components.seconds) else {
                report.kept.append(upload.uploadID)
                return
            }
            let audit = AuditEntry(
                at: time, actor: "retention", action: "multipart.abandoned", fileId: record.fileId,
                detail: detail + " state=awaiting_upload→expired")
            guard
                try await state.transition(
                    fileId: record.fileId, from: [.awaitingUpload], to: .expired,
                    reason: "multipart upload abandoned", audit: audit)
            else {
                report.kept.append(upload.uploadID)
                return
            }
            report.expired.append(record.fileId)
            try await objects.abortMultipartUpload(key: upload.key, uploadID: upload.uploadID)
            report.aborted[upload.uploadID] = "awaiting_upload→expired"
            return
        }
        try await objects.abortMultipartUpload(key: upload.key, uploadID: upload.uploadID)
        let found = record?.state.rawValue ?? "absent"
        let stray = record.map { $0.uploadId == upload.uploadID ? "" : " uploadIdOfRow=other" } ?? ""
        try await state.appendAudit(
            AuditEntry(
                at: time, actor: "retention", action: "multipart.orphan_aborted",
                fileId: record?.fileId ?? UploadRecord.fileId(fromObjectKey: upload.key),
                detail: detail + " state=\(found)" + stray))
        report.aborted[upload.uploadID] = found
    }
}
