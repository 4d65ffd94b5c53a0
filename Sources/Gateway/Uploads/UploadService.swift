import Foundation
import Logging

/// The upload API's logic, independent of HTTP: tickets, part URLs, resume, complete, abort,
/// status. Every method takes the authenticated guest id; another guest's file id is answered
/// exactly like an unknown one (``Problem/uploadNotFound()``), so existence never leaks.
public struct UploadService: Sendable {
    /// Where the bytes go.
    public let objects: any ObjectStore
    /// Where the records go.
    public let state: any UploadStateStore
    /// What is accepted.
    public let policy: UploadPolicy
    /// Told about every state change made here.
    public let broadcaster: UploadStateBroadcaster?
    let logger: Logger

    /// Creates the service.
    public init(
        objects: any ObjectStore,
        state: any UploadStateStore,
        policy: UploadPolicy = UploadPolicy(),
        broadcaster: UploadStateBroadcaster? = nil,
        logger: Logger = Logger(label: "attache.uploads")
    ) {
        self.objects = objects
        self.state = state
        self.policy = policy
        self.broadcaster = broadcaster
        self.logger = logger
    }

    /// The states whose declared bytes count against the quota.
    static let quotaStates: Set<UploadState> = [.awaitingUpload, .uploaded, .scanning, .clean]

    /// Checks the request against the policy, stores the upload and returns how to upload it.
    /// - Throws: ``Problem`` for anything the guest can fix; store errors otherwise.
    public func createTicket(
        guestId: String, request: UploadAPI.TicketRequest, now: Date = Date()
    ) async throws
        -> UploadAPI.TicketResponse
    {
        let filename: String
        do {
            filename = try FilenameSanitizer.validate(request.filename)
        } catch {
            throw Problem.invalidFilename(error.description)
        }
        let sha256 = try request.sha256.map(Self.validSHA256)
        do {
            // The quota against what the guest already holds is checked where the upload is
            // stored, atomically with the insert (`admit`); here only what the request alone decides.
            try policy.check(
                filename: filename, size: request.size, contentType: request.contentType,
                usedBytes: 0)
        } catch {
            throw Problem(error)
        }
        let contentType = UploadPolicy.normalizedContentType(request.contentType)
        let fileId = RandomID.make()
        let key = UploadRecord.objectKey(forFileId: fileId)
        var record = UploadRecord(
            fileId: fileId, guestId: guestId, filename: filename, contentType: contentType,
            size: request.size, sha256: sha256, createdAt: now)
        let audit = AuditEntry(
            at: now, actor: "guest:\(guestId)", action: "upload.ticket", fileId: fileId,
            detail: "\(request.size) bytes, \(contentType)")
        if !policy.isMultipart(size: request.size) {
            let signed = try await objects.signedPut(
                key: key, contentType: contentType,
                contentLength: request.size, expires: policy.urlExpiry)
            try await admit(record, audit: audit)
            let put = UploadAPI.SinglePut(
                method: "PUT", url: signed.url, headers: signed.headers,
                expiresAt: signed.expiresAt)
            return UploadAPI.TicketResponse(fileId: fileId, state: .awaitingUpload, upload: .put(put))
        }
        let uploadId = try await objects.createMultipartUpload(key: key, contentType: contentType)
        record.uploadId = uploadId
        record.partSize = policy.partSize
        do {
            try await admit(record, audit: audit)
        } catch {
            try? await objects.abortMultipartUpload(key: key, uploadID: uploadId)
            throw error
        }
        let partCount = policy.partCount(size: request.size)
        let first = Array(1...min(partCount, policy.initialPartURLs))
        let parts = try await partURLs(key: key, uploadId: uploadId, partNumbers: first)
        let multipart = UploadAPI.Multipart(
            uploadId: uploadId, partSize: policy.partSize, partCount: partCount,
            parts: parts)
        return UploadAPI.TicketResponse(fileId: fileId, state: .awaitingUpload, upload: .multipart(multipart))
    }

    /// Fresh URLs for parts of a multipart upload still awaiting its bytes.
    public func freshPartURLs(
        guestId: String, fileId: String, partNumbers: [Int]
    ) async throws
        -> UploadAPI.PartsResponse
    {
        let record = try await owned(fileId, by: guestId)
        guard let uploadId = record.uploadId else {
            throw Problem.invalidState("This upload is a single PUT; it has no parts.")
        }
        guard record.state == .awaitingUpload else {
            throw Problem.invalidState("The upload is \(record.state.rawValue); parts can no longer be uploaded.")
        }
        let count = Self.partCount(of: record, policy: policy)
        guard !partNumbers.isEmpty, partNumbers.count <= 100, Set(partNumbers).count == partNumbers.count,
            partNumbers.allSatisfy({ (1...count).contains($0) })
        else {
            throw Problem.invalidRequest("partNumbers must be 1 to 100 distinct numbers between 1 and \(count).")
        }
        return UploadAPI.PartsResponse(
            parts: try await partURLs(key: record.objectKey, uploadId: uploadId, partNumbers: partNumbers)
        )
    }

    /// The parts the store holds (the truth for resuming).
    public func listParts(guestId: String, fileId: String) async throws -> UploadAPI.ListPartsResponse {
        let record = try await owned(fileId, by: guestId)
        guard let uploadId = record.uploadId, let partSize = record.partSize else {
            throw Problem.invalidState("This upload is a single PUT; it has no parts.")
        }
        guard record.state == .awaitingUpload else {
            throw Problem.invalidState("The upload is \(record.state.rawValue); its parts are assembled or gone.")
        }
        let parts = try await objects.listParts(key: record.objectKey, uploadID: uploadId)
        return UploadAPI.ListPartsResponse(
            uploadId: uploadId,
            partSize: partSize,
            parts: parts.map { .init(partNumber: $0.partNumber, etag: $0.etag, size: $0.size) }
        )
    }

    /// Completes an upload: checks the parts (or the single object) against what the store
    /// holds and the declared size, assembles, and marks the upload `uploaded`. Completing again
    /// answers the current status.
    public func complete(
        guestId: String, fileId: String, parts: [UploadAPI.CompletedPart], now: Date = Date()
    )
        async throws -> UploadAPI.StatusResponse
    {
        let record = try await owned(fileId, by: guestId)
        guard record.state == .awaitingUpload else {
            if record.state == .expired { throw Problem.invalidState("The upload was aborted or has expired.") }
            return UploadAPI.StatusResponse(record)
        }
        if let uploadId = record.uploadId {
            try await completeMultipart(record, uploadId: uploadId, parts: parts)
        } else {
            try await checkSingleObject(record, parts: parts)
        }
        let audit = AuditEntry(at: now, actor: "guest:\(guestId)", action: "upload.complete", fileId: fileId)
        if try await state.transition(
            fileId: fileId, from: [.awaitingUpload], to: .uploaded, reason: nil,
            audit: audit)
        {
            await broadcaster?.publish(fileId: fileId)
            return UploadAPI.StatusResponse(try await owned(fileId, by: guestId))
        }
        // The store announced the object as soon as it was assembled, and the scan worker claimed
        // it before the transition above: the guest still completed it, so the audit says so.
        let current = try await owned(fileId, by: guestId)
        if current.state != .awaitingUpload, current.state != .expired {
            try await state.appendAudit(audit)
        }
        return UploadAPI.StatusResponse(current)
    }

    /// Aborts an upload that has not been completed: frees its parts or object, marks it `expired`.
    public func abort(guestId: String, fileId: String, now: Date = Date()) async throws -> UploadAPI.StatusResponse {
        let record = try await owned(fileId, by: guestId)
        guard record.state == .awaitingUpload else {
            if record.state == .expired { return UploadAPI.StatusResponse(record) }
            throw Problem.invalidState(
                "The upload is \(record.state.rawValue); only unfinished uploads can be aborted."
            )
        }
        let audit = AuditEntry(at: now, actor: "guest:\(guestId)", action: "upload.abort", fileId: fileId)
        guard
            try await state.transition(
                fileId: fileId, from: [.awaitingUpload], to: .expired,
                reason: "aborted by the guest", audit: audit)
        else { throw Problem.invalidState("The upload changed state; try again.") }
        if let uploadId = record.uploadId {
            try await objects.abortMultipartUpload(key: record.objectKey, uploadID: uploadId)
        } else {
            try await objects.delete(.quarantine, key: record.objectKey)
        }
        await broadcaster?.publish(fileId: fileId)
        return UploadAPI.StatusResponse(try await owned(fileId, by: guestId))
    }

    /// The upload's status.
    public func status(guestId: String, fileId: String) async throws -> UploadAPI.StatusResponse {
        UploadAPI.StatusResponse(try await owned(fileId, by: guestId))
    }

    /// The record if it exists and belongs to the guest; ``Problem/uploadNotFound()`` otherwise.
    public func owned(_ fileId: String, by guestId: String) async throws -> UploadRecord {
        guard RandomID.isWellFormed(fileId), let record = try await state.upload(fileId: fileId),
            record.guestId == guestId
        else { throw Problem.uploadNotFound() }
        return record
    }

    // MARK: Helpers

    /// Stores the new upload and its audit entry if the guest's quota still allows it, checked
    /// atomically with the insert (concurrent tickets cannot together pass the quota).
    private func admit(_ record: UploadRecord, audit: AuditEntry) async throws {
        let admission = try await state.createUploadWithinQuota(
            record, audit: audit, quota: policy.perGuestQuota, countedStates: Self.quotaStates)
        if case .refused(let used) = admission {
            throw Problem(
                UploadPolicyError.quotaExceeded(used: used, requested: record.size, quota: policy.perGuestQuota))
        }
    }

    private func partURLs(key: String, uploadId: String, partNumbers: [Int]) async throws -> [UploadAPI.PartURL] {
        var urls: [UploadAPI.PartURL] = []
        urls.reserveCapacity(partNumbers.count)
        for number in partNumbers {
            let signed = try await objects.signedUploadPart(
                key: key, uploadID: uploadId, partNumber: number,
                expires: policy.urlExpiry)
            urls.append(UploadAPI.PartURL(partNumber: number, url: signed.url, expiresAt: signed.expiresAt))
        }
        return urls
    }

    private func completeMultipart(
        _ record: UploadRecord, uploadId: String, parts: [UploadAPI.CompletedPart]
    )
        async throws
    {
        let expected = Self.partCount(of: record, policy: policy)
        guard !parts.isEmpty else { throw Problem.partsMismatch("List every part with its ETag.") }
        let numbers = parts.map(\.partNumber)
        guard numbers == Array(1...expected) else {
            throw Problem.partsMismatch("Expected parts 1…\(expected) in order, each once.")
        }
        let listed: [StoredPart]
        do {
            listed = try await objects.listParts(key: record.objectKey, uploadID: uploadId)
        } catch let error as ObjectStoreError where error.code == .noSuchUpload {
            // An earlier completion whose answer was lost (the store assembled the object, the
            // guest retried): the object is there, the upload is complete.
            if try await isAssembled(record) { return }
            throw error
        }
        let stored = Dictionary(listed.map { ($0.partNumber, $0) }, uniquingKeysWith: { _, last in last })
        var assembled: [StoredPart] = []
        for part in parts {
            guard let held = stored[part.partNumber] else {
                throw Problem.partsMismatch("Part \(part.partNumber) has not been uploaded.")
            }
            guard Self.unquoted(held.etag) == Self.unquoted(part.etag) else {
                throw Problem.partsMismatch("The ETag of part \(part.partNumber) does not match the uploaded part.")
            }
            assembled.append(held)
        }
        let total = assembled.reduce(Int64(0)) { $0 + $1.size }
        guard total == record.size else {
            throw Problem.sizeMismatch("The parts hold \(total) bytes; the ticket declared \(record.size).")
        }
        let partSize = record.partSize ?? policy.partSize
        for part in assembled {
            let expectedSize = part.partNumber < expected ? partSize : record.size - partSize * Int64(expected - 1)
            guard part.size == expectedSize else {
                throw Problem.sizeMismatch(
                    "Part \(part.partNumber) holds \(part.size) bytes; it must hold \(expectedSize). Upload it again.")
            }
        }
        do {
            try await objects.completeMultipartUpload(key: record.objectKey, uploadID: uploadId, parts: assembled)
        } catch let error as ObjectStoreError where error.code == .noSuchUpload {
            // The store's own retry of a completion whose answer was lost finds the upload gone.
            if try await isAssembled(record) { return }
            throw error
        }
    }

    /// Whether the upload's object exists with its declared size, in quarantine or (promoted
    /// meanwhile by a worker that took the store's event) in the clean area.
    private func isAssembled(_ record: UploadRecord) async throws -> Bool {
        for area in [ObjectArea.quarantine, .clean] {
            if let object = try await objects.head(area, key: record.objectKey) { return object.size == record.size }
        }
        return false
    }

    private func checkSingleObject(_ record: UploadRecord, parts: [UploadAPI.CompletedPart]) async throws {
        guard parts.isEmpty else { throw Problem.partsMismatch("A single-PUT upload is completed without parts.") }
        guard let object = try await objects.head(.quarantine, key: record.objectKey) else {
            throw Problem.uploadIncomplete("The file has not been uploaded yet.")
        }
        guard object.size == record.size else {
            try await objects.delete(.quarantine, key: record.objectKey)
            logger.warning(
                "upload size mismatch; object deleted",
                metadata: [
                    "fileId": "\(record.fileId)", "declared": "\(record.size)",
                    "stored": "\(object.size)",
                ])
            throw Problem.sizeMismatch(
                "The uploaded file has \(object.size) bytes; the ticket declared \(record.size). Upload it again."
            )
        }
    }

    /// The number of parts of a multipart upload, by the part size it was ticketed with.
    static func partCount(of record: UploadRecord, policy: UploadPolicy) -> Int {
        let partSize = max(record.partSize ?? policy.partSize, 1)
        return Int((record.size + partSize - 1) / partSize)
    }

    static func validSHA256(_ value: String) throws -> String {
        let lower = value.lowercased()
        let isHex = lower.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        guard lower.utf8.count == 64, isHex else {
            throw Problem.invalidRequest("sha256 must be 64 hexadecimal characters.")
        }
        return lower
    }

    static func unquoted(_ etag: String) -> String {
        etag.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).lowercased()
    }
}
