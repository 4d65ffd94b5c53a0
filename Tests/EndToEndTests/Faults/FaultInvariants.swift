import AWSClients
import Foundation
import Gateway

/// The invariants every fault test checks once the faults are over, with the numbers behind
/// them (printed by the tests, reported in docs/security.md).
struct FaultInvariants: Sendable, CustomStringConvertible {
    /// What a file must end as.
    struct Expectation: Sendable {
        var state: UploadState
        /// The bytes' SHA-256, for files that must end clean.
        var sha256: String?
    }

    /// Files checked.
    var files = 0
    /// Objects in the clean bucket.
    var cleanObjects = 0
    /// Clean-bucket objects whose upload is not `clean` with a clean scan result (unscanned,
    /// rejected, or unknown): must be 0.
    var wronglyPromoted = 0
    /// Files not in their expected final state, or whose audit log holds other than exactly one
    /// entry into a final state: must be 0.
    var notExactlyOnce = 0
    /// Clean files whose bytes in the clean bucket differ from what the guest sent (or are
    /// missing there, or left behind in quarantine): must be 0.
    var wrongBytes = 0
    /// Multipart uploads still open in the quarantine bucket older than the limit (by the store's
    /// date and, for an upload still awaiting its bytes, its ticket's): must be 0.
    var orphanedMultipart = 0
    /// What went wrong, for the failure message.
    var problems: [String] = []

    var holds: Bool { wronglyPromoted == 0 && notExactlyOnce == 0 && wrongBytes == 0 && orphanedMultipart == 0 }

    var description: String {
        "\(files) files, \(cleanObjects) clean objects: \(wronglyPromoted) wrongly promoted, "
            + "\(notExactlyOnce) not in exactly one final state, \(wrongBytes) with wrong bytes, "
            + "\(orphanedMultipart) orphaned multipart uploads"
            + (problems.isEmpty ? "" : "\n" + problems.joined(separator: "\n"))
    }

    /// Audit actions that move an upload into a final state.
    static let finalActions: Set<String> = [
        "scan.clean", "scan.rejected", "upload.abort", "multipart.abandoned", "retention.deleted",
    ]

    /// Checks `expected` (file id → expectation) against the stack's state and moto's buckets;
    /// multipart uploads open in quarantine and started at or before `openBefore` count as
    /// orphaned.
    static func check(
        _ stack: FaultStack, expected: [String: Expectation], openBefore: Date = .distantFuture
    ) async throws -> FaultInvariants {
        var result = FaultInvariants()
        let state = stack.gateway.pipeline.state
        result.files = expected.count
        var cleanKeys: Set<String> = []
        for try await page in stack.s3.listObjectsV2Pages(bucket: stack.cleanBucket) {
            cleanKeys.formUnion(page.objects.map(\.key))
        }
        result.cleanObjects = cleanKeys.count
        for key in cleanKeys.sorted() {
            let record = try await state.upload(objectKey: key)
            var verdict: UploadState?
            if let record { verdict = try await state.scanResults(fileId: record.fileId).last?.verdict }
            if record?.state != .clean || verdict != .clean {
                result.wronglyPromoted += 1
                result.problems.append("\(key) is in the clean bucket as \(record?.state.rawValue ?? "unknown")")
            }
        }
        for (fileId, expectation) in expected.sorted(by: { $0.key < $1.key }) {
            let record = try await state.upload(fileId: fileId)
            let finals = try await state.auditEntries(fileId: fileId).filter { finalActions.contains($0.action) }
            if record?.state != expectation.state || finals.count != 1 {
                result.notExactlyOnce += 1
                result.problems.append(
                    "\(fileId): \(record?.state.rawValue ?? "absent"), expected \(expectation.state.rawValue); "
                        + "final audit entries \(finals.map(\.action))")
            }
            let key = UploadRecord.objectKey(forFileId: fileId)
            if let sha256 = expectation.sha256 {
                let stored = try await stack.sha256(bucket: stack.cleanBucket, key: key)
                let leftover = try await stack.s3.objectExists(bucket: stack.quarantineBucket, key: key)
                if stored != sha256 || leftover {
                    result.wrongBytes += 1
                    result.problems.append("\(fileId): clean bytes \(stored ?? "absent"), quarantine copy \(leftover)")
                }
            } else if cleanKeys.contains(key) {
                result.wronglyPromoted += 1
                result.problems.append("\(fileId) must not be in the clean bucket")
            }
        }
        // moto reports every upload as started in 2010: a ticket's own age counts as well.
        var orphans: [S3MultipartUploadSummary] = []
        for open in try await stack.s3.listMultipartUploads(bucket: stack.quarantineBucket).uploads
        where (open.initiated ?? .distantPast) <= openBefore {
            let record = try await state.upload(objectKey: open.upload.key)
            let young = record.map { $0.state == .awaitingUpload && $0.createdAt > openBefore } ?? false
            if !young { orphans.append(open) }
        }
        result.orphanedMultipart = orphans.count
        if !orphans.isEmpty { result.problems.append("open multipart uploads: \(orphans.map(\.upload.key))") }
        return result
    }
}
