import Foundation

/// One running upload started with ``GatewayUploader/start(_:)``: its progress, its result,
/// and the ways to stop it.
public final class GatewayUploadHandle: Sendable {
    /// Progress events, one after every acknowledged part; the stream ends with the upload.
    public let progress: AsyncStream<GatewayUploadProgress>
    /// The key under which the upload's resume state is kept.
    public let resumeKey: String
    private let task: Task<GatewayUploadResult, any Error>
    private let uploader: GatewayUploader

    init(uploader: GatewayUploader, request: GatewayUploadRequest) {
        var request = request
        let key = request.effectiveResumeKey
        request.resumeKey = key
        let (stream, continuation) = AsyncStream.makeStream(
            of: GatewayUploadProgress.self, bufferingPolicy: .bufferingNewest(256))
        progress = stream
        resumeKey = key
        self.uploader = uploader
        task = Task {
            defer { continuation.finish() }
            return try await uploader.upload(request) { continuation.yield($0) }
        }
    }

    /// Waits for the upload to complete at the gateway.
    /// - Throws: ``GatewayUploadError``, or `CancellationError` after ``pause()`` or ``cancel()``.
    public func result() async throws -> GatewayUploadResult {
        try await task.value
    }

    /// Stops sending and keeps the resume state: a later ``GatewayUploader/upload(_:progress:)``
    /// of the same file (in this process or another) sends only the missing parts.
    public func pause() {
        task.cancel()
    }

    /// Stops sending, abandons the upload at the gateway (`DELETE`, state `expired`) and forgets
    /// its resume state. Returns the gateway's final status, or `nil` when no upload had begun
    /// or it had already completed (then it is the gateway's to scan, not to abort).
    @discardableResult
    public func cancel() async throws(GatewayUploadError) -> GatewayUploadAPI.Status? {
        task.cancel()
        _ = try? await task.value
        guard let state = try await uploader.loadState(resumeKey) else { return nil }
        let status = try await uploader.abort(fileId: state.fileId)
        try await uploader.removeState(resumeKey)
        return status
    }
}
