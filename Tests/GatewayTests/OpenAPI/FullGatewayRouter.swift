import Foundation
import Hummingbird
import Logging

@testable import Gateway

/// The gateway's router with every route it can serve: assembled as `attache dev` assembles it
/// (pipeline with the embedded store, so the `/v1/objects` routes are there too), on a
/// temporary directory.
enum FullGatewayRouter {
    /// Runs `body` with the router, then closes the runtime and removes the directory.
    static func with<T>(_ body: (Router<BasicRequestContext>) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-openapi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration.embedded(
            in: directory, origin: "test",
            values: [
                "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1"
            ])
        let logger = Logger(label: "test.openapi")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        do {
            let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
            let result = try await body(GatewayRouter.make(health: runtime.health, pipeline: pipeline))
            try await runtime.close()
            return result
        } catch {
            try? await runtime.close()
            throw error
        }
    }
}
