import Foundation
import Hummingbird
import Logging
import Sandbox
import ServiceLifecycle

/// A sandbox started on 127.0.0.1, port 0, for one test.
struct LiveSandbox {
    let state: SandboxState
    let port: Int
    let deploymentId: String

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static let logger: Logger = {
        var logger = Logger(label: "guest-client-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with a live sandbox whose one deployment is `deployment`.
    static func with(
        deployment: DeploymentConfiguration = DeploymentConfiguration(id: "guest-client-tests"),
        _ body: (LiveSandbox) async throws -> Void
    ) async throws {
        let configuration = SandboxConfiguration(host: "127.0.0.1", port: 0, deployments: [deployment])
        let state = SandboxState(configuration: configuration)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = SandboxServer.makeApplication(
            configuration: configuration, state: state, logger: logger,
            onServerRunning: { portContinuation.yield($0) }
        )
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestFailure("the sandbox did not start") }
            do {
                try await body(LiveSandbox(state: state, port: port, deploymentId: deployment.id))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// The sandbox's conversations of this deployment.
    func conversations() async -> [ConversationRecord] {
        await state.conversations().filter { $0.deploymentId == deploymentId }
    }
}

/// A test precondition failed.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 20 ms until it holds; fails after `limit` (a hang guard, not a
/// performance assertion).
func eventually(
    _ what: String,
    limit: Duration = .seconds(60),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("\(what): not reached within \(limit)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
