import Foundation
import Gateway
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

@testable import Sandbox

/// A failure of the live stack itself (not of the behaviour under test).
struct LiveStackError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A clock the test moves by hand; the gateway's access service reads it.
final class LiveStackClock: Sendable {
    private let offset = NIOLockedValueBox(0.0)

    /// Real time plus the offset (links are still signed with real time).
    var now: Date { Date().addingTimeInterval(offset.withLockedValue { $0 }) }

    func advance(by seconds: TimeInterval) {
        offset.withLockedValue { $0 += seconds }
    }
}

/// `attache dev` as a test sees it, every piece on 127.0.0.1 and port 0: the sandbox (guest
/// WebSocket, OAuth, Conversations API, trigger rules calling the gateway's Data Actions), the
/// gateway (uploads, scan worker, Data Action routes with a test clock, the real
/// ``GenesysPlatformClient`` using the sandbox's OAuth client credentials), and a
/// ``RecordingProxy`` in front of the gateway as its public URL.
struct LiveStack {
    static let oauthClient = OAuthClient(id: "attache-e2e-client", secret: "attache-e2e-client-secret-0123456789")
    static let agent = AgentProfile(id: "7c0e3b9a-4f1d-4e8a-9b2c-0000000000a1", name: "Ada Agent")
    static let deployment = DeploymentConfiguration(id: "attache-e2e-access")
    static let dataActionSecret = "e2e-data-action-secret-0123456789abcdef"

    let sandboxState: SandboxState
    let platform: SandboxPlatform
    let sandboxPort: Int
    let pipeline: GatewayPipeline
    let proxy: RecordingProxy
    let proxyURL: String
    let clock: LiveStackClock

    static let logger: Logger = {
        var logger = Logger(label: "e2e-access")
        logger.logLevel = .warning
        return logger
    }()

    /// Starts the stack with `gatewayValues` added to the gateway's configuration (store, clamd,
    /// buckets…), runs `body`, and stops everything.
    static func with(gatewayValues: [String: String] = [:], _ body: (LiveStack) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "attache-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let proxy = RecordingProxy()
        let proxyApp = Application(
            responder: RecordingProxyResponder(proxy: proxy),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in await proxy.setPort(channel.localAddress?.port ?? 0) },
            logger: logger)
        let proxyGroup = ServiceGroup(
            configuration: .init(services: [proxyApp], gracefulShutdownSignals: [], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await proxyGroup.run() }
            let proxyURL = "http://127.0.0.1:\(await proxy.waitForPort())"
            do {
                try await run(
                    proxy: proxy, proxyURL: proxyURL, directory: directory, gatewayValues: gatewayValues, body)
            } catch {
                await proxyGroup.triggerGracefulShutdown()
                throw error
            }
            await proxyGroup.triggerGracefulShutdown()
        }
    }

    private static func run(
        proxy: RecordingProxy, proxyURL: String, directory: URL, gatewayValues: [String: String],
        _ body: (LiveStack) async throws -> Void
    ) async throws {
        try await withSandbox(gatewayURL: proxyURL) { state, platform, sandboxPort in
            var values = [
                "ATTACHE_HOST": "127.0.0.1",
                "ATTACHE_PORT": "0",
                "ATTACHE_PUBLIC_URL": proxyURL,
                "ATTACHE_GENESYS_URL": "http://127.0.0.1:\(sandboxPort)",
                "ATTACHE_GENESYS_CLIENT_ID": oauthClient.id,
                "ATTACHE_GENESYS_CLIENT_SECRET": oauthClient.secret,
                "ATTACHE_DATA_ACTION_SECRET": dataActionSecret,
            ]
            values.merge(gatewayValues) { _, new in new }
            let configuration = try GatewayConfiguration.embedded(in: directory, origin: "test", values: values)
            let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
            let clock = LiveStackClock()
            var pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
            pipeline.access = FileAccessService(
                state: pipeline.state, objects: pipeline.objects, genesys: pipeline.genesys,
                linkLifetime: .seconds(configuration.linkTTLSeconds), now: { clock.now }, logger: logger)
            let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
            let gateway = GatewayServer.makeApplication(
                configuration: configuration, health: runtime.health, pipeline: pipeline, logger: logger,
                onServerRunning: { portContinuation.yield($0) })
            let group = ServiceGroup(
                configuration: .init(services: [gateway], gracefulShutdownSignals: [], logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { gatewayTasks in
                gatewayTasks.addTask { try await group.run() }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { throw LiveStackError("the gateway did not start") }
                await proxy.setTarget("http://127.0.0.1:\(port)")
                let stack = LiveStack(
                    sandboxState: state, platform: platform, sandboxPort: sandboxPort, pipeline: pipeline,
                    proxy: proxy, proxyURL: proxyURL, clock: clock)
                do {
                    try await body(stack)
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await gatewayTasks.waitForAll()
            }
            try await runtime.close()
        }
    }

    /// The sandbox with Attaché's trigger rules pointing at `gatewayURL`.
    private static func withSandbox(
        gatewayURL: String, _ body: (SandboxState, SandboxPlatform, Int) async throws -> Void
    ) async throws {
        let configuration = SandboxConfiguration(
            host: "127.0.0.1", port: 0, deployments: [deployment], agents: [agent], oauthClients: [oauthClient])
        let state = SandboxState(configuration: configuration)
        let rules = TriggerRule.attacheDefaults(gatewayURL: gatewayURL, secret: dataActionSecret)
        let platform = SandboxPlatform(
            state: state, configuration: PlatformConfiguration(triggerRules: rules), oauthClients: [oauthClient],
            logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = SandboxServer.makeApplication(
            configuration: configuration, state: state,
            registerRoutes: { router, _ in platform.register(on: router) },
            services: [platform.triggerService], logger: logger,
            onServerRunning: { portContinuation.yield($0) })
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw LiveStackError("the sandbox did not start") }
            do {
                try await body(state, platform, port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
