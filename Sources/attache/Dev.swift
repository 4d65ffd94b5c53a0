import ArgumentParser
import Gateway
import Logging
import Sandbox
import ServiceLifecycle
import UnixSignals

/// `attache dev` (the default): the gateway and the sandbox together on loopback, with embedded
/// defaults, so the whole flow runs with no AWS account and no Genesys org.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway and the sandbox together on embedded defaults (the default command)."
    )

    @OptionGroup var options: GatewayOptions
    @OptionGroup var sandboxOptions: SandboxOptions

    func run() async throws {
        var gatewaySettings = try options.resolve()
        var sandboxSettings = try sandboxOptions.resolve(host: gatewaySettings.host)
        DevWiring.connect(gateway: &gatewaySettings, sandbox: &sandboxSettings)
        // The agent console embeds the gateway's widget, which signs its agent in at the sandbox.
        gatewaySettings.widgetFrameAncestors.append(
            sandboxSettings.publicURL ?? "http://\(sandboxSettings.host):\(sandboxSettings.port)")
        if gatewaySettings.widgetClientID == nil {
            gatewaySettings.widgetClientID = ImplicitGrantClient.attacheWidgetId
        }
        sandboxSettings.platform.embedAttacheWidget(
            gatewayURL: gatewaySettings.baseURL(), clientId: gatewaySettings.widgetClientID ?? "")
        let configuration = gatewaySettings
        let sandbox = sandboxSettings
        LoggingSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
        let logger = Logger(label: "attache")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        let gateway = GatewayServer.makeApplication(
            configuration: configuration, health: runtime.health,
            pipeline: pipeline, logger: logger
        ) { port in
            let base = configuration.baseURL(boundPort: port)
            Console.write("guest UI: \(base)/\nGateway on \(base)\n  health: \(base)/healthz")
        }
        let sandboxApp = try await SandboxLauncher.make(
            sandbox: sandbox, logger: Logger(label: "attache.sandbox")
        ) { port in
            Console.write(SandboxLauncher.banner(sandbox: sandbox, port: port))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [gateway, sandboxApp],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
    }
}
