import AWSClients
import AsyncHTTPClient
import Crypto
import Foundation
import Gateway
import NIOCore

/// What the process-kill and dependency-stop tests check once everything has settled, with the
/// numbers behind it (printed, reported in docs/security.md):
///
/// - every object in the clean bucket belongs to an upload that is `clean` with a clean scan
///   result, and none to an EICAR file;
/// - every uploaded file is in exactly one final state, the one its content calls for (`clean`,
///   or `rejected` for EICAR), with exactly one audit entry into a final state;
/// - each clean file was promoted once: one `scan.clean` entry, its bytes (SHA-256) in the clean
///   bucket, nothing left in quarantine; each rejected file is kept (tagged) in quarantine;
/// - no event lost: no uploaded file short of a final state, and the guest's other uploads are
///   final or tickets whose answer was lost (no bytes were ever stored for them).
struct ProcessKillInvariants: Sendable, CustomStringConvertible {
    /// Audit actions that move an upload into a final state (the same list the S3 fault tests use).
    static let finalActions = FaultInvariants.finalActions

    var files = 0
    var clean = 0
    var rejected = 0
    var cleanObjects = 0
    /// Clean-bucket objects that are not a clean, scanned upload (or are an EICAR file).
    var wronglyPromoted = 0
    /// Files not in their expected final state, or without exactly one final audit entry.
    var notExactlyOnce = 0
    /// Clean files not promoted exactly once with their bytes (or left in quarantine), rejected
    /// files not kept in quarantine.
    var wrongObjects = 0
    /// Uploaded files that never reached a final state.
    var lost = 0
    /// The guests' tickets never used (their answer was lost to a kill): `awaiting_upload`, no bytes.
    var unusedTickets = 0
    /// What went wrong.
    var problems: [String] = []

    var violations: Int { wronglyPromoted + notExactlyOnce + wrongObjects + lost }
    var holds: Bool { violations == 0 }

    var description: String {
        "\(files) files (\(clean) clean, \(rejected) rejected), \(cleanObjects) clean objects, "
            + "\(unusedTickets) unused tickets: \(wronglyPromoted) wrongly promoted, \(notExactlyOnce) not in "
            + "exactly one final state, \(wrongObjects) not promoted once with their bytes, \(lost) lost"
            + (problems.isEmpty ? "" : "\n" + problems.prefix(40).joined(separator: "\n"))
    }

    /// Checks `files` (uploaded by `guestIds`) against `store` and the buckets of `services`.
    static func check(
        _ files: [UploadedFile], guestIds: Set<String>, store: any UploadStateStore, services: ReplicaServices
    ) async throws -> ProcessKillInvariants {
        var result = ProcessKillInvariants()
        result.files = files.count
        let cleanKeys = try await services.keys(in: services.clean)
        let quarantineKeys = Set(try await services.keys(in: services.quarantine))
        result.cleanObjects = cleanKeys.count
        let infectedKeys = Set(files.filter(\.file.infected).map { UploadRecord.objectKey(forFileId: $0.fileId) })
        for key in cleanKeys {
            let record = try await store.upload(objectKey: key)
            var verdict: UploadState?
            if let record { verdict = try await store.scanResults(fileId: record.fileId).last?.verdict }
            if record?.state != .clean || verdict != .clean || infectedKeys.contains(key) {
                result.wronglyPromoted += 1
                result.problems.append("\(key) is in the clean bucket as \(record?.state.rawValue ?? "unknown")")
            }
        }
        let cleanCounts = Dictionary(cleanKeys.map { ($0, 1) }, uniquingKeysWith: +)
        for uploaded in files {
            let name = "\(uploaded.file.filename) (\(uploaded.fileId))"
            guard let record = try await store.upload(fileId: uploaded.fileId) else {
                result.lost += 1
                result.problems.append("\(name): no upload record")
                continue
            }
            guard record.state.isFinal else {
                result.lost += 1
                result.problems.append("\(name): still \(record.state.rawValue)")
                continue
            }
            let audit = try await store.auditEntries(fileId: uploaded.fileId).map(\.action)
            let finals = audit.filter { finalActions.contains($0) }
            let expected: UploadState = uploaded.file.infected ? .rejected : .clean
            let expectedAction = uploaded.file.infected ? "scan.rejected" : "scan.clean"
            if record.state == .clean { result.clean += 1 }
            if record.state == .rejected { result.rejected += 1 }
            if record.state != expected || finals != [expectedAction] {
                result.notExactlyOnce += 1
                result.problems.append(
                    "\(name): \(record.state.rawValue), expected \(expected.rawValue); final audit entries \(finals)")
            }
            let key = record.objectKey
            if uploaded.file.infected {
                if !quarantineKeys.contains(key) {
                    result.wrongObjects += 1
                    result.problems.append("\(name): the rejected object is not kept in quarantine")
                }
            } else {
                let stored = cleanCounts[key] == 1 ? try await sha256(services, key: key) : nil
                if stored != sha256(uploaded.file.bytes) || quarantineKeys.contains(key) {
                    result.wrongObjects += 1
                    result.problems.append(
                        "\(name): \(cleanCounts[key] ?? 0) clean copies (bytes match: \(stored == sha256(uploaded.file.bytes))), "
                            + "quarantine copy left: \(quarantineKeys.contains(key))")
                }
            }
        }
        let known = Set(files.map(\.fileId))
        for guestId in guestIds.sorted() {
            for record in try await store.uploads(guestId: guestId) where !known.contains(record.fileId) {
                if record.state.isFinal { continue }
                if record.state == .awaitingUpload, !quarantineKeys.contains(record.objectKey) {
                    result.unusedTickets += 1
                } else {
                    result.lost += 1
                    result.problems.append("\(record.fileId) (not completed by the guest): \(record.state.rawValue)")
                }
            }
        }
        return result
    }

    /// SHA-256 (lowercase hex) of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of an object in the clean bucket.
    private static func sha256(_ services: ReplicaServices, key: String) async throws -> String {
        var hasher = SHA256()
        for try await chunk in try await services.s3.getObject(bucket: services.clean, key: key).body {
            hasher.update(data: Array(buffer: chunk))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
