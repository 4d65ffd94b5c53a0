import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import WebMessaging

@testable import Sandbox

/// Counts the requests a live sandbox received, per path.
actor GenesysRequestCounter {
    private var counts: [String: Int] = [:]

    func record(_ path: String) {
        counts[path, default: 0] += 1
    }

    /// Requests seen on exactly this path.
    func count(_ path: String) -> Int {
        counts[path] ?? 0
    }
}

/// Records every request path before the sandbox handles it.
struct GenesysCountingMiddleware<Context: RequestContext>: RouterMiddleware {
    let counter: GenesysRequestCounter

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        await counter.record(request.uri.path)
        return try await next(request, context)
    }
}

/// The sandbox (guest side and platform API) live on 127.0.0.1, port 0, with one OAuth client
/// and one agent, for the gateway's Genesys and recovery tests.
struct GenesysSandboxHarness {
    static let client = OAuthClient(id: "attache-test-client", secret: "attache-test-secret-0123456789")
    static let agent = AgentProfile(id: "6f1c1f0e-8a38-4a5e-9d4c-000000000001", name: "Test Agent")
    static let deployment = DeploymentConfiguration(id: "attache-e2e-deployment")

    let state: SandboxState
    let platform: SandboxPlatform
    let requests: GenesysRequestCounter
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static let logger: Logger = {
        var logger = Logger(label: "genesys-e2e")
        logger.logLevel = .warning
        return logger
    }()

    struct StartError: Error, CustomStringConvertible {
        var description: String { "the sandbox did not start" }
    }

    /// Starts the sandbox, runs `body`, stops it through graceful shutdown.
    static func with(
        platformConfiguration: PlatformConfiguration = PlatformConfiguration(),
        _ body: (GenesysSandboxHarness) async throws -> Void
    ) async throws {
        let configuration = SandboxConfiguration(
            host: "127.0.0.1", port: 0, deployments: [deployment], agents: [agent], oauthClients: [client]
        )
        let state = SandboxState(configuration: configuration)
        let platform = SandboxPlatform(
            state: state, configuration: platformConfiguration, oauthClients: [client], logger: logger
        )
        let counter = GenesysRequestCounter()
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = SandboxServer.makeApplication(
            configuration: configuration, state: state,
            registerRoutes: { router, _ in
                router.add(middleware: GenesysCountingMiddleware(counter: counter))
                platform.register(on: router)
            },
            services: [platform.triggerService],
            logger: logger,
            onServerRunning: { portContinuation.yield($0) }
        )
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger)
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw StartError() }
            let harness = GenesysSandboxHarness(state: state, platform: platform, requests: counter, port: port)
            do {
                try await body(harness)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Starts a guest session (an in-process socket, as the WebSocket route registers one) and
    /// returns its conversation id; `firstMessage` is sent as the guest's first message.
    func startConversation(
        firstMessage: String = "Hello",
        customAttributes: [String: String]? = nil
    ) async throws -> (conversationId: String, guest: GuestConnectionID, token: String) {
        let (connection, _) = await state.register()
        let token = UUID().uuidString.lowercased()
        _ = try await state.configureSession(
            connection: connection, token: token, deployment: Self.deployment, startNew: false
        )
        let request = OnMessageRequest(
            token: token,
            message: .text(firstMessage, metadata: nil, customAttributes: customAttributes),
            tracingId: UUID().uuidString
        )
        try await state.receiveGuestMessage(connection: connection, request: request, deployment: Self.deployment)
        let hash = SandboxState.hashToken(token)
        guard let conversation = await state.conversations().last(where: { $0.sessionTokenHash == hash }) else {
            throw StartError()
        }
        return (conversation.id, connection, token)
    }

    /// Sends a further guest message on a session ``startConversation(firstMessage:customAttributes:)`` opened.
    func send(
        _ text: String,
        metadata: [String: String]? = nil,
        guest: GuestConnectionID,
        token: String
    ) async throws {
        let request = OnMessageRequest(
            token: token, message: .text(text, metadata: metadata, customAttributes: nil), tracingId: UUID().uuidString
        )
        try await state.receiveGuestMessage(connection: guest, request: request, deployment: Self.deployment)
    }
}
