import Foundation
import Logging
import WebMessaging

/// Answers the frames of one guest WebSocket connection: decodes each request, applies the rate
/// limit, and calls ``SandboxState``; every reply goes through the state's outbound stream for this
/// connection, so replies and broadcasts keep their order.
struct GuestSocketHandler {
    let state: SandboxState
    let connection: GuestConnectionID
    let deployment: DeploymentConfiguration
    let logger: Logger
    var rateLimiter: RateLimiter

    /// The largest frame the socket reads (larger ones close the socket with 1009).
    static let maxFrameBytes = 4 << 20

    init(state: SandboxState, connection: GuestConnectionID, deployment: DeploymentConfiguration, logger: Logger) {
        self.state = state
        self.connection = connection
        self.deployment = deployment
        self.logger = logger
        self.rateLimiter = RateLimiter(limit: deployment.rateLimit)
    }

    /// Handles one binary frame: not part of the protocol.
    func handleBinary() async {
        await reply(GuestRequestError(.badRequest, "Binary frames are not supported").frame(tracingId: nil))
    }

    /// Handles one text frame.
    mutating func handle(text: String) async {
        let request: GuestRequest
        do {
            request = try GuestRequest.decode(from: text)
        } catch {
            let code: ErrorCode = error.message.contains("missing field") ? .missingParameter : .badRequest
            logger.debug("guest frame rejected", metadata: ["error": "\(error.code)"])
            await reply(.error(code, "Request failed: \(error.message)", tracingId: nil))
            return
        }
        let tracingId = request.tracingId.map { String($0.prefix(200)) }
        if let retryAfter = rateLimiter.admit(at: Date()) {
            let body = TooManyRequestsErrorMessage(
                retryAfter: retryAfter, errorMessage: "Message rate too high for this session"
            )
            await reply(.response(.tooManyRequestsErrorMessage(body), code: 429, tracingId: tracingId))
            return
        }
        if let token = request.token, !Self.isValidToken(token) {
            await reply(.error(.badRequest, "Invalid token", tracingId: tracingId))
            return
        }
        do throws(GuestRequestError) {
            try await dispatch(request, tracingId: tracingId)
        } catch {
            await reply(error.frame(tracingId: tracingId))
        }
    }

    private func dispatch(_ request: GuestRequest, tracingId: String?) async throws(GuestRequestError) {
        switch request {
        case .configureSession(let body):
            guard body.deploymentId == deployment.id else {
                throw GuestRequestError(
                    .badRequest,
                    "Deployment Id in the request does not match the deployment Id of the connection"
                )
            }
            let response = try await state.configureSession(
                connection: connection, token: body.token, deployment: deployment, startNew: body.startNew
            )
            await reply(.response(.sessionResponse(response), tracingId: tracingId))
        case .configureAuthenticatedSession:
            throw GuestRequestError(.featureUnavailable, "Authenticated sessions are not available in the sandbox")
        case .onMessage(let body):
            try await state.receiveGuestMessage(connection: connection, request: body, deployment: deployment)
        case .echo(let body):
            let echo = StructuredMessage(
                id: UUID().uuidString.lowercased(), type: .text, text: body.message.text ?? "ping", direction: .inbound
            )
            await reply(.response(.structuredMessage(echo), tracingId: tracingId))
        case .onAttachment(let body):
            do {
                let response = try await state.requestUpload(
                    connection: connection, request: body, deployment: deployment
                )
                await reply(.response(.presignedUrlResponse(response), tracingId: tracingId))
            } catch {
                await reply(error.frame(tracingId: tracingId))
            }
        case .getAttachment(let body):
            let response = try await state.attachmentURL(
                connection: connection, request: body, deploymentId: deployment.id
            )
            await reply(.response(.presignedUrlResponse(response), tracingId: tracingId))
        case .deleteAttachment(let body):
            let response = try await state.deleteAttachment(
                connection: connection, request: body, deploymentId: deployment.id
            )
            await reply(.message(.attachmentDeletedResponse(response), tracingId: tracingId))
        case .getJwt(let body):
            let response = try await state.issueJWT(
                connection: connection, token: body.token, deploymentId: deployment.id
            )
            await reply(.response(.jwtResponse(response), tracingId: tracingId))
        case .closeSession(let body):
            let response = try await state.closeSession(
                connection: connection, token: body.token, deploymentId: deployment.id
            )
            await reply(.response(.sessionResponse(response), tracingId: tracingId))
        case .unknown(let raw):
            guard let action = raw["action"]?.stringValue else {
                if case .object = raw {
                    throw GuestRequestError(.missingParameter, "Request failed: missing field 'action'")
                }
                throw GuestRequestError(.badRequest, "Request failed: a request must be a JSON object")
            }
            let shown = action.prefix(64).filter { $0.isLetter || $0.isNumber }
            throw GuestRequestError(.badRequest, "Request failed: unknown action '\(shown)'")
        }
    }

    private func reply(_ frame: ServerMessage) async {
        await state.send(.frame(frame), to: connection)
    }

    /// A token is 1–256 printable ASCII characters (Genesys tokens are UUIDs).
    static func isValidToken(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.count <= 256 && token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
