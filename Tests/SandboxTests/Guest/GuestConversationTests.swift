import Foundation
import NIOHTTP1
import Testing
import WebMessaging

@testable import Sandbox

/// Whole conversations driven over a real WebSocket against the sandbox running on 127.0.0.1.
@Suite("Guest conversations over a real WebSocket")
struct GuestConversationTests {
    @Test("a guest starts a session, sends a message with metadata, and gets it echoed with the same tracingId")
    func newSessionAndEcho() async throws {
        try await SandboxHarness.with { sandbox in
            try await sandbox.withGuest { guest in
                let session = try await guest.configure(deploymentId: sandbox.deploymentId)
                #expect(session.connected)
                #expect(session.newSession == true)
                #expect(session.readOnly == false)
                #expect(session.maxCustomDataBytes == 2_048)
                #expect(session.allowedMedia?.inbound?.maxFileSizeKB == 10_240)

                let tracingId = "trace-1"
                try guest.send(
                    .onMessage(
                        OnMessageRequest(
                            token: guest.token,
                            message: .text(
                                "hello", metadata: ["attacheId": "idem-1"], customAttributes: ["guestId": "g1"]),
                            tracingId: tracingId
                        )))
                let echo = try #require(try await guest.next())
                #expect(echo.type == .message)
                #expect(echo.tracingId == tracingId)
                guard case .structuredMessage(let message) = echo.body else {
                    Issue.record("expected a StructuredMessage, got \(echo.className)")
                    return
                }
                #expect(message.direction == .inbound)
                #expect(message.text == "hello")
                #expect(message.metadata == ["attacheId": "idem-1"])

                let conversations = await sandbox.state.conversations(status: .waiting)
                #expect(conversations.count == 1)
                #expect(conversations.first?.messages.first?.customAttributes == ["guestId": "g1"])
                #expect(conversations.first?.customer?.attributes["guestId"] == "g1")
            }
        }
    }

    @Test("agent accepts and replies with an attachment; the guest reconnects with newSession false and reads history")
    func agentReplyReconnectAndHistory() async throws {
        try await SandboxHarness.with { sandbox in
            let token = UUID().uuidString.lowercased()
            let inbound = await sandbox.state.inboundMessages()
            var inboundIterator = inbound.makeAsyncIterator()
            let conversationId = try await sandbox.withGuest(token: token) { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                _ = try await guest.say("I need help", metadata: ["n": "1"])
                let event = try #require(await inboundIterator.next())
                #expect(event.text == "I need help")
                let conversationId = event.conversationId

                try await sandbox.state.acceptConversation(conversationId, agent: .defaultAgent)
                let join = try await guest.next(.structuredMessage)
                guard case .structuredMessage(let joinMessage) = join.body else { throw HarnessError("no join") }
                #expect(joinMessage.direction == .outbound)
                #expect(joinMessage.presenceTypes == [.join])

                let file = AgentAttachment(
                    fileName: "invoice.pdf", mimeType: "application/pdf", data: Data("%PDF-1.7".utf8)
                )
                try await sandbox.state.sendAgentMessage(conversationId, text: "Here you go", attachments: [file])
                let reply = try await guest.next(.structuredMessage)
                guard case .structuredMessage(let replyMessage) = reply.body else { throw HarnessError("no reply") }
                #expect(replyMessage.direction == .outbound)
                #expect(replyMessage.text == "Here you go")
                let attachment = try #require(replyMessage.attachments.first)
                #expect(attachment.filename == "invoice.pdf")
                #expect(attachment.mediaType == .file)
                #expect(attachment.mime == "application/pdf")
                let (status, body) = try await sandbox.http(.GET, try #require(attachment.url))
                #expect(status == 200)
                #expect(body == Data("%PDF-1.7".utf8))
                return conversationId
            }
            #expect(await sandbox.state.conversation(id: conversationId)?.status == .active)

            try await sandbox.withGuest(token: token) { guest in
                let session = try await guest.configure(deploymentId: sandbox.deploymentId)
                #expect(session.newSession == false)
                #expect(session.readOnly == false)
                let jwt = try await guest.jwt()
                #expect(jwt.exp > Int(Date().timeIntervalSince1970))
                let (status, page) = try await sandbox.history(jwt: jwt.jwt)
                #expect(status == 200)
                let history = try #require(page)
                #expect(history.total == 3)
                #expect(history.pageNumber == 1)
                #expect(history.pageCount == 1)
                #expect(history.entities.map(\.text) == ["Here you go", nil, "I need help"])
                #expect(history.entities.last?.direction == .inbound)

                let (pagedStatus, paged) = try await sandbox.history(jwt: jwt.jwt, pageSize: 2, pageNumber: 2)
                #expect(pagedStatus == 200)
                #expect(paged?.entities.map(\.text) == ["I need help"])
                #expect(paged?.pageCount == 2)
            }
        }
    }

    @Test("history without a JWT, with a forged one, or after closeSession answers 401")
    func historyUnauthorized() async throws {
        try await SandboxHarness.with { sandbox in
            #expect(try await sandbox.history(jwt: nil).0 == 401)
            #expect(try await sandbox.history(jwt: "a.b.c").0 == 401)
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                let jwt = try await guest.jwt()
                let parts = jwt.jwt.split(separator: ".")
                let forged = "\(parts[0]).\(parts[1]).AAAA\(parts[2].dropFirst(4))"
                #expect(try await sandbox.history(jwt: forged).0 == 401)
                #expect(try await sandbox.history(jwt: jwt.jwt).0 == 200)
                try guest.send(.closeSession(CloseSessionRequest(token: guest.token)))
                _ = try await guest.next(.sessionResponse)
                #expect(try await sandbox.history(jwt: jwt.jwt).0 == 401)
            }
        }
    }

    @Test("an expired JWT answers 401")
    func expiredJWT() async throws {
        var configuration = SandboxHarness.configuration()
        configuration.jwtLifetimeSeconds = 1
        try await SandboxHarness.with(configuration) { sandbox in
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                let jwt = try await guest.jwt()
                try await Task.sleep(for: .milliseconds(2_100))
                #expect(try await sandbox.history(jwt: jwt.jwt).0 == 401)
            }
        }
    }

    @Test("agent disconnect makes the session read-only: Presence Disconnect with readOnly, sending refused")
    func agentDisconnectReadOnly() async throws {
        try await SandboxHarness.with { sandbox in
            let token = UUID().uuidString.lowercased()
            try await sandbox.withGuest(token: token) { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                _ = try await guest.say("hi")
                let conversation = try #require(await sandbox.state.conversations().first)
                try await sandbox.state.acceptConversation(conversation.id, agent: .defaultAgent)
                _ = try await guest.next(.structuredMessage)
                try await sandbox.state.disconnectAgent(conversation.id)
                let frame = try await guest.next(.structuredMessage)
                guard case .structuredMessage(let message) = frame.body else { throw HarnessError("no disconnect") }
                #expect(message.makesConversationReadOnly)
                let refused = try await guest.say("still there?")
                #expect(refused.className == .string)
                #expect(refused.code == 403)
                let echo = try await guest.echo()
                #expect(echo?.className == .structuredMessage)
                #expect(await sandbox.state.conversation(id: conversation.id)?.status == .ended)
                #expect(await sandbox.state.conversation(id: conversation.id)?.agents.first?.state == .disconnected)
            }
            try await sandbox.withGuest(token: token) { guest in
                let resumed = try await guest.configure(deploymentId: sandbox.deploymentId)
                #expect(resumed.readOnly == true)
                #expect(resumed.newSession == false)
                try guest.send(.closeSession(CloseSessionRequest(token: guest.token)))
                let closed = try await guest.next(.sessionResponse)
                guard case .sessionResponse(let closedSession) = closed.body else { throw HarnessError("no response") }
                #expect(closedSession.connected == false)
                #expect(closedSession.readOnly == true)
                let fresh = try await guest.configure(deploymentId: sandbox.deploymentId, startNew: true)
                #expect(fresh.connected)
                #expect(fresh.newSession == true)
                #expect(fresh.readOnly == false)
                let echo = try await guest.say("new chat")
                #expect(echo.className == .structuredMessage)
            }
            #expect(await sandbox.state.conversations().count == 2)
        }
    }

    @Test("closeSession: the token's other sockets get ConnectionClosedEvent and close; replays are refused")
    func closeSessionAcrossTabs() async throws {
        try await SandboxHarness.with { sandbox in
            let token = UUID().uuidString.lowercased()
            try await sandbox.withGuest(token: token) { first in
                _ = try await first.configure(deploymentId: sandbox.deploymentId)
                try await sandbox.withGuest(token: token) { second in
                    let resumed = try await second.configure(deploymentId: sandbox.deploymentId)
                    #expect(resumed.newSession == false)
                    _ = try await second.say("from tab two")
                    let mirrored = try await first.next(.structuredMessage)
                    guard case .structuredMessage(let message) = mirrored.body else { throw HarnessError("none") }
                    #expect(message.text == "from tab two")

                    try first.send(.closeSession(CloseSessionRequest(token: token, tracingId: "close-1")))
                    let response = try await first.next(.sessionResponse)
                    #expect(response.tracingId == "close-1")
                    _ = try await second.next(.connectionClosedEvent)
                    #expect(try await second.waitUntilClosed())

                    let replay = try await first.say("replayed")
                    #expect(replay.className == .string)
                    #expect(replay.code == ErrorCode.sessionNotFound.rawValue)
                    let echo = try await first.echo()
                    #expect(echo?.className == .structuredMessage)
                }
            }
        }
    }

    @Test("inactivity expiry sends SessionExpiredEvent and closes the socket; the token then starts anew")
    func inactivityExpiry() async throws {
        let deployment = DeploymentConfiguration(id: "short-lived", inactivityExpirySeconds: 1)
        try await SandboxHarness.with(SandboxHarness.configuration(deployment: deployment)) { sandbox in
            let token = UUID().uuidString.lowercased()
            let started = ContinuousClock.now
            try await sandbox.withGuest(token: token) { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                let expired = try await guest.next(.sessionExpiredEvent, timeout: .seconds(30))
                #expect(expired.endsSession)
                #expect(try await guest.waitUntilClosed())
            }
            let elapsed = ContinuousClock.now - started
            // Never before the inactivity period; no upper bound: these machines are shared and noisy.
            #expect(elapsed >= .seconds(1))
            try await sandbox.withGuest(token: token) { guest in
                let again = try await guest.configure(deploymentId: sandbox.deploymentId)
                #expect(again.newSession == true)
            }
        }
    }

    @Test("clearing the conversation sends SessionClearedEvent and forgets the token")
    func clearConversation() async throws {
        try await SandboxHarness.with { sandbox in
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                _ = try await guest.say("forget me")
                try guest.send(
                    .onMessage(
                        OnMessageRequest(
                            token: guest.token, message: .events([.presence(Presence(type: .clear))])
                        )))
                _ = try await guest.next(.sessionClearedEvent)
                #expect(try await guest.waitUntilClosed())
            }
            #expect(await sandbox.state.conversations(status: .ended).count == 1)
        }
    }

    @Test("typing events are echoed to the session but not stored")
    func typing() async throws {
        try await SandboxHarness.with { sandbox in
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                try guest.send(
                    .onMessage(
                        OnMessageRequest(
                            token: guest.token, message: .events([.typing(Typing(type: .on))]), tracingId: "typing-1"
                        )))
                let echo = try await guest.next(.structuredMessage)
                #expect(echo.tracingId == "typing-1")
                #expect(await sandbox.state.conversations().first?.messages.isEmpty == true)
            }
        }
    }
}
