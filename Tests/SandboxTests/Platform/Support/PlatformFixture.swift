import Foundation
import Hummingbird
import Logging
import WebMessaging

@testable import Sandbox

/// A guest of an in-process ``SandboxState``: a registered socket stream plus its session.
struct FixtureGuest {
    let state: SandboxState
    let connection: GuestConnectionID
    let frames: AsyncStream<GuestOutbound>
    let token: String
    let deployment: DeploymentConfiguration

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

    /// The next structured message delivered to this guest that satisfies `predicate`.
    func next(
        timeout: Duration = .seconds(5),
        where predicate: @escaping @Sendable (StructuredMessage) -> Bool
    ) async -> StructuredMessage? {
        let frames = self.frames
        return await withTaskGroup(of: StructuredMessage?.self) { group in
            group.addTask {
                for await outbound in frames {
                    guard case .frame(let frame) = outbound,
                        case .structuredMessage(let message) = frame.body,
                        frame.type == .message,
                        predicate(message)
                    else { continue }
                    return message
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
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

    /// A new guest whose session (and conversation) is configured.
    static func guest(_ state: SandboxState) async throws -> FixtureGuest {
        let (connection, frames) = await state.register()
        let deployment = DeploymentConfiguration(id: "platform-test")
        let token = UUID().uuidString
        _ = try await state.configureSession(
            connection: connection, token: token, deployment: deployment, startNew: false
        )
        return FixtureGuest(state: state, connection: connection, frames: frames, token: token, deployment: deployment)
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
