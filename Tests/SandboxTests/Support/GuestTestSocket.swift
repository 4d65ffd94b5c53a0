import Foundation
import WebMessaging

/// The test side of one guest WebSocket: send requests, wait for frames.
final class GuestTestSocket: @unchecked Sendable {
    enum Command: Sendable {
        case text(String)
        case binary([UInt8])
        case close
    }

    /// Frames received so far, in order.
    actor Inbox {
        private(set) var frames: [String] = []
        private(set) var isClosed = false
        func append(_ text: String) { frames.append(text) }
        func close() { isClosed = true }
    }

    let inbox = Inbox()
    var commands: AsyncStream<Command>.Continuation?
    private var cursor = 0
    let token: String

    init(token: String = UUID().uuidString.lowercased()) {
        self.token = token
    }

    func send(_ request: GuestRequest) throws {
        commands?.yield(.text(try request.jsonString()))
    }

    func sendRaw(_ text: String) {
        commands?.yield(.text(text))
    }

    func sendBinary(_ bytes: [UInt8]) {
        commands?.yield(.binary(bytes))
    }

    /// The next frame not read yet, waiting up to `timeout`; `nil` when the socket closed first.
    func next(timeout: Duration = .seconds(30)) async throws -> ServerMessage? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let frames = await inbox.frames
            if cursor < frames.count {
                cursor += 1
                return try ServerMessage.decode(from: frames[cursor - 1])
            }
            if await inbox.isClosed { return nil }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw HarnessError("no frame within \(timeout)")
    }

    /// The next frame of a class, skipping others.
    func next(_ className: ServerMessageClass, timeout: Duration = .seconds(30)) async throws -> ServerMessage {
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero, let frame = try await next(timeout: remaining) else {
                throw HarnessError("no \(className) frame within \(timeout)")
            }
            if frame.className == className { return frame }
        }
    }

    /// Waits until the server closed the socket.
    func waitUntilClosed(timeout: Duration = .seconds(30)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await inbox.isClosed { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Sends `configureSession` and returns the session response.
    func configure(deploymentId: String, startNew: Bool = false) async throws -> SessionResponse {
        let tracingId = UUID().uuidString
        try send(
            .configureSession(
                ConfigureSessionRequest(
                    token: token, deploymentId: deploymentId, startNew: startNew, tracingId: tracingId
                )))
        let frame = try await next(.sessionResponse)
        guard case .sessionResponse(let response) = frame.body else { throw HarnessError("not a session response") }
        return response
    }

    /// Sends a text message and returns its echo.
    func say(
        _ text: String,
        metadata: [String: String]? = nil,
        customAttributes: [String: String]? = nil,
        attachmentIds: [String] = []
    ) async throws -> ServerMessage {
        let tracingId = UUID().uuidString
        try send(
            .onMessage(
                OnMessageRequest(
                    token: token,
                    message: .text(
                        text, metadata: metadata, attachmentIds: attachmentIds, customAttributes: customAttributes),
                    tracingId: tracingId
                )))
        guard let frame = try await next() else { throw HarnessError("socket closed") }
        return frame
    }

    /// Sends `echo` and returns the reply.
    func echo() async throws -> ServerMessage? {
        try send(.echo(EchoRequest(token: token, tracingId: "echo-\(UUID().uuidString)")))
        return try await next()
    }

    /// Asks for a JWT.
    func jwt() async throws -> JwtResponse {
        try send(.getJwt(GetJwtRequest(token: token, tracingId: UUID().uuidString)))
        let frame = try await next(.jwtResponse)
        guard case .jwtResponse(let response) = frame.body else { throw HarnessError("not a JWT response") }
        return response
    }
}
