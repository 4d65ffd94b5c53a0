import Foundation
import Hummingbird
import Logging
import WebMessaging

@testable import Sandbox

/// The structured messages one guest socket received, in order.
actor GuestInbox {
    private var messages: [StructuredMessage] = []
    private var taken: Set<String> = []

    func append(_ message: StructuredMessage) {
        messages.append(message)
    }

    /// The first not-yet-taken message satisfying `predicate`, waiting up to `timeout`.
    func next(
        timeout: Duration,
        where predicate: @Sendable (StructuredMessage) -> Bool
    ) async -> StructuredMessage? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let message = messages.first(where: { !taken.contains($0.id) && predicate($0) }) {
                taken.insert(message.id)
                return message
            }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A guest of an in-process ``SandboxState``: a registered socket whose frames land in ``inbox``.
struct FixtureGuest {
    let state: SandboxState
    let connection: GuestConnectionID
    let token: String
    let deployment: DeploymentConfiguration
    let inbox = GuestInbox()

    /// Sends a guest text message.
    func send(
        _ text: String,
        metadata: [String: String]? = nil,
        customAttributes: [String: String]? = nil
    ) async throws {
        let request = OnMessageRequest(
            token: token,
            message: .text(text, metadata: metadata, customAttributes: customAttributes),
            tracingId: UUID().uuidString
        )
        try await state.receiveGuestMessage(connection: connection, request: request, deployment: deployment)
    }

    /// The next Outbound-or-echo structured message delivered to this guest that satisfies `predicate`.
    func next(
        timeout: Duration = .seconds(5),
        where predicate: @escaping @Sendable (StructuredMessage) -> Bool
    ) async -> StructuredMessage? {
        await inbox.next(timeout: timeout, where: predicate)
    }
}

/// Builds sandbox states, guests and platform routers for the platform tests.
enum PlatformFixture {
    static let client = OAuthClient(id: "test-client", secret: "test-secret")

    static let logger: Logger = {
        var logger = Logger(label: "platform-tests")
        logger.logLevel = .warning
        return logger
    }()

    static func configuration() -> SandboxConfiguration {
        SandboxConfiguration(
            host: "127.0.0.1", port: 0, deployments: [DeploymentConfiguration(id: "platform-test")],
            oauthClients: [client]
        )
    }

    static func state() -> SandboxState {
        SandboxState(configuration: configuration())
    }

    /// A new guest whose session (and conversation) is configured; its frames are not collected.
    static func guest(_ state: SandboxState) async throws -> FixtureGuest {
        let (connection, _) = await state.register()
        let deployment = DeploymentConfiguration(id: "platform-test")
        let token = UUID().uuidString
        _ = try await state.configureSession(
            connection: connection, token: token, deployment: deployment, startNew: false
        )
        return FixtureGuest(state: state, connection: connection, token: token, deployment: deployment)
    }

    /// Runs `body` with a new guest whose session (and conversation) is configured; its socket's
    /// frames are collected until `body` returns, then the socket is unregistered.
    static func withGuest<T: Sendable>(
        _ state: SandboxState,
        _ body: (FixtureGuest) async throws -> T
    ) async throws -> T {
        let (connection, frames) = await state.register()
        let deployment = DeploymentConfiguration(id: "platform-test")
        let token = UUID().uuidString
        _ = try await state.configureSession(
            connection: connection, token: token, deployment: deployment, startNew: false
        )
        let guest = FixtureGuest(state: state, connection: connection, token: token, deployment: deployment)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                for await outbound in frames {
                    guard case .frame(let frame) = outbound, case .structuredMessage(let message) = frame.body
                    else { continue }
                    await guest.inbox.append(message)
                }
            }
            do {
                let result = try await body(guest)
                await state.unregister(connection)
                try await tasks.waitForAll()
                return result
            } catch {
                await state.unregister(connection)
                throw error
            }
        }
    }

    /// The conversation id of the guest's (only or newest) conversation.
    static func conversationId(_ state: SandboxState) async -> String? {
        await state.conversations().last?.id
    }

    static func platform(
        _ state: SandboxState,
        configuration: PlatformConfiguration = PlatformConfiguration()
    ) -> SandboxPlatform {
        SandboxPlatform(state: state, configuration: configuration, oauthClients: [client], logger: logger)
    }

    static func router(_ platform: SandboxPlatform) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        platform.register(on: router)
        return router
    }

    static func basic(_ id: String = client.id, _ secret: String = client.secret) -> String {
        BasicAuthorization(user: id, password: secret).headerValue
    }
}
