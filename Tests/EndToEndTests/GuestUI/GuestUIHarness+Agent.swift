import Foundation
import Gateway
import WebMessaging

@testable import Sandbox

/// The contact center side of a guest UI test: the sandbox's agent accepts, replies, sends
/// files; the sandbox's test hooks drop sockets and expire sessions.
extension GuestUIHarness {
    /// The agent who accepts the conversations.
    var agent: AgentProfile { GenesysSandboxHarness.agent }

    /// Waits until the sandbox has a conversation with a guest message `matching` (any, by
    /// default), and returns the newest such conversation's id.
    func waitForConversation(
        timeout: Duration = .seconds(20), matching: @escaping @Sendable (String) -> Bool = { _ in true }
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found = await state.conversations().last { conversation in
                conversation.messages.contains { $0.direction == .inbound && matching($0.message.text ?? "") }
            }
            if let found { return found.id }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw GuestUIHarnessError("no conversation with a matching guest message after \(timeout)")
    }

    /// The agent accepts the conversation (the guest sees the Join presence).
    func accept(_ conversationId: String) async throws {
        try await state.acceptConversation(conversationId, agent: agent)
    }

    /// The agent sends a text and/or files.
    func agentSays(_ conversationId: String, _ text: String?, attachments: [AgentAttachment] = []) async throws {
        try await state.sendAgentMessage(conversationId, text: text, attachments: attachments, agentUserId: agent.id)
    }

    /// The texts of the guest's messages in the conversation, in order (the sandbox's record,
    /// which is what the agent sees).
    func guestTexts(_ conversationId: String) async -> [String] {
        guard let conversation = await state.conversation(id: conversationId) else { return [] }
        return conversation.messages.filter { $0.direction == .inbound }.compactMap { $0.message.text }
    }

    /// The guest messages of the conversation, in order, with their metadata (file ids).
    func guestMessages(_ conversationId: String) async -> [StructuredMessage] {
        guard let conversation = await state.conversation(id: conversationId) else { return [] }
        return conversation.messages.filter { $0.direction == .inbound }.map(\.message)
    }

    /// Waits until the guest's messages in the conversation satisfy `condition`.
    func waitForGuestTexts(
        _ conversationId: String, timeout: Duration = .seconds(30), what: String,
        _ condition: @escaping @Sendable ([String]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(await guestTexts(conversationId)) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw GuestUIHarnessError(
            "timed out waiting for \(what); guest texts: \(await guestTexts(conversationId).suffix(20))")
    }

    /// Closes the guest's sockets server-side (the session stays open) and returns them.
    @discardableResult
    func dropGuestSockets(_ conversationId: String) async -> Set<GuestConnectionID> {
        let sockets = await state.guestConnections(ofConversation: conversationId)
        await state.dropGuestConnections(ofConversation: conversationId)
        return sockets
    }

    /// Waits until the guest has a socket bound to the conversation's session that is not one of
    /// `dropped`.
    func waitForGuestSocket(
        _ conversationId: String, notIn dropped: Set<GuestConnectionID> = [], timeout: Duration = .seconds(30)
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !(await state.guestConnections(ofConversation: conversationId).subtracting(dropped)).isEmpty { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw GuestUIHarnessError("the guest did not (re)connect within \(timeout)")
    }

    /// Expires the guest's session now (`SessionExpiredEvent`, sockets closed).
    func expireSession(_ conversationId: String) async throws {
        guard await state.expireSession(ofConversation: conversationId) else {
            throw GuestUIHarnessError("conversation \(conversationId) has no active session to expire")
        }
    }

    /// The gateway's audit entries for a file.
    func audit(fileId: String) async throws -> [AuditEntry] {
        try await pipeline.state.auditEntries(fileId: fileId)
    }
}
