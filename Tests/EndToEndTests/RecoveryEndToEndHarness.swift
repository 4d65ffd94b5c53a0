import AsyncHTTPClient
import Foundation
import Gateway
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

@testable import Sandbox

/// The gateway in development mode (embedded store, built-in policy scanner, SQLite) wired to a
/// live sandbox as `attache dev` wires them: the gateway calls the sandbox as its Genesys API, and
/// the sandbox's trigger rule calls the gateway's `register-conversation` Data Action on a guest's
/// first message.
struct RecoveryEndToEndHarness {
    static let dataActionSecret = "recovery-e2e-data-action-secret-0123456789"

    let sandbox: GenesysSandboxHarness
    let pipeline: GatewayPipeline
    let configuration: GatewayConfiguration
    let gatewayURL: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts both, runs `body`, stops both.
    /// - Parameters:
    ///   - settings: gateway settings that replace the harness's (e.g. the recovery's timing).
    ///   - body: the test.
    static func with(
        settings: [String: String] = [:],
        _ body: (RecoveryEndToEndHarness) async throws -> Void
    ) async throws {
        let gatewayPort = try await freeLoopbackPort()
        let gatewayURL = "http://127.0.0.1:\(gatewayPort)"
        // Attaché's standard rules, as `attache dev` installs them: first message → register-conversation,
        // keyword message → file-link for the connected agent.
        let rules = TriggerRule.attacheDefaults(gatewayURL: gatewayURL, secret: dataActionSecret)
        try await GenesysSandboxHarness.with(platformConfiguration: PlatformConfiguration(triggerRules: rules)) {
            sandbox in
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("attache-recovery-e2e-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let configuration = try GatewayConfiguration(
                layers: ConfigurationLayers([
                    .init(
                        origin: "test",
                        values: [
                            "ATTACHE_PORT": "\(gatewayPort)",
                            "ATTACHE_PUBLIC_URL": gatewayURL,
                            "ATTACHE_DATABASE_URL": "sqlite:\(directory.path)/state.sqlite",
                            "ATTACHE_STORE": "local:\(directory.path)/objects",
                            "ATTACHE_GENESYS_URL": sandbox.baseURL,
                            "ATTACHE_GENESYS_CLIENT_ID": GenesysSandboxHarness.client.id,
                            "ATTACHE_GENESYS_CLIENT_SECRET": GenesysSandboxHarness.client.secret,
                            "ATTACHE_DATA_ACTION_SECRET": dataActionSecret,
                            // One pass at start-up, then none during the test: the test runs passes itself.
                            "ATTACHE_RECOVERY_INTERVAL_SECONDS": "3600",
                            "ATTACHE_LOG_LEVEL": "warning",
                        ].merging(settings) { _, override in override })
                ]))
            var logger = Logger(label: "recovery-e2e")
            logger.logLevel = .warning
            let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
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
                guard await iterator.next() != nil else { throw Failure(description: "the gateway did not start") }
                let harness = RecoveryEndToEndHarness(
                    sandbox: sandbox, pipeline: pipeline, configuration: configuration, gatewayURL: gatewayURL)
                do {
                    try await body(harness)
                } catch {
                    await group.triggerGracefulShutdown()
                    try? await tasks.waitForAll()
                    try? await runtime.close()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            try await runtime.close()
        }
    }

    /// A free TCP port on 127.0.0.1 (bound, read, released), for a server that other
    /// configuration must name before it starts.
    static func freeLoopbackPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        guard port > 0 else { throw Failure(description: "no free port") }
        return port
    }

    // MARK: Gateway HTTP

    /// Sends JSON to the gateway and decodes a JSON object from the answer.
    func json(
        _ method: HTTPMethod,
        _ path: String,
        _ body: [String: Any]? = nil,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, body: [String: Any]) {
        var request = HTTPClientRequest(url: gatewayURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    /// A guest uploads `bytes` through a ticket and the embedded store, then waits until the scan
    /// worker has made it `clean`.
    /// - Returns: the guest id and the file id.
    func uploadCleanFile(
        filename: String, contentType: String, bytes: [UInt8]
    ) async throws -> (
        guestId: String, fileId: String
    ) {
        let guest = try await json(
            .POST, "/v1/guests",
            ["sessionToken": "recovery-session-\(UUID().uuidString)", "deploymentId": sandbox.deploymentId])
        guard let credential = guest.body["credential"] as? String, let guestId = guest.body["guestId"] as? String
        else { throw Failure(description: "no guest credential: \(guest.status)") }
        let auth = ["Authorization": "Bearer \(credential)"]
        let ticket = try await json(
            .POST, "/v1/uploads", ["filename": filename, "size": bytes.count, "contentType": contentType],
            headers: auth)
        guard let fileId = ticket.body["fileId"] as? String, let upload = ticket.body["upload"] as? [String: Any],
            let url = upload["url"] as? String
        else { throw Failure(description: "no upload ticket: \(ticket.status) \(ticket.body)") }
        var put = HTTPClientRequest(url: url)
        put.method = .PUT
        for (name, value) in upload["headers"] as? [String: String] ?? [:] { put.headers.add(name: name, value: value) }
        put.body = .bytes(ByteBuffer(bytes: bytes))
        let stored = try await HTTPClient.shared.execute(put, timeout: .seconds(30))
        guard stored.status == .ok else { throw Failure(description: "PUT answered \(stored.status)") }
        _ = try await json(.POST, "/v1/uploads/\(fileId)/complete", ["parts": [Any]()], headers: auth)
        for _ in 0..<400 {
            let status = try await json(.GET, "/v1/uploads/\(fileId)", headers: auth)
            switch status.body["state"] as? String {
            case "clean": return (guestId, fileId)
            case "rejected", "expired": throw Failure(description: "the file ended \(status.body)")
            default: try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw Failure(description: "the file never became clean")
    }
}

extension GenesysSandboxHarness {
    /// The sandbox deployment guests use.
    var deploymentId: String { Self.deployment.id }
}
