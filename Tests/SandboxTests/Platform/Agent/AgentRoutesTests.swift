import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WebMessaging

@testable import Sandbox

@Suite("Agent console routes")
struct AgentRoutesTests {
    @Test(
        "The console's files are served with a strict Content-Security-Policy",
        arguments: [
            "/agent", "/agent/console.js", "/agent/api.js", "/agent/dom.js", "/agent/transcript.js",
            "/agent/console.css",
        ])
    func assets(path: String) async throws {
        let platform = PlatformFixture.platform(PlatformFixture.state())
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                #expect(response.body.readableBytes > 100)
            }
            try await client.execute(uri: "/agent/../Package.swift", method: .get) { response in
                #expect(response.status != .ok)
            }
        }
    }

    @Test("Sign in, list, accept, reply and disconnect through the console's JSON routes")
    func flow() async throws {
        let state = PlatformFixture.state()
        let template = "http://widget.invalid/?c={{gcConversationId}}&u={{gcUserId}}"
        let configuration = PlatformConfiguration(widgetURLTemplate: template)
        let platform = PlatformFixture.platform(state, configuration: configuration)
        try await PlatformFixture.withGuest(state) { guest in
            try await guest.send("Hello")
            let conversationId = try #require(await PlatformFixture.conversationId(state))
            try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
                let api = PlatformTestClient(client: client)
                let base = "/api/v2/sandbox/agent"
                let agent = try await api.json("\(base)/session", method: .post, token: nil, body: #"{"name":"Ada"}"#)
                let userId = try #require(agent["userId"] as? String)
                let lists = try await api.json("\(base)/conversations?userId=\(userId)", token: nil)
                #expect((lists["waiting"] as? [[String: Any]])?.first?["id"] as? String == conversationId)

                let accepted = try await api.json(
                    "\(base)/conversations/\(conversationId)/accept", method: .post, token: nil,
                    body: #"{"userId":"\#(userId)"}"#
                )
                #expect(accepted["canReply"] as? Bool == true)
                #expect(accepted["widgetURL"] as? String == "http://widget.invalid/?c=\(conversationId)&u=\(userId)")
                let join = await guest.next { $0.events?.isEmpty == false }
                #expect(join != nil)

                _ = try await api.json(
                    "\(base)/conversations/\(conversationId)/messages", method: .post, token: nil,
                    body: #"{"userId":"\#(userId)","text":"Hi Ada here","sampleId":"sample-voice"}"#
                )
                let reply = await guest.next { $0.text == "Hi Ada here" }
                guard case .attachment(let file)? = reply?.content?.first else {
                    Issue.record("expected the voice note")
                    return
                }
                #expect(file.mime == "audio/wav")

                let ended = try await api.json(
                    "\(base)/conversations/\(conversationId)/disconnect", method: .post, token: nil,
                    body: #"{"userId":"\#(userId)"}"#
                )
                #expect(ended["readOnly"] as? Bool == true)
                #expect(ended["canReply"] as? Bool == false)
                let stranger = try await api.json(
                    "\(base)/conversations?userId=nobody", token: nil, status: .unauthorized
                )
                #expect(stranger["code"] as? String == "bad.credentials")
            }
        }
    }
}
