import Foundation
import Gateway
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A real gateway in dev mode (embedded object store, in-process events, built-in policy
/// scanner, SQLite) listening on 127.0.0.1, for one test. Its public URL is its own address, so
/// the upload URLs it signs are served by itself, as under `attache dev`.
struct LiveGateway: Sendable {
    let baseURL: String
    let directory: URL

    static let logger: Logger = {
        var logger = Logger(label: "guest-client-upload-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Starts the gateway, runs `body`, stops it and removes its files.
    static func with(_ body: (LiveGateway) async throws -> Void) async throws {
        let port = try await freeLoopbackPort()
        let baseURL = "http://127.0.0.1:\(port)"
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-upload-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration(
            layers: ConfigurationLayers([
                .init(
                    origin: "test",
                    values: [
                        "ATTACHE_HOST": "127.0.0.1",
                        "ATTACHE_PORT": "\(port)",
                        "ATTACHE_PUBLIC_URL": baseURL,
                        "ATTACHE_DATABASE_URL": "sqlite:\(directory.path)/state.sqlite",
                        "ATTACHE_STORE": "local:\(directory.path)/objects",
                        "ATTACHE_LOG_LEVEL": "warning",
                    ])
            ]))
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = GatewayServer.makeApplication(
            configuration: configuration, health: runtime.health, pipeline: pipeline, logger: logger,
            onServerRunning: { portContinuation.yield($0) })
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let outcome: Result<Void, any Error>
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var iterator = ports.makeAsyncIterator()
                guard await iterator.next() != nil else { throw TestFailure("the gateway did not start") }
                do {
                    try await body(LiveGateway(baseURL: baseURL, directory: directory))
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await runtime.close()
        try outcome.get()
    }

    /// The bytes of the one object promoted to the clean area, hashed (SHA-256, lowercase hex).
    func cleanObjectSHA256() throws -> String? {
        let base = directory.appendingPathComponent("objects/clean")
        let suffix = ".attache-meta.json"
        let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        var found: [URL] = []
        while let url = files?.nextObject() as? URL {
            let name = url.lastPathComponent
            guard name.hasSuffix(suffix) else { continue }
            found.append(url.deletingLastPathComponent().appendingPathComponent(String(name.dropLast(suffix.count))))
        }
        guard found.count == 1, let only = found.first else { return nil }
        // A single PUT is one file; a completed multipart upload a folder of its parts in order.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: only.path, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else { return try TestFile.sha256(of: only) }
        let parts = try FileManager.default.contentsOfDirectory(atPath: only.path).sorted()
        return try TestFile.sha256(of: parts.map { only.appendingPathComponent($0) })
    }

    /// A free TCP port on 127.0.0.1 (bound, read, released), for a server whose public URL must
    /// be known before it starts.
    static func freeLoopbackPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        guard port > 0 else { throw TestFailure("no free port") }
        return port
    }
}
