import Hummingbird
import Logging
import Sandbox

/// Builds the sandbox server with its platform side (OAuth, Conversations API, trigger rules,
/// agent console) mounted, for `attache sandbox` and `attache dev`.
enum SandboxLauncher {
    static func make(
        sandbox: SandboxConfiguration,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void
    ) async throws -> some ApplicationProtocol {
        let state = SandboxState(configuration: sandbox)
        if let path = sandbox.persistencePath {
            try await state.restore(from: path)
        }
        let platformSide = SandboxPlatform(
            state: state, configuration: sandbox.platform, oauthClients: sandbox.oauthClients, logger: logger)
        return SandboxServer.makeApplication(
            configuration: sandbox,
            state: state,
            registerRoutes: { router, _ in platformSide.register(on: router) },
            services: [platformSide.triggerService],
            logger: logger,
            onServerRunning: onServerRunning
        )
    }

    /// The lines printed once the sandbox listens: where guests and agents go.
    static func banner(sandbox: SandboxConfiguration, port: Int) -> String {
        let base = "http://\(sandbox.host):\(port)"
        let deployment = sandbox.deployments.first?.id ?? "?"
        return """
            Sandbox (Genesys Cloud stand-in) on \(base)
              guest WebSocket: ws://\(sandbox.host):\(port)/v1?deploymentId=\(deployment)
              agent console:   \(base)/agent
              OAuth clients:   \(sandbox.oauthClients.map(\.id).joined(separator: ", "))
            """
    }
}
