import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// Mounts extra routes on the sandbox router (the platform API and agent console use this).
public typealias SandboxRouteRegistration = (Router<SandboxRequestContext>, SandboxState) -> Void

/// The sandbox's HTTP + WebSocket server: the guest WebSocket at `/v1?deploymentId=…`, the history
/// API, native attachment upload/download, and whatever routes the platform side registers.
public enum SandboxServer {
    /// Builds the router with the guest routes plus the registered ones.
    ///
    /// - Parameters:
    ///   - state: the shared state.
    ///   - registerRoutes: mounts more routes (e.g. the platform API) on the same router.
    ///   - logger: the server's logger.
    public static func makeRouter(
        state: SandboxState,
        registerRoutes: SandboxRouteRegistration = { _, _ in },
        logger: Logger
    ) -> Router<SandboxRequestContext> {
        let router = Router(context: SandboxRequestContext.self)
        // Browser guests on another origin (the gateway's guest UI) call history and attachments.
        router.middlewares.add(GuestCORSMiddleware())
        GuestRoutes.register(on: router, state: state)
        HistoryRoutes.register(on: router, state: state)
        AttachmentRoutes.register(on: router, state: state)
        registerRoutes(router, state)
        return router
    }

    /// Creates the sandbox application.
    ///
    /// - Parameters:
    ///   - configuration: listen address, deployments and limits.
    ///   - state: the shared state (create it with the same configuration; load persisted state first).
    ///   - registerRoutes: mounts more routes (e.g. the platform API) on the router.
    ///   - services: services run alongside the server and stopped with it.
    ///   - logger: the server's logger.
    ///   - onServerRunning: called with the bound port once the server listens.
    /// - Returns: an application whose `runService()` serves until SIGTERM/SIGINT or graceful shutdown.
    public static func makeApplication(
        configuration: SandboxConfiguration,
        state: SandboxState,
        registerRoutes: @escaping SandboxRouteRegistration = { _, _ in },
        services: [any Service] = [],
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = makeRouter(state: state, registerRoutes: registerRoutes, logger: logger)
        let webSocketRouter = Router(context: SandboxRequestContext.self)
        GuestSocketRoute.register(on: webSocketRouter, state: state, logger: logger)
        let housekeeping = SandboxHousekeeping(state: state, logger: logger)
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSocketRouter,
                configuration: .init(ws: .init(maxFrameSize: GuestSocketHandler.maxFrameBytes))
            ),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "attache-sandbox"
            ),
            services: [housekeeping] + services,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                await state.setBoundPort(port)
                await onServerRunning(port)
            },
            logger: logger
        )
    }

    /// Loads persisted state (when configured) and creates the state and application in one call.
    ///
    /// - Returns: the state (for the platform side) and the application to run.
    /// - Throws: ``SandboxPersistenceError`` when the state file exists but cannot be read.
    public static func makeSandbox(
        configuration: SandboxConfiguration,
        registerRoutes: @escaping SandboxRouteRegistration = { _, _ in },
        services: [any Service] = [],
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws(SandboxPersistenceError) -> (state: SandboxState, application: some ApplicationProtocol) {
        let state = SandboxState(configuration: configuration)
        if let path = configuration.persistencePath {
            try await state.restore(from: path)
        }
        let application = makeApplication(
            configuration: configuration, state: state, registerRoutes: registerRoutes, services: services,
            logger: logger, onServerRunning: onServerRunning
        )
        return (state, application)
    }

    /// Runs an application until SIGTERM or SIGINT, then shuts it down gracefully (persisting state).
    public static func run(_ application: some ApplicationProtocol) async throws {
        try await application.runService()
    }
}
