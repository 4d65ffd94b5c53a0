import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WebMessaging

@testable import Sandbox

@Suite("Trigger rules fire Data Actions for guest messages")
struct TriggerEngineTests {
    @Test("A message containing S3_FILE_UPLOADED calls the Data Action with the right body and header")
    func firesOnKeyword() async throws {
        try await DataActionReceiver.with { receiver, base in
            let state = PlatformFixture.state()
            let rules = TriggerRule.attacheDefaults(gatewayURL: base, secret: "data-action-secret")
            let platform = PlatformFixture.platform(state, configuration: PlatformConfiguration(triggerRules: rules))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { await platform.runTriggers() }
                try await Task.sleep(for: .milliseconds(100))  // let the engine subscribe
                let guest = try await PlatformFixture.guest(state)
                try await guest.send("hi", customAttributes: ["attacheGuestId": "g-1"])
                try await guest.send("S3_FILE_UPLOADED report.pdf", metadata: ["attacheFileId": "file-123"])
                try await guest.send("just chatting")
                let received = await receiver.waitFor(2)
                tasks.cancelAll()
                try #require(received.count == 2)
                let conversationId = try #require(await PlatformFixture.conversationId(state))

                #expect(
                    received.map(\.path) == [
                        "/v1/data-actions/register-conversation", "/v1/data-actions/file-link",
                    ])
                for request in received {
                    #expect(request.header("X-Attache-Data-Action-Secret") == "data-action-secret")
                }
                let register = try #require(
                    try JSONSerialization.jsonObject(with: received[0].body) as? [String: String])
                #expect(register == ["conversationId": conversationId, "guestId": "g-1"])
                let link = try #require(try JSONSerialization.jsonObject(with: received[1].body) as? [String: String])
                #expect(link == ["conversationId": conversationId, "userId": "", "fileId": "file-123"])

                let log = await platform.triggerLog.waitForEntries(2)
                #expect(log.map(\.rule) == ["register-conversation", "file-link"])
                #expect(log.allSatisfy { $0.outcome == .succeeded && $0.status == 200 })
                #expect(log[1].responseKeys == ["expiresIn", "url"])
            }
        }
    }

    @Test("The file-link call names the connected agent's user id (not an alerting or departed one)")
    func namesConnectedAgent() async throws {
        try await DataActionReceiver.with { receiver, base in
            let state = PlatformFixture.state()
            let rules = TriggerRule.attacheDefaults(gatewayURL: base, secret: "data-action-secret")
            let platform = PlatformFixture.platform(state, configuration: PlatformConfiguration(triggerRules: rules))
            let guest = try await PlatformFixture.guest(state)
            try await guest.send("hello", customAttributes: ["attacheGuestId": "g-2"])
            let conversationId = try #require(await PlatformFixture.conversationId(state))
            try await state.alertAgent(conversationId, agent: AgentProfile(id: "agent-alerting", name: "Al"))
            try await state.acceptConversation(conversationId, agent: AgentProfile(id: "agent-connected", name: "Ada"))
            try await guest.send("S3_FILE_UPLOADED a.pdf", metadata: ["attacheFileId": "file-7"])
            let conversation = try #require(await state.conversation(id: conversationId))
            let event = InboundMessageEvent(
                conversationId: conversation.id, deploymentId: conversation.deploymentId,
                customerParticipantId: conversation.customer?.id ?? "",
                record: try #require(conversation.messages.last { $0.direction == .inbound })
            )
            let facts = TriggerFacts(event: event, conversation: conversation)
            #expect(facts.agentUserId == "agent-connected")
            #expect(facts.inputs["agentUserId"] == "agent-connected")
            let entries = await platform.triggers.handle(facts)
            #expect(entries.map(\.rule) == ["file-link"])
            let received = await receiver.waitFor(1)
            let lastRequest = try #require(received.last)
            let link = try #require(
                try JSONSerialization.jsonObject(with: lastRequest.body) as? [String: String])
            #expect(link == ["conversationId": conversationId, "userId": "agent-connected", "fileId": "file-7"])
        }
    }

    @Test("Failures are recorded in the trigger log, which the route shows without secrets")
    func failuresVisible() async throws {
        try await DataActionReceiver.with(status: .forbidden, responseBody: "{}") { _, base in
            let state = PlatformFixture.state()
            let rules = TriggerRule.attacheDefaults(gatewayURL: base, secret: "data-action-secret")
            let platform = PlatformFixture.platform(state, configuration: PlatformConfiguration(triggerRules: rules))
            let guest = try await PlatformFixture.guest(state)
            try await guest.send("S3_FILE_UPLOADED x", metadata: ["attacheFileId": "file-9"])
            let conversation = try #require(await state.conversations().last)
            let event = InboundMessageEvent(
                conversationId: conversation.id, deploymentId: conversation.deploymentId,
                customerParticipantId: conversation.customer?.id ?? "", record: try #require(conversation.messages.last)
            )
            let entries = await platform.triggers.handle(TriggerFacts(event: event, conversation: conversation))
            try #require(entries.count == 2)
            #expect(entries.allSatisfy { $0.outcome == .failed && $0.status == 403 })
            #expect(entries.allSatisfy { $0.errorCode == "DATA_ACTION_HTTP_STATUS" })

            try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
                try await client.execute(uri: "/api/v2/sandbox/trigger-log", method: .get) { response in
                    #expect(response.status == .ok)
                    let text = String(buffer: response.body)
                    #expect(text.contains("DATA_ACTION_HTTP_STATUS"))
                    #expect(!text.contains("data-action-secret"))
                    #expect(!text.contains("file-9"))
                }
            }
        }
    }
}
