import Foundation
import WebMessaging

extension GuestSession {
    /// Sends a file through the deployment's native Genesys attachment path, for deployments that
    /// take guest files through Genesys rather than the Attaché gateway
    /// (``GatewayUploader``): `onAttachment` → `PresignedUrlResponse` → one `PUT` of the whole
    /// file with exactly the headers the server gave → `UploadSuccessEvent` → a message carrying
    /// `{contentType: "Attachment", attachment: {id}}` through the outbox (in order, exactly once).
    ///
    /// ```swift
    /// do {
    ///     let sent = try await session.sendNativeAttachment(fileURL: photo, text: "the receipt")
    ///     print("queued as", sent.clientMessageId)
    /// } catch let error as NativeAttachmentError where error.code == .fileSizeInvalid {
    ///     print("too large for this deployment")
    /// }
    /// ```
    ///
    /// Call it while ``run()`` runs: requests wait for a ready connection, and one written on a
    /// socket that dies unanswered is written again on the next (the attachment id stays the
    /// same, so a resend replaces the pending upload rather than adding one), each within
    /// ``GuestSessionConfiguration/attachmentTimeout``. If the `UploadSuccessEvent` went to a
    /// socket that died, `getAttachment` asks for the verdict. The file is read whole into
    /// memory: native attachments are small (the deployment's cap, typically 10 MB); use
    /// ``GatewayUploader`` for large files. No `fileMd5` is sent.
    /// - Parameters:
    ///   - fileURL: the file.
    ///   - fileName: the name the agent sees (default: the file's name).
    ///   - contentType: the declared MIME type (default: resolved by ``FileTypeResolver`` from
    ///     the name and the first bytes, so a renamed executable is declared as what it is).
    ///   - text: text of the message carrying the attachment (may be empty).
    ///   - progress: called at each step, in order (on the session's executor: keep it short).
    /// - Returns: the attachment and the client message id of the message carrying it.
    /// - Throws: ``NativeAttachmentError`` (the server's 4001–4005 codes as ``NativeAttachmentError/code``),
    ///   or `CancellationError`.
    public func sendNativeAttachment(
        fileURL: URL,
        fileName: String? = nil,
        contentType: String? = nil,
        text: String = "",
        progress: @escaping @Sendable (NativeAttachmentProgress) -> Void = { _ in }
    ) async throws -> NativeAttachment {
        let attachmentId = UUID().uuidString.lowercased()
        let name = fileName ?? fileURL.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: fileURL)
        } catch {
            throw NativeAttachmentError(.file, attachmentId: attachmentId, message: "cannot read \(name)")
        }
        guard !data.isEmpty else {
            throw NativeAttachmentError(.file, attachmentId: attachmentId, message: "\(name) is empty")
        }
        let type =
            contentType
            ?? FileTypeResolver.resolve(
                mimeType: nil, fileName: name, bytes: Array(data.prefix(FileSniffer.prefixLength))
            ).mimeType
        trackedUploads.insert(attachmentId)
        defer {
            trackedUploads.remove(attachmentId)
            earlyReplies[uploadKey(attachmentId)] = nil
        }

        progress(.requestingURL(attachmentId: attachmentId))
        let size = data.count
        let answer = try await ask(attachmentId) { token, tracingId in
            .onAttachment(
                OnAttachmentRequest(
                    token: token, attachmentId: attachmentId, fileName: name, fileType: type, fileSize: size,
                    errorsAsJson: true, tracingId: tracingId))
        }
        let presigned: PresignedUrlResponse
        switch answer.body {
        case .presignedUrlResponse(let response) where response.attachmentId == attachmentId:
            presigned = response
        case .generateUrlError(let error):
            throw NativeAttachmentError(
                .refused, attachmentId: attachmentId, message: error.errorMessage, code: error.errorCode)
        default:
            throw Self.unexpected(answer, attachmentId: attachmentId)
        }

        progress(.uploading(bytes: size))
        try await put(data, to: presigned, attachmentId: attachmentId)

        progress(.confirming)
        let downloadURL = try await confirmation(of: attachmentId)

        let item = OutboxItem(text: text, attachmentIds: [attachmentId])
        do {
            try await enqueue(item)
        } catch {
            throw NativeAttachmentError(.queueing, attachmentId: attachmentId, message: "\(error)")
        }
        progress(.queued(clientMessageId: item.id))
        return NativeAttachment(
            attachmentId: attachmentId, fileName: name, fileType: type, fileSize: size, downloadURL: downloadURL,
            clientMessageId: item.id)
    }

    /// Deletes a native attachment uploaded but not wanted any more (`deleteAttachment`).
    /// - Throws: ``NativeAttachmentError`` (e.g. ``NativeAttachmentError/Kind/server`` with 4009
    ///   when the server does not know it), or `CancellationError`.
    public func deleteAttachment(id attachmentId: String) async throws {
        let answer = try await ask(attachmentId) { token, tracingId in
            .deleteAttachment(DeleteAttachmentRequest(token: token, attachmentId: attachmentId, tracingId: tracingId))
        }
        guard case .attachmentDeletedResponse = answer.body else {
            throw Self.unexpected(answer, attachmentId: attachmentId)
        }
    }

    /// A native request with the attachment timeout (reconnections included), its timeout as a
    /// typed error.
    private func ask(
        _ attachmentId: String,
        _ make: @escaping @Sendable (_ token: String, _ tracingId: String) -> GuestRequest
    ) async throws -> ServerMessage {
        do {
            return try await nativeRequest(timeout: configuration.attachmentTimeout, make)
        } catch is NativeReplyTimeout {
            throw NativeAttachmentError(
                .timeout, attachmentId: attachmentId, message: "no answer within \(configuration.attachmentTimeout)")
        }
    }

    /// One PUT of the whole file with exactly the headers of the `PresignedUrlResponse`.
    private func put(_ data: Data, to presigned: PresignedUrlResponse, attachmentId: String) async throws {
        let response: UploadHTTPResponse
        do {
            response = try await attachmentTransport.execute(
                UploadHTTPRequest(method: "PUT", url: presigned.url, headers: presigned.headers, body: data))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            // Not the error's text: it may quote the signed URL.
            throw NativeAttachmentError(
                .put, attachmentId: attachmentId, message: "the upload URL did not answer", status: 0)
        }
        guard (200..<300).contains(response.status) else {
            // A server that checks the bytes while receiving them may say why on the socket too
            // (`UploadFailureEvent`, e.g. 4002): that reason is the more useful one.
            if (400..<500).contains(response.status),
                let outcome = try? await awaitReply(
                    key: uploadKey(attachmentId), timeout: min(configuration.responseTimeout, .seconds(2))),
                case .uploadFailureEvent(let event) = outcome.body
            {
                throw NativeAttachmentError(
                    .uploadFailed, attachmentId: attachmentId, message: event.errorMessage, code: event.errorCode,
                    status: response.status)
            }
            throw NativeAttachmentError(
                .put, attachmentId: attachmentId, message: "the upload URL refused the file", status: response.status)
        }
    }

    /// Waits for the server's verdict on an uploaded file; asks with `getAttachment` whenever
    /// none came within the response timeout (the event may have gone to a socket that died).
    /// - Returns: the download URL.
    private func confirmation(of attachmentId: String) async throws -> String {
        let deadline = ContinuousClock.now + configuration.attachmentTimeout
        while true {
            let wait = min(configuration.responseTimeout, max(deadline - .now, .milliseconds(1)))
            do {
                let outcome = try await awaitReply(key: uploadKey(attachmentId), timeout: wait)
                switch outcome.body {
                case .uploadSuccessEvent(let event):
                    return event.downloadUrl
                case .uploadFailureEvent(let event):
                    throw NativeAttachmentError(
                        .uploadFailed, attachmentId: attachmentId, message: event.errorMessage, code: event.errorCode)
                default:
                    throw Self.unexpected(outcome, attachmentId: attachmentId)
                }
            } catch is NativeReplyTimeout {
                guard ContinuousClock.now < deadline else {
                    throw NativeAttachmentError(
                        .timeout, attachmentId: attachmentId,
                        message: "no verdict within \(configuration.attachmentTimeout)")
                }
            }
            let answer = try await ask(attachmentId) { token, tracingId in
                .getAttachment(GetAttachmentRequest(token: token, attachmentId: attachmentId, tracingId: tracingId))
            }
            switch answer.body {
            case .presignedUrlResponse(let response) where response.attachmentId == attachmentId:
                return response.url
            case .string where answer.code == ErrorCode.attachmentNotSuccessfullyUploaded.rawValue:
                continue  // still being processed
            default:
                throw Self.unexpected(answer, attachmentId: attachmentId)
            }
        }
    }

    private static func unexpected(_ answer: ServerMessage, attachmentId: String) -> NativeAttachmentError {
        if case .string(let reason) = answer.body {
            return NativeAttachmentError(
                .server, attachmentId: attachmentId, message: reason, code: ErrorCode(answer.code))
        }
        return NativeAttachmentError(
            .server, attachmentId: attachmentId, message: "unexpected \(answer.body.className.rawValue) answer")
    }
}
