import Foundation
import Testing
import WebMessaging

@testable import Sandbox

/// The state's platform-side methods, driven without sockets.
@Suite("Sandbox state")
struct SandboxStateTests {
    let deployment = DeploymentConfiguration(id: "test-deployment")

    func startedConversation(
        _ state: SandboxState
    ) async throws -> (GuestConnectionID, AsyncStream<GuestOutbound>, String) {
        let (connection, stream) = await state.register()
        _ = try await state.configureSession(
            connection: connection, token: "tok", deployment: deployment, startNew: false
        )
        try await state.receiveGuestMessage(
            connection: connection,
            request: OnMessageRequest(token: "tok", message: .text("hello")),
            deployment: deployment
        )
        let id = try #require(await state.conversations().first?.id)
        return (connection, stream, id)
    }

    @Test("conversations move waiting → alerting agent → active → ended, with participant states")
    func lifecycle() async throws {
        let state = SandboxState(configuration: SandboxHarness.configuration())
        let (_, _, id) = try await startedConversation(state)
        #expect(await state.conversations(status: .waiting).map(\.id) == [id])
        let alerting = try await state.alertAgent(id, agent: .defaultAgent)
        #expect(alerting.state == .alerting)
        #expect(await state.conversation(id: id)?.status == .waiting)
        let connected = try await state.acceptConversation(id, agent: .defaultAgent)
        #expect(connected.id == alerting.id)
        #expect(connected.state == .connected)
        #expect(await state.conversations(status: .active).map(\.id) == [id])
        #expect(await state.conversation(id: id)?.isConnectedAgent(userId: AgentProfile.defaultAgent.id) == true)
        try await state.disconnectAgent(id)
        #expect(await state.conversations(status: .ended).map(\.id) == [id])
        #expect(await state.conversation(id: id)?.isConnectedAgent(userId: AgentProfile.defaultAgent.id) == false)
    }

    @Test("platform methods refuse unknown conversations, ended ones, unconnected agents and empty messages")
    func refusals() async throws {
        let state = SandboxState(configuration: SandboxHarness.configuration())
        let (_, _, id) = try await startedConversation(state)
        await #expect(throws: SandboxStateError.self) {
            try await state.acceptConversation("nope", agent: .defaultAgent)
        }
        await #expect { try await state.sendAgentMessage(id, text: "x", agentUserId: "stranger") } throws: { error in
            (error as? SandboxStateError)?.code == .agentNotConnected
        }
        await #expect { try await state.sendAgentMessage(id, text: nil) } throws: { error in
            (error as? SandboxStateError)?.code == .invalidRequest
        }
        await #expect {
            try await state.patchParticipantAttributes(id, participantId: "nope", attributes: [:])
        } throws: { error in
            (error as? SandboxStateError)?.httpStatus == 404
        }
        try await state.disconnectAgent(id)
        await #expect { try await state.sendAgentMessage(id, text: "late") } throws: { error in
            (error as? SandboxStateError)?.code == .conversationEnded
        }
    }

    @Test("a message without a connected agent goes out as a Bot system message")
    func systemMessage() async throws {
        let state = SandboxState(configuration: SandboxHarness.configuration())
        let (_, _, id) = try await startedConversation(state)
        let record = try await state.sendAgentMessage(id, text: "A file arrived")
        #expect(record.message.originatingEntity == .bot)
        #expect(record.participantId == "system")
    }

    @Test("patching attributes merges keys and an empty value removes one")
    func patchAttributes() async throws {
        let state = SandboxState(configuration: SandboxHarness.configuration())
        let (_, _, id) = try await startedConversation(state)
        let customer = try #require(await state.conversation(id: id)?.customer)
        _ = try await state.patchParticipantAttributes(
            id, participantId: customer.id, attributes: ["a": "1", "b": "2"])
        let patched = try await state.patchParticipantAttributes(id, participantId: customer.id, attributes: ["a": ""])
        #expect(patched.attributes == ["b": "2"])
    }

    @Test("observers learn of each inbound message and each change; sockets get the agent's messages in order")
    func eventsAndDelivery() async throws {
        let state = SandboxState(configuration: SandboxHarness.configuration())
        let events = await state.events()
        let inbound = await state.inboundMessages()
        let (connection, stream, id) = try await startedConversation(state)
        var inboundIterator = inbound.makeAsyncIterator()
        #expect(await inboundIterator.next()?.record.message.text == "hello")
        try await state.acceptConversation(id, agent: .defaultAgent)
        try await state.sendAgentMessage(id, text: "one")
        try await state.sendAgentMessage(id, text: "two")
        await state.unregister(connection)
        var texts: [String?] = []
        for await item in stream {
            if case .frame(let frame) = item, case .structuredMessage(let message) = frame.body {
                texts.append(message.text)
            }
        }
        #expect(texts == ["hello", nil, "one", "two"])
        var kinds: [String] = []
        for await event in events {
            switch event {
            case .conversationStarted: kinds.append("started")
            case .inboundMessage: kinds.append("inbound")
            case .outboundMessage: kinds.append("outbound")
            case .participantChanged: kinds.append("participant")
            case .conversationEnded: kinds.append("ended")
            }
            if kinds.count == 6 { break }
        }
        #expect(kinds == ["started", "inbound", "participant", "outbound", "outbound", "outbound"])
    }
}
