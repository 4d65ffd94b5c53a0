import Foundation
import Logging
import WebMessaging

extension GuestSession {
    /// One frame from the server.
    func handle(frame text: String, on connection: GuestConnection) async throws {
        let message: ServerMessage
        do {
            message = try ServerMessage.decode(from: text)
        } catch {
            logger.debug("ignored a frame that is not a server message")
            return
        }
        if message.endsSession {
            try await startNewConversation(reason: "the conversation expired")
        }
        if routeNativeReply(message) { return }
        switch message.body {
        case .sessionResponse(let response):
            try await configured(response, on: connection)
        case .jwtResponse(let response):
            guard case .awaitingJwt = phase else { return }
            try await fillHistory(jwt: response.jwt)
            phase = .ready
            try await pump(connection)
        case .structuredMessage(let structured):
            try await received(structured, tracingId: message.tracingId, on: connection)
        case .tooManyRequestsErrorMessage(let body):
            if let id = inFlight?.id, id == message.tracingId || message.tracingId == nil {
                // The message stays first in the outbox; it is written again once, after the pause.
                inFlight = nil
                pausedUntil = .now + .seconds(max(body.retryAfter, 1))
                eventSink.yield(.rateLimited(clientMessageId: id, retryAfter: body.retryAfter))
            }
        case .sessionClearedEvent, .connectionClosedEvent:
            try await startNewConversation(reason: "the conversation was closed")
        case .string(let reason):
            try await refused(code: message.code, reason: reason, tracingId: message.tracingId, on: connection)
        default:
            break
        }
    }

    private func configured(_ response: SessionResponse, on connection: GuestConnection) async throws {
        guard case .configuring = phase else { return }
        readOnly = response.isReadOnly
        let pending = try await loadOrCreate().outbox
        if startNewRequested {
            startNewRequested = false
            eventSink.yield(.newConversationStarted(reason: "the previous conversation ended"))
        }
        eventSink.yield(.state(.connected(newSession: response.isNewSession, readOnly: readOnly)))
        if readOnly, !pending.isEmpty {
            startNewRequested = true
            try await configure(connection, startNew: true)
            return
        }
        if response.isNewSession {
            phase = .ready
            try await pump(connection)
        } else {
            let token = try await loadOrCreate().token
            try write(.getJwt(GetJwtRequest(token: token)), on: connection)
            phase = .awaitingJwt(deadline: .now + configuration.responseTimeout)
        }
    }

    private func received(_ message: StructuredMessage, tracingId: String?, on connection: GuestConnection) async throws
    {
        if tracingId == EchoRequest.healthCheckTracingId { return }
        if message.direction == .inbound, let clientId = message.customMessageId {
            try await acknowledge(clientId)
        }
        if message.type == .event {
            if message.isOutboundTyping {
                eventSink.yield(.typing)
            }
            if message.makesConversationReadOnly {
                readOnly = true
                eventSink.yield(.state(.connected(newSession: false, readOnly: true)))
            }
        }
        if phase == .ready { _ = contiguous.insert(message.id) }
        if seen.insert(message.id) {
            eventSink.yield(.message(message))
        }
        if inFlight == nil { try await pump(connection) }
    }

    /// An error answer (a plain string body with an error code).
    private func refused(code: Int, reason: String, tracingId: String?, on connection: GuestConnection) async throws {
        guard code >= 400, let id = inFlight?.id, tracingId == id else { return }
        inFlight = nil
        // Temporary refusals keep the message queued: rate limits, timeouts, server errors
        // (HTTP 5xx and Genesys's 5000 "unexpected error"). Only a permanent refusal (too long,
        // attributes too large, a bad request) drops it. 4006/4007 end the session earlier.
        let temporary =
            code == 408 || code == 429 || code == ErrorCode.requestRateTooHigh.rawValue || (500..<600).contains(code)
            || code >= 5000
        if temporary {
            pausedUntil = .now + .seconds(2)
            return
        }
        try await mutate { $0.outbox.removeAll { $0.id == id } }
        eventSink.yield(.rejected(clientMessageId: id, code: code, reason: reason))
        try await pump(connection)
    }

    /// Starts over with a new token: the old conversation is gone. Queued messages stay queued
    /// and go to the new conversation.
    func startNewConversation(reason: String) async throws {
        try await mutate { session in
            session.token = UUID().uuidString.lowercased()
            for index in session.outbox.indices { session.outbox[index].attempted = false }
        }
        readOnly = false
        eventSink.yield(.newConversationStarted(reason: reason))
        throw GuestSessionError(.sessionEnded, reason)
    }
}
