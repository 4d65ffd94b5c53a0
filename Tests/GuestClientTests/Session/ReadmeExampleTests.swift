import Foundation
import GuestClient
import Sandbox
import Testing
import WebMessaging

/// The README's example, compiled and run against a live sandbox so it cannot rot.
@Suite("README example")
struct ReadmeExampleTests {
    @Test("the README's guest SDK example sends a message and sees the agent's answer", .timeLimit(.minutes(1)))
    func readmeExample() async throws {
        try await LiveSandbox.with { sandbox in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID()).json").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let baseURL = sandbox.baseURL
            let deploymentId = sandbox.deploymentId

            // README example, begin
            let session = GuestSession(
                configuration: .custom(baseURL: baseURL, deploymentId: deploymentId),  // or .region(…)
                store: FileSessionStore(path: path)
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await session.run() }  // connects, reconnects, sends the outbox
                try await session.send(text: "Hello", metadata: ["attacheFileId": "0123456789abcdef0123456789abcdef"])
                for await event in session.events {
                    if case .message(let message) = event, message.direction == .outbound {
                        print("agent:", message.text ?? "")
                        break
                    }
                    // README example, end
                    if case .delivered = event, let id = await sandbox.conversations().first?.id {
                        _ = try await sandbox.state.acceptConversation(id, agent: .defaultAgent)
                        _ = try await sandbox.state.sendAgentMessage(id, text: "Hi, how can I help?")
                    }
                }
                group.cancelAll()
            }
        }
    }
}
