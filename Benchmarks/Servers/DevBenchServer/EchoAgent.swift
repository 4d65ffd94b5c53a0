import Foundation
import Logging
import Sandbox
import ServiceLifecycle

/// The benchmark's agent: accepts each conversation on its first guest message and answers every
/// guest text with the same text, as the agent console's routes do (`acceptConversation`, then
/// `sendAgentMessage` as the connected agent), in the order the guest messages arrive.
struct EchoAgent: Service {
    let state: SandboxState
    let agent: AgentProfile

    func run() async throws {
        var accepted = Set<String>()
        let logger = Logger(label: "attache.bench-agent")
        for await event in await state.inboundMessages().cancelOnGracefulShutdown() {
            guard let text = event.text, !text.isEmpty else { continue }
            do {
                if !accepted.contains(event.conversationId) {
                    try await state.acceptConversation(event.conversationId, agent: agent)
                    accepted.insert(event.conversationId)
                }
                try await state.sendAgentMessage(event.conversationId, text: text, agentUserId: agent.id)
            } catch {
                logger.warning("agent reply failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
