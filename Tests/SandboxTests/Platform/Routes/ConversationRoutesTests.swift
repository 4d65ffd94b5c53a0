import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WebMessaging

@testable import Sandbox

@Suite("Platform API: OAuth and the Conversations API subset")
struct ConversationRoutesTests {
    @Test("POST /oauth/token: a good secret gets a bearer token; a bad one gets Genesys's 401")
    func oauth() async throws {
        let platform = PlatformFixture.platform(PlatformFixture.state())
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            let token = try await PlatformTestClient(client: client).token()
            #expect(!token.isEmpty)
            try await client.execute(
                uri: "/oauth/token", method: .post,
                headers: [.authorization: PlatformFixture.basic("test-client", "nope")],
                body: ByteBuffer(string: "grant_type=client_credentials")
            ) { response in
                #expect(response.status == .unauthorized)
                let body = try JSONDecoder().decode(OAuthTokenError.Body.self, from: Data(buffer: response.body))
                #expect(body.error == "invalid_client")
                #expect(body.errorDescription == "authentication failed")
            }
        }
    }

    @Test("Conversation routes refuse missing, unknown and expired tokens with bad.credentials")
    func unauthorized() async throws {
        let state = PlatformFixture.state()
        let guest = try await PlatformFixture.guest(state)
        try await guest.send("hello")
        let conversationId = try #require(await PlatformFixture.conversationId(state))
        let platform = PlatformFixture.platform(state)
        let longAgo = Date().addingTimeInterval(-90_000)
        let expired = await platform.tokens.issue(to: "test-client", now: longAgo).accessToken
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            let api = PlatformTestClient(client: client)
            for token in [nil, "unknown-token", expired] {
                let body = try await api.json(
                    "/api/v2/conversations/\(conversationId)", token: token, status: .unauthorized
                )
                #expect(body["code"] as? String == "bad.credentials")
                #expect(body["status"] as? Int == 401)
                #expect(body["message"] as? String == "Invalid login credentials.")
                #expect(body["contextId"] is String)
            }
        }
    }

    @Test("GET conversation shapes list participants with purpose, userId, states and attributes")
    func shapes() async throws {
        let state = PlatformFixture.state()
        let guest = try await PlatformFixture.guest(state)
        try await guest.send("hello", customAttributes: ["attacheGuestId": "g-42"])
        let conversationId = try #require(await PlatformFixture.conversationId(state))
        let agent = AgentProfile(id: "agent-user-1", name: "Ada")
        try await state.acceptConversation(conversationId, agent: agent)
        let platform = PlatformFixture.platform(state)
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            let api = PlatformTestClient(client: client)
            let token = try await api.token()
            let conversation = try await api.json("/api/v2/conversations/\(conversationId)", token: token)
            #expect(conversation["id"] as? String == conversationId)
            #expect(conversation["selfUri"] as? String == "/api/v2/conversations/\(conversationId)")
            let participants = try #require(conversation["participants"] as? [[String: Any]])
            #expect(participants.map { $0["purpose"] as? String } == ["customer", "agent"])
            let customer = participants[0]
            #expect((customer["attributes"] as? [String: String])?["attacheGuestId"] == "g-42")
            #expect(customer["userId"] == nil)
            let agentParticipant = participants[1]
            #expect(agentParticipant["userId"] as? String == "agent-user-1")
            let communications = try #require(agentParticipant["messages"] as? [[String: Any]])
            #expect(communications.first?["state"] as? String == "connected")
            #expect(communications.first?["type"] as? String == "webmessaging")
            #expect(
                communications.first?["id"] as? String
                    == ParticipantRecord.communicationId(forParticipant: agentParticipant["id"] as? String ?? ""))

            let messaging = try await api.json("/api/v2/conversations/messages/\(conversationId)", token: token)
            let mediaParticipants = try #require(messaging["participants"] as? [[String: Any]])
            #expect(mediaParticipants.map { $0["state"] as? String } == ["connected", "connected"])
            #expect((mediaParticipants[1]["user"] as? [String: Any])?["id"] as? String == "agent-user-1")
            #expect(mediaParticipants[0]["direction"] as? String == "inbound")

            let missing = try await api.json("/api/v2/conversations/nope", token: token, status: .notFound)
            #expect(missing["code"] as? String == "not.found")
        }
    }

    @Test("Sending on the agent's communication reaches the guest's socket as an Outbound message")
    func sendReachesGuest() async throws {
        let state = PlatformFixture.state()
        try await PlatformFixture.withGuest(state) { guest in
            try await guest.send("hello")
            let conversationId = try #require(await PlatformFixture.conversationId(state))
            let agentParticipant = try await state.acceptConversation(
                conversationId, agent: AgentProfile(id: "agent-user-1", name: "Ada")
            )
            let platform = PlatformFixture.platform(state)
            try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
                let api = PlatformTestClient(client: client)
                let token = try await api.token()
                let uri =
                    "/api/v2/conversations/messages/\(conversationId)/communications/"
                    + "\(agentParticipant.communicationId)/messages"
                let body = #"{"textBody": "Your file is ready", "mediaIds": ["sample-pdf"]}"#
                let sent = try await api.json(uri, method: .post, token: token, body: body)
                #expect(sent["textBody"] as? String == "Your file is ready")
                #expect(sent["direction"] as? String == "outbound")
                #expect(sent["status"] as? String == "sent")
                let delivered = await guest.next { $0.text == "Your file is ready" }
                #expect(delivered?.direction == .outbound)
                #expect(delivered?.channel?.from?.nickname == "Ada")
                guard case .attachment(let file)? = delivered?.content?.first else {
                    Issue.record("expected the sample PDF attachment")
                    return
                }
                #expect(file.filename == "sample-statement.pdf")
                #expect(file.mime == "application/pdf")

                let unknown = try await api.json(
                    "/api/v2/conversations/messages/\(conversationId)/communications/nope/messages",
                    method: .post, token: token, body: #"{"textBody": "x"}"#, status: .notFound
                )
                #expect(unknown["code"] as? String == "not.found")
            }
        }
    }

    @Test("PATCH participant attributes merges them and the conversation shows them")
    func patchAttributes() async throws {
        let state = PlatformFixture.state()
        let guest = try await PlatformFixture.guest(state)
        try await guest.send("hello", customAttributes: ["keep": "1"])
        let conversation = try #require(await state.conversations().last)
        let customer = try #require(conversation.customer)
        let platform = PlatformFixture.platform(state)
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            let api = PlatformTestClient(client: client)
            let token = try await api.token()
            let uri = "/api/v2/conversations/messages/\(conversation.id)/participants/\(customer.id)/attributes"
            let patched = try await api.json(
                uri, method: .patch, token: token, body: #"{"attributes": {"attacheFileId": "f-7"}}"#
            )
            #expect(patched["attributes"] as? [String: String] == ["keep": "1", "attacheFileId": "f-7"])
            let stored = await state.conversation(id: conversation.id)?.customer?.attributes
            #expect(stored == ["keep": "1", "attacheFileId": "f-7"])
            let bad = try await api.json(uri, method: .patch, token: token, body: "not json", status: .badRequest)
            #expect(bad["code"] as? String == "bad.request")
            let unknown = try await api.json(
                "/api/v2/conversations/messages/\(conversation.id)/participants/nope/attributes",
                method: .patch, token: token, body: #"{"attributes": {}}"#, status: .notFound
            )
            #expect(unknown["code"] as? String == "not.found")
        }
    }
}
