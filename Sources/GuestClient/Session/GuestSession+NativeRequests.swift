import Foundation
import WebMessaging

/// A request of the native attachment path, written on the next ready connection. The token is
/// filled in when it is written (a new conversation may have replaced it meanwhile).
struct NativeRequest: Sendable {
    let tracingId: String
    let make: @Sendable (_ token: String, _ tracingId: String) -> GuestRequest
}

/// No answer arrived in time for a native request.
struct NativeReplyTimeout: Error {}

extension GuestSession {
    /// Queues a request for the next ready connection and waits for the answer carrying its
    /// tracing id. A request written on a connection that dies unanswered, or answered with
    /// `TooManyRequestsErrorMessage`, is written again (after the pause) on the next one.
    /// - Throws: ``NativeReplyTimeout``, or `CancellationError`.
    func nativeRequest(
        timeout: Duration,
        _ make: @escaping @Sendable (_ token: String, _ tracingId: String) -> GuestRequest
    ) async throws -> ServerMessage {
        let tracingId = UUID().uuidString.lowercased()
        nativeQueue.append(NativeRequest(tracingId: tracingId, make: make))
        connectionInputs?.yield(.kick)
        defer {
            nativeQueue.removeAll { $0.tracingId == tracingId }
            nativeSent.removeAll { $0.tracingId == tracingId }
        }
        return try await awaitReply(key: tracingId, timeout: timeout)
    }

    /// Waits for the frame delivered under `key` (a tracing id, or ``uploadKey(_:)``), or takes
    /// the one that arrived before anyone waited.
    /// - Throws: ``NativeReplyTimeout`` after `timeout`, or `CancellationError`.
    func awaitReply(key: String, timeout: Duration) async throws -> ServerMessage {
        if let early = earlyReplies.removeValue(forKey: key) { return early }
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.resolveReply(key, with: .failure(NativeReplyTimeout()))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    replyWaiters[key] = continuation
                }
            }
        } onCancel: {
            Task { await self.resolveReply(key, with: .failure(CancellationError())) }
        }
    }

    /// Resumes the caller waiting under `key`; `false` when nobody waits.
    @discardableResult
    func resolveReply(_ key: String, with result: Result<ServerMessage, any Error>) -> Bool {
        guard let waiter = replyWaiters.removeValue(forKey: key) else { return false }
        waiter.resume(with: result)
        return true
    }

    /// The key an upload's `UploadSuccessEvent` / `UploadFailureEvent` is delivered under.
    func uploadKey(_ attachmentId: String) -> String { "upload:" + attachmentId }

    /// Writes the queued native requests when the connection is ready and not paused.
    func sendNativeRequests(_ connection: GuestConnection) async throws {
        guard phase == .ready, pausedUntil == nil, !nativeQueue.isEmpty else { return }
        let token = try await loadOrCreate().token
        while phase == .ready, pausedUntil == nil, !nativeQueue.isEmpty {
            let request = nativeQueue.removeFirst()
            try write(request.make(token, request.tracingId), on: connection)
            nativeSent.append(request)
        }
    }

    /// After a connection ended: what it left unanswered goes first on the next one.
    func requeueUnansweredNativeRequests() {
        nativeQueue.insert(contentsOf: nativeSent, at: 0)
        nativeSent.removeAll()
    }

    /// Hands a frame that answers a native request (or reports one of this session's uploads) to
    /// its waiter; `false` for every other frame.
    func routeNativeReply(_ message: ServerMessage) -> Bool {
        switch message.body {
        case .uploadSuccessEvent(let event):
            return deliverUploadOutcome(event.attachmentId, message)
        case .uploadFailureEvent(let event):
            return deliverUploadOutcome(event.attachmentId, message)
        default:
            break
        }
        guard let tracingId = message.tracingId,
            let index = nativeSent.firstIndex(where: { $0.tracingId == tracingId })
        else { return false }
        let request = nativeSent.remove(at: index)
        if case .tooManyRequestsErrorMessage(let body) = message.body {
            nativeQueue.insert(request, at: 0)
            pausedUntil = .now + .seconds(max(body.retryAfter, 1))
            eventSink.yield(.rateLimited(clientMessageId: nil, retryAfter: body.retryAfter))
            return true
        }
        resolveReply(tracingId, with: .success(message))
        return true
    }

    private func deliverUploadOutcome(_ attachmentId: String, _ message: ServerMessage) -> Bool {
        guard trackedUploads.contains(attachmentId) else { return false }
        let key = uploadKey(attachmentId)
        if !resolveReply(key, with: .success(message)) { earlyReplies[key] = message }
        return true
    }
}
