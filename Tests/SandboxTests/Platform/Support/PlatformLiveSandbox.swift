import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing

@testable import Sandbox

/// The sandbox server with the platform routes mounted, live on 127.0.0.1 port 0.
struct PlatformLiveSandbox {
    let state: SandboxState
    let platform: SandboxPlatform
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    struct StartError: Error, CustomStringConvertible {
        var description: String { "the sandbox did not start" }
    }

    static func with(
        platformConfiguration: PlatformConfiguration = PlatformConfiguration(),
        _ body: (PlatformLiveSandbox) async throws -> Void
    ) async throws {
        let configuration = PlatformFixture.configuration()
        let state = SandboxState(configuration: configuration)
        let platform = PlatformFixture.platform(state, configuration: platformConfiguration)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = SandboxServer.makeApplication(
            configuration: configuration, state: state,
            registerRoutes: { router, _ in platform.register(on: router) },
            services: [platform.triggerService],
            logger: PlatformFixture.logger,
            onServerRunning: { portContinuation.yield($0) }
        )
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: PlatformFixture.logger)
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw StartError() }
            do {
                try await body(PlatformLiveSandbox(state: state, platform: platform, port: port))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
