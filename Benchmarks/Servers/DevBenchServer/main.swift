import Foundation
import Gateway
import Hummingbird
import Logging
import Sandbox
import ServiceLifecycle

// DevBenchServer: what `attache dev` runs (Sources/attache/Dev.swift, DevWiring.swift,
// SandboxLauncher.swift, which live in the executable target and cannot be imported): the gateway
// from the ATTACHE_* environment and the sandbox with its platform side (OAuth, Conversations API,
// trigger rules calling the gateway's Data Actions, agent console) in one process and one
// ServiceGroup, wired to each other as DevWiring wires them. One benchmark-only addition:
//
// - ATTACHE_BENCH_AGENT=echo runs `EchoAgent` in the same ServiceGroup: the sandbox's default agent
//   accepts each conversation on its first guest message and replies to every guest text with the
//   same text, through `SandboxState` (the calls the agent console's routes make), so a guest sees
//   its message come back as an Outbound agent message: guest → sandbox → agent → guest.
//
// The sandbox listens on ATTACHE_SANDBOX_PORT (default 8081) and the gateway on ATTACHE_PORT; both
// must be known ports (the wiring puts each one's URL in the other's configuration before they
// bind). Prints `listening GATEWAY_PORT SANDBOX_PORT` on standard output once both accept
// connections. Logs go to standard error.
let environment = ProcessInfo.processInfo.environment
var gatewaySettings: GatewayConfiguration
do {
    gatewaySettings = try GatewayConfiguration(layers: ConfigurationLayers([.environment(environment)]))
} catch {
    FileHandle.standardError.write(Data("DevBenchServer: \(error.description)\n".utf8))
    exit(64)
}
var sandboxSettings = SandboxConfiguration()
sandboxSettings.host = gatewaySettings.host
sandboxSettings.port = environment["ATTACHE_SANDBOX_PORT"].flatMap(Int.init) ?? sandboxSettings.port
DevBenchWiring.connect(gateway: &gatewaySettings, sandbox: &sandboxSettings)
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
let ready = ReadyPorts()
let gateway = GatewayServer.makeApplication(
    configuration: configuration, health: runtime.health, pipeline: pipeline, logger: logger
) { port in
    await ready.gateway(port)
}

let sandboxLogger = Logger(label: "attache.sandbox")
let state = SandboxState(configuration: sandbox)
let platformSide = SandboxPlatform(
    state: state, configuration: sandbox.platform, oauthClients: sandbox.oauthClients, logger: sandboxLogger)
var sandboxServices: [any Service] = [platformSide.triggerService]
if environment["ATTACHE_BENCH_AGENT"] == "echo" {
    sandboxServices.append(EchoAgent(state: state, agent: sandbox.agents.first ?? .defaultAgent))
}
let sandboxApp = SandboxServer.makeApplication(
    configuration: sandbox,
    state: state,
    registerRoutes: { router, _ in platformSide.register(on: router) },
    services: sandboxServices,
    logger: sandboxLogger
) { port in
    await ready.sandbox(port)
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
