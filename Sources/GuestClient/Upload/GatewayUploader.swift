import Foundation

/// Uploads files through the Attaché gateway: a ticket from `POST /v1/uploads`, then the bytes
/// straight to the object store over presigned URLs (one PUT for small files, parts for large
/// ones), then `POST /v1/uploads/{id}/complete`. The gateway scans the file next; send its
/// ``GatewayUploadResult/fileId`` as message metadata `attacheFileId`.
///
/// Multipart uploads send ``GatewayUploaderConfiguration/concurrency`` parts at a time, read
/// from disk one part per worker, retry each part with full-jitter backoff (a refused or
/// expired URL is replaced with a fresh one from `POST /v1/uploads/{id}/parts`), and save the
/// acknowledged ETags in the ``UploadResumeStore`` after every part, so a new process sends only
/// the parts still missing. Without local state, a known file id resumes from what the store
/// holds (`GET /v1/uploads/{id}/parts`).
///
/// ```swift
/// let uploader = GatewayUploader(
///     configuration: GatewayUploaderConfiguration(gatewayURL: "http://127.0.0.1:8080"),
///     credentials: .guestSession(token: try await session.token(), deploymentId: deploymentId),
///     resumeStore: FileUploadResumeStore(path: "uploads.json"))
/// let upload = uploader.start(GatewayUploadRequest(fileURL: file, contentType: "application/pdf"))
/// for await step in upload.progress { print(Int(step.fraction * 100), "%") }
/// let result = try await upload.result()
/// try await session.send(text: "S3_FILE_UPLOADED", metadata: ["attacheFileId": result.fileId])
/// ```
public struct GatewayUploader: Sendable {
    /// Gateway URL, concurrency, retries.
    public let configuration: GatewayUploaderConfiguration
    /// Where unfinished uploads are remembered.
    public let resumeStore: any UploadResumeStore
    let transport: any UploadHTTPTransport
    let api: GatewayUploadAPIClient

    /// Creates an uploader.
    /// - Parameters:
    ///   - configuration: gateway URL, concurrency, retries.
    ///   - credentials: how to authenticate to the gateway.
    ///   - resumeStore: where unfinished uploads are remembered (in memory by default).
    ///   - transport: HTTP (AsyncHTTPClient by default).
    public init(
        configuration: GatewayUploaderConfiguration,
        credentials: GatewayCredentials,
        resumeStore: any UploadResumeStore = InMemoryUploadResumeStore(),
        transport: any UploadHTTPTransport = AsyncHTTPUploadTransport()
    ) {
        self.configuration = configuration
        self.resumeStore = resumeStore
        self.transport = transport
        self.api = GatewayUploadAPIClient(
            baseURL: configuration.gatewayURL, transport: transport, credentials: credentials,
            retry: configuration.retry)
    }

    /// Starts uploading `request` in a task of its own; follow it through the handle.
    public func start(_ request: GatewayUploadRequest) -> GatewayUploadHandle {
        GatewayUploadHandle(uploader: self, request: request)
    }

    /// Uploads `request` (continuing an earlier attempt when the resume store or
    /// ``GatewayUploadRequest/fileId`` knows one) and completes it at the gateway.
    ///
    /// Cancelling the calling task stops the upload and keeps its resume state (a pause); use
    /// ``abort(fileId:)`` or ``GatewayUploadHandle/cancel()`` to abandon it at the gateway.
    /// - Parameter progress: called after every acknowledged part (and once at the start).
    /// - Throws: ``GatewayUploadError``, or `CancellationError` when the task was cancelled.
    public func upload(
        _ request: GatewayUploadRequest,
        progress: @escaping @Sendable (GatewayUploadProgress) -> Void = { _ in }
    ) async throws -> GatewayUploadResult {
        let key = request.effectiveResumeKey
        let size = try PartReader.size(of: request.fileURL)
        guard size > 0 else { throw GatewayUploadError(.file, "\(request.filename) is empty") }
        if let earlier = try await earlierState(request, key: key, size: size) {
            switch earlier {
            case .finished(let result):
                return result
            case .resume(let state):
                return try await sendParts(state, urls: [], fileURL: request.fileURL, resumed: true, progress: progress)
            }
        }
        let ticket = try await api.ticket(
            .init(filename: request.filename, size: size, contentType: request.contentType, sha256: request.sha256))
        switch ticket.upload {
        case .put(let put):
            let state = UploadResumeState(
                key: key, fileId: ticket.fileId, uploadId: nil, partSize: size, partCount: 1, size: size,
                filename: request.filename, contentType: request.contentType)
            try await save(state)
            return try await sendSingle(state, put: put, fileURL: request.fileURL, progress: progress)
        case .multipart(let multipart):
            let expected = Int((size + multipart.partSize - 1) / max(1, multipart.partSize))
            guard multipart.partSize > 0, multipart.partCount == expected else {
                throw GatewayUploadError(
                    .protocolViolation, "the ticket's \(multipart.partCount) parts do not fit \(size) bytes")
            }
            let state = UploadResumeState(
                key: key, fileId: ticket.fileId, uploadId: multipart.uploadId, partSize: multipart.partSize,
                partCount: multipart.partCount, size: size, filename: request.filename,
                contentType: request.contentType)
            try await save(state)
            return try await sendParts(
                state, urls: multipart.parts, fileURL: request.fileURL, resumed: false, progress: progress)
        }
    }

    /// Abandons an unfinished upload at the gateway (`DELETE /v1/uploads/{id}`; state `expired`).
    public func abort(fileId: String) async throws(GatewayUploadError) -> GatewayUploadAPI.Status {
        try await api.abort(fileId: fileId)
    }

    /// The file's state at the gateway (`GET /v1/uploads/{id}`).
    public func status(fileId: String) async throws(GatewayUploadError) -> GatewayUploadAPI.Status {
        try await api.status(fileId: fileId)
    }

    /// Polls the file's state until it is final (`clean`, `rejected` or `expired`); cancel the
    /// task to stop waiting.
    public func waitForFinalState(fileId: String) async throws -> GatewayUploadAPI.Status {
        while true {
            let status = try await api.status(fileId: fileId)
            if status.state.isFinal { return status }
            try await Task.sleep(for: configuration.statusPollInterval)
        }
    }

    // MARK: Steps

    /// What an earlier attempt left behind.
    enum Earlier {
        case finished(GatewayUploadResult)
        case resume(UploadResumeState)
    }

    /// The earlier attempt of `request`, from the resume store or, when that has nothing, from
    /// the gateway for ``GatewayUploadRequest/fileId``; `nil` to start afresh.
    func earlierState(_ request: GatewayUploadRequest, key: String, size: Int64) async throws -> Earlier? {
        var state = try await loadState(key)
        if let stale = state, stale.size != size {
            try await removeState(key)
            _ = try? await api.abort(fileId: stale.fileId)
            state = nil
        }
        let fileId = state?.fileId ?? request.fileId
        guard let fileId else { return nil }
        let found = try await statusIfKnown(fileId: fileId, orphaned: state != nil)
        guard let status = found else {
            // The gateway no longer knows it (another guest's credential, or purged): start over.
            try await removeState(key)
            return nil
        }
        switch status.state {
        case .awaitingUpload:
            if let state, state.uploadId != nil { return .resume(state) }
            if state == nil, size > 0, let recovered = try await recover(fileId: fileId, request, key: key, size: size)
            {
                return .resume(recovered)
            }
            // A single PUT has no fresh URL to continue with: start over.
            _ = try? await api.abort(fileId: fileId)
            try await removeState(key)
            return nil
        case .expired:
            try await removeState(key)
            return nil
        default:
            try await removeState(key)
            return .finished(
                GatewayUploadResult(fileId: fileId, state: status.state, size: size, partsSent: 0, resumed: true))
        }
    }

    /// The file's status; `nil` when it is unknown (404) and `orphaned` allows starting over.
    func statusIfKnown(fileId: String, orphaned: Bool) async throws(GatewayUploadError) -> GatewayUploadAPI.Status? {
        let result: Result<GatewayUploadAPI.Status, GatewayUploadError>
        do {
            result = .success(try await api.status(fileId: fileId))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let status): return status
        case .failure(let error) where orphaned && error.status == 404: return nil
        case .failure(let error): throw error
        }
    }

    /// Rebuilds the resume state from the parts the store holds (`GET /v1/uploads/{id}/parts`).
    func recover(
        fileId: String, _ request: GatewayUploadRequest, key: String, size: Int64
    ) async throws
        -> UploadResumeState?
    {
        let held = try await api.listParts(fileId: fileId)
        guard held.partSize > 0 else { return nil }
        var state = UploadResumeState(
            key: key, fileId: fileId, uploadId: held.uploadId, partSize: held.partSize,
            partCount: Int((size + held.partSize - 1) / held.partSize), size: size, filename: request.filename,
            contentType: request.contentType)
        for part in held.parts where (1...state.partCount).contains(part.partNumber) {
            if part.size == state.partLength(part.partNumber) { state.etags[part.partNumber] = part.etag }
        }
        try await save(state)
        return state
    }

    func sendSingle(
        _ state: UploadResumeState, put: GatewayUploadAPI.SinglePut, fileURL: URL,
        progress: @escaping @Sendable (GatewayUploadProgress) -> Void
    ) async throws -> GatewayUploadResult {
        let data = try PartReader(url: fileURL).read(offset: 0, length: state.size)
        let headers = put.headers.filter { $0.key.lowercased() != "content-length" }
        _ = try await PartSender(transport: transport, retry: configuration.retry).put(
            part: 1, data: data, headers: headers, url: { put.url }, invalidate: {})
        progress(
            GatewayUploadProgress(
                fileId: state.fileId, filename: state.filename, bytesSent: state.size, totalBytes: state.size,
                partsSent: 1, partCount: 1, part: 1))
        let status = try await api.complete(fileId: state.fileId, parts: [])
        try await removeState(state.key)
        return GatewayUploadResult(
            fileId: state.fileId, state: status.state, size: state.size, partsSent: 1, resumed: false)
    }

    func sendParts(
        _ state: UploadResumeState, urls: [GatewayUploadAPI.PartURL], fileURL: URL, resumed: Bool,
        progress: @escaping @Sendable (GatewayUploadProgress) -> Void
    ) async throws -> GatewayUploadResult {
        let run = MultipartRun(state: state, urls: urls, api: api, store: resumeStore, emit: progress)
        progress(await run.progress(part: nil))
        let missing = state.partCount - state.etags.count
        let sender = PartSender(transport: transport, retry: configuration.retry)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<min(configuration.concurrency, missing) {
                group.addTask {
                    let reader = try PartReader(url: fileURL)
                    while let part = await run.next() {
                        try Task.checkCancellation()
                        let data = try reader.read(
                            offset: Int64(part - 1) * state.partSize, length: state.partLength(part))
                        let etag = try await sender.put(
                            part: part, data: data, headers: [:],
                            url: { () async throws(GatewayUploadError) -> String in try await run.url(for: part) },
                            invalidate: { await run.invalidate(part) })
                        try await run.acknowledge(part, etag: etag)
                    }
                }
            }
            try await group.waitForAll()
        }
        try Task.checkCancellation()
        let status = try await api.complete(fileId: state.fileId, parts: await run.completedParts())
        try await removeState(state.key)
        return GatewayUploadResult(
            fileId: state.fileId, state: status.state, size: state.size, partsSent: await run.partsSent,
            resumed: resumed)
    }

    // MARK: Resume store

    func loadState(_ key: String) async throws(GatewayUploadError) -> UploadResumeState? {
        do { return try await resumeStore.load(key: key) } catch {
            throw GatewayUploadError(.resumeStore, error.description)
        }
    }

    func save(_ state: UploadResumeState) async throws(GatewayUploadError) {
        do { try await resumeStore.save(state) } catch { throw GatewayUploadError(.resumeStore, error.description) }
    }

    func removeState(_ key: String) async throws(GatewayUploadError) {
        do { try await resumeStore.remove(key: key) } catch {
            throw GatewayUploadError(.resumeStore, error.description)
        }
    }
}
