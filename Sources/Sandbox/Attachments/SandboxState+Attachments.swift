import Crypto
import Foundation
import WebMessaging

extension SandboxState {
    /// Hands out a URL the sandbox itself serves for `PUT` (the `onAttachment` request), after checking
    /// the deployment's allowed types, blocked extensions and declared size.
    /// - Throws: ``AttachmentRejection`` (sent as `GenerateUrlError`) or ``GuestRequestError`` session errors.
    public func requestUpload(
        connection: GuestConnectionID,
        request: OnAttachmentRequest,
        deployment: DeploymentConfiguration
    ) throws(AttachmentRejection) -> PresignedUrlResponse {
        let session: GuestSessionRecord
        do {
            session = try activeSession(token: request.token, connection: connection, deploymentId: deployment.id)
        } catch {
            throw AttachmentRejection(attachmentId: request.attachmentId, error: error)
        }
        func reject(_ code: ErrorCode, _ text: String) -> AttachmentRejection {
            AttachmentRejection(attachmentId: request.attachmentId, error: GuestRequestError(code, text))
        }
        if conversations[session.conversationId]?.readOnly ?? true {
            throw AttachmentRejection(attachmentId: request.attachmentId, error: .readOnly)
        }
        let name = request.fileName
        guard !name.isEmpty, !name.contains("/"), !name.contains("\\"), !name.contains("\0") else {
            throw reject(.fileNameInvalid, "File name is invalid")
        }
        guard name.count <= 255 else { throw reject(.fileNameTooLong, "File name is longer than 255 characters") }
        guard !deployment.blocksFileName(name) else { throw reject(.fileTypeInvalid, "File extension is blocked") }
        guard deployment.allowsFileType(request.fileType) else {
            throw reject(.fileTypeInvalid, "File type \(request.fileType.prefix(100)) is not allowed")
        }
        if let size = request.fileSize, size > deployment.maxFileSizeKB * 1_024 || size < 0 {
            throw reject(.fileSizeInvalid, "File size is larger than \(deployment.maxFileSizeKB) KB")
        }
        if let existing = attachments[request.attachmentId], existing.sessionTokenHash != session.tokenHash {
            throw reject(.badRequest, "Attachment id is already in use")
        }
        sessions[session.tokenHash]?.lastActivityAt = now()
        let secret = Self.randomSecret()
        attachments[request.attachmentId] = AttachmentRecord(
            id: request.attachmentId, sessionTokenHash: session.tokenHash, conversationId: session.conversationId,
            fileName: name, mimeType: request.fileType, size: request.fileSize ?? 0, status: .pending,
            urlSecret: secret, createdAt: now()
        )
        markChanged()
        return PresignedUrlResponse(
            attachmentId: request.attachmentId,
            headers: ["Content-Type": request.fileType],
            url: "\(baseURL)/sandbox/uploads/\(request.attachmentId)?sig=\(secret)",
            fileName: name,
            fileSize: request.fileSize,
            fileType: request.fileType
        )
    }

    /// Accepts the bytes `PUT` to an upload URL; the guest's sockets get `UploadSuccessEvent` (with a
    /// `downloadUrl`) or `UploadFailureEvent` (4002 too large, 4003 empty).
    /// - Returns: whether the upload was accepted.
    /// - Throws: ``SandboxStateError`` when the id or signature is unknown (nothing is sent to guests).
    @discardableResult
    public func completeUpload(attachmentId: String, signature: String, data: Data) throws(SandboxStateError) -> Bool {
        guard let record = attachments[attachmentId], record.status == .pending,
            let tokenHash = record.sessionTokenHash,
            Self.constantTimeEquals(record.urlSecret, signature)
        else { throw SandboxStateError(code: .invalidRequest, message: "unknown or used upload URL") }
        let maxBytes =
            (configuration.deployment(id: sessions[tokenHash]?.deploymentId ?? "")?.maxFileSizeKB
                ?? DeploymentConfiguration().maxFileSizeKB) * 1_024
        let time = Self.timestamp(now())
        let failure: (ErrorCode, String)? =
            data.count > maxBytes
            ? (.fileSizeInvalid, "File size is larger than \(maxBytes / 1_024) KB")
            : data.isEmpty ? (.fileContentInvalid, "File is empty") : nil
        if let (code, text) = failure {
            attachments[attachmentId] = nil
            let event = UploadFailureEvent(
                attachmentId: attachmentId, errorCode: code, errorMessage: text, timestamp: time
            )
            broadcast(.frame(.message(.uploadFailureEvent(event))), toSession: tokenHash)
            markChanged()
            return false
        }
        var updated = record
        updated.status = .uploaded
        updated.size = data.count
        updated.sha256 = SandboxHex.string(SHA256.hash(data: data))
        updated.urlSecret = Self.randomSecret()
        attachments[attachmentId] = updated
        attachmentData[attachmentId] = data
        sessions[tokenHash]?.lastActivityAt = now()
        markChanged()
        let event = UploadSuccessEvent(
            attachmentId: attachmentId, downloadUrl: downloadURL(id: attachmentId, secret: updated.urlSecret),
            timestamp: time
        )
        broadcast(.frame(.message(.uploadSuccessEvent(event))), toSession: tokenHash)
        return true
    }

    /// The download URL of one of the session's uploaded attachments (`getAttachment`).
    /// - Throws: ``GuestRequestError`` session errors, 4009 unknown, 4010 not uploaded.
    public func attachmentURL(
        connection: GuestConnectionID,
        request: GetAttachmentRequest,
        deploymentId: String
    ) throws(GuestRequestError) -> PresignedUrlResponse {
        let session = try activeSession(token: request.token, connection: connection, deploymentId: deploymentId)
        let record = try ownAttachment(request.attachmentId, tokenHash: session.tokenHash)
        guard record.status == .uploaded else {
            throw GuestRequestError(.attachmentNotSuccessfullyUploaded, "Attachment was not successfully uploaded")
        }
        return PresignedUrlResponse(
            attachmentId: record.id, url: downloadURL(id: record.id, secret: record.urlSecret),
            fileName: record.fileName, fileSize: record.size, fileType: record.mimeType
        )
    }

    /// Deletes one of the session's attachments (`deleteAttachment`).
    /// - Throws: ``GuestRequestError`` session errors, 4009 unknown.
    public func deleteAttachment(
        connection: GuestConnectionID,
        request: DeleteAttachmentRequest,
        deploymentId: String
    ) throws(GuestRequestError) -> AttachmentDeletedResponse {
        let session = try activeSession(token: request.token, connection: connection, deploymentId: deploymentId)
        _ = try ownAttachment(request.attachmentId, tokenHash: session.tokenHash)
        attachments[request.attachmentId]?.status = .deleted
        attachmentData[request.attachmentId] = nil
        markChanged()
        return AttachmentDeletedResponse(attachmentId: request.attachmentId)
    }

    /// The bytes behind a download URL, if the signature matches.
    public func download(attachmentId: String, signature: String) -> (record: AttachmentRecord, data: Data)? {
        guard let record = attachments[attachmentId], record.status == .uploaded,
            Self.constantTimeEquals(record.urlSecret, signature), let data = attachmentData[attachmentId]
        else { return nil }
        return (record, data)
    }

    func ownAttachment(_ id: String, tokenHash: String) throws(GuestRequestError) -> AttachmentRecord {
        guard let record = attachments[id], record.sessionTokenHash == tokenHash, record.status != .deleted else {
            throw GuestRequestError(.attachmentNotFound, "Attachment not found")
        }
        return record
    }

    nonisolated static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
