import Foundation
import Testing
import WebMessaging

@testable import Sandbox

@Suite("Sandbox persistence")
struct SandboxPersistenceTests {
    @Test("a restart with the same state file keeps conversations and sessions; no token is written")
    func restartKeepsConversations() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-state-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = SandboxHarness.configuration(persistencePath: path)
        let token = UUID().uuidString.lowercased()
        try await SandboxHarness.with(configuration) { sandbox in
            try await sandbox.withGuest(token: token) { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                _ = try await guest.say("remember me")
            }
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("remember me"))
        #expect(!text.contains(token))

        let restored = SandboxState(configuration: configuration)
        try await restored.restore(from: path)
        #expect(await restored.conversations().first?.messages.first?.message.text == "remember me")
        try await SandboxHarness.with(configuration, state: restored) { sandbox in
            try await sandbox.withGuest(token: token) { guest in
                let session = try await guest.configure(deploymentId: sandbox.deploymentId)
                #expect(session.newSession == false)
                let jwt = try await guest.jwt()
                #expect(try await sandbox.history(jwt: jwt.jwt).1?.total == 1)
            }
        }
    }

    @Test("writes only after a change, atomically, and a corrupt file is refused with a stable code")
    func debounceAndCorruption() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-state-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let state = SandboxState(configuration: SandboxHarness.configuration())
        #expect(try await state.persistIfChanged(to: path) == false)
        let (connection, _) = await state.register()
        let deployment = DeploymentConfiguration(id: "test-deployment")
        _ = try await state.configureSession(
            connection: connection, token: "t", deployment: deployment, startNew: false
        )
        #expect(try await state.persistIfChanged(to: path) == true)
        #expect(try await state.persistIfChanged(to: path) == false)

        try Data("{oops".utf8).write(to: URL(fileURLWithPath: path))
        await #expect {
            try await SandboxState(configuration: SandboxHarness.configuration()).restore(from: path)
        } throws: { error in
            (error as? SandboxPersistenceError)?.code == .corrupt
        }
    }
}
