import ArgumentParser
import Gateway
import Logging

/// `attache serve`: runs the gateway HTTP server until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway HTTP server (the default command)."
    )

    @OptionGroup var options: GatewayOptions

    func run() async throws {
        let configuration = try options.resolve()
        LoggingSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
        let logger = Logger(label: "attache")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        logger.info(
            "Starting gateway",
            metadata: [
                "database": "\(configuration.database)", "store": "\(configuration.store)",
                "region": "\(configuration.aws.region)",
            ]
        )
        let app = GatewayServer.makeApplication(
            configuration: configuration,
            health: runtime.health,
            pipeline: pipeline,
            logger: logger,
            onServerRunning: { port in
                let base = configuration.baseURL(boundPort: port)
                logger.notice("Gateway listening", metadata: ["url": "\(base)", "health": "\(base)/healthz"])
            }
        )
        do {
            try await GatewayServer.run(app)
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
    }
}
