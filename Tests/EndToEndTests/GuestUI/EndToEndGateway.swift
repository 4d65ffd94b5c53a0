import Foundation
import Gateway
import Logging
import ServiceLifecycle

/// A gateway started from configuration variables exactly as `attache serve`/`attache dev` start
/// it (runtime, pipeline with its workers, the HTTP application), for the duration of a body;
/// always shut down and closed afterwards. Any end-to-end harness can build on it.
struct EndToEndGateway {
    /// The parsed configuration.
    let configuration: GatewayConfiguration
    /// The pipeline (state, uploads, audit).
    let pipeline: GatewayPipeline
    /// The port it listens on.
    let port: Int

    /// Parses `values` (origin `origin`), lets `adjust` change what no variable can (a test's
    /// URL lifetime below the variables' minimum, say), starts the gateway, runs `body`, stops it.
    static func run(
        values: [String: String], origin: String = "test", logger: Logger,
        adjust: (inout GatewayConfiguration) -> Void = { _ in },
        _ body: (EndToEndGateway) async throws -> Void
    ) async throws {
        var configuration = try GatewayConfiguration(
            layers: ConfigurationLayers([.init(origin: origin, values: values)]))
        adjust(&configuration)
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        do {
            let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
            let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
            let application = GatewayServer.makeApplication(
                configuration: configuration, health: runtime.health, pipeline: pipeline, logger: logger,
                onServerRunning: { portContinuation.yield($0) })
            let group = ServiceGroup(
                configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { throw GuestUIHarnessError("the gateway did not start") }
                do {
                    try await body(EndToEndGateway(configuration: configuration, pipeline: pipeline, port: port))
                } catch {
                    await group.triggerGracefulShutdown()
                    try? await tasks.waitForAll()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
    }
}
