import AsyncHTTPClient
import Foundation
import Gateway
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import WebMessaging

@testable import Sandbox

#if canImport(Glibc)
import Glibc
#endif

/// The gateway and the sandbox together on loopback, wired as `attache dev` wires them: the
/// sandbox is the gateway's Genesys (OAuth client, users/me), its agent console embeds the
/// gateway's widget, whose implicit-grant client the sandbox knows.
struct WidgetEndToEndHarness {
    static let client = OAuthClient(id: "attache-widget-e2e", secret: "attache-widget-e2e-secret-0123456789")
    static let deployment = DeploymentConfiguration(id: "attache-widget-e2e-deployment")
    static let dataActionSecret = "widget-e2e-data-action-secret-0123456789"

    let gatewayURL: String
    let sandboxURL: String
    let state: SandboxState
    let pipeline: GatewayPipeline

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    static let logger: Logger = {
        var logger = Logger(label: "widget-e2e")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with both servers, then shuts them down and removes the temporary directory.
    static func with(_ body: (WidgetEndToEndHarness) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-widget-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let gatewayPort = try freePort()
        let gatewayURL = "http://127.0.0.1:\(gatewayPort)"

        var platform = PlatformConfiguration()
        platform.embedAttacheWidget(gatewayURL: gatewayURL)
        let sandboxConfiguration = SandboxConfiguration(
            host: "127.0.0.1", port: 0, deployments: [deployment], oauthClients: [client], platform: platform)
        let state = SandboxState(configuration: sandboxConfiguration)
        let sandboxPlatform = SandboxPlatform(
            state: state, configuration: platform, oauthClients: [client], logger: logger)
        let (sandboxPorts, sandboxContinuation) = AsyncStream.makeStream(of: Int.self)
        let sandbox = SandboxServer.makeApplication(
            configuration: sandboxConfiguration, state: state,
            registerRoutes: { router, _ in sandboxPlatform.register(on: router) },
            services: [sandboxPlatform.triggerService], logger: logger,
            onServerRunning: { sandboxContinuation.yield($0) })
        let sandboxGroup = ServiceGroup(
            configuration: .init(services: [sandbox], gracefulShutdownSignals: [], logger: logger))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await sandboxGroup.run() }
            var sandboxIterator = sandboxPorts.makeAsyncIterator()
            guard let sandboxPort = await sandboxIterator.next() else { throw StartError(description: "no sandbox") }
            let sandboxURL = "http://127.0.0.1:\(sandboxPort)"
            do {
                let configuration = try GatewayConfiguration.embedded(
                    in: directory, origin: "test",
                    values: [
                        "ATTACHE_HOST": "127.0.0.1", "ATTACHE_PORT": String(gatewayPort),
                        "ATTACHE_GENESYS_URL": sandboxURL, "ATTACHE_GENESYS_CLIENT_ID": client.id,
                        "ATTACHE_GENESYS_CLIENT_SECRET": client.secret,
                        "ATTACHE_DATA_ACTION_SECRET": dataActionSecret,
                        "ATTACHE_WIDGET_CLIENT_ID": ImplicitGrantClient.attacheWidgetId,
                        "ATTACHE_WIDGET_FRAME_ANCESTORS": sandboxURL,
                    ])
                let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
                let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
                let (gatewayPorts, gatewayContinuation) = AsyncStream.makeStream(of: Int.self)
                let gateway = GatewayServer.makeApplication(
                    configuration: configuration, health: runtime.health, pipeline: pipeline, logger: logger,
                    onServerRunning: { gatewayContinuation.yield($0) })
                let gatewayGroup = ServiceGroup(
                    configuration: .init(services: [gateway], gracefulShutdownSignals: [], logger: logger))
                tasks.addTask { try await gatewayGroup.run() }
                var gatewayIterator = gatewayPorts.makeAsyncIterator()
                _ = await gatewayIterator.next()
                let harness = WidgetEndToEndHarness(
                    gatewayURL: gatewayURL, sandboxURL: sandboxURL, state: state, pipeline: pipeline)
                do {
                    try await body(harness)
                } catch {
                    await gatewayGroup.triggerGracefulShutdown()
                    try? await runtime.close()
                    throw error
                }
                await gatewayGroup.triggerGracefulShutdown()
                try? await runtime.close()
            } catch {
                await sandboxGroup.triggerGracefulShutdown()
                throw error
            }
            await sandboxGroup.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// A free TCP port on 127.0.0.1 (bound and released at once).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StartError(description: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw StartError(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw StartError(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: Guest

    /// Starts a guest conversation in the sandbox (waiting for an agent); returns its id.
    func startConversation(_ text: String) async throws -> String {
        let (connection, _) = await state.register()
        let token = UUID().uuidString.lowercased()
        _ = try await state.configureSession(
            connection: connection, token: token, deployment: Self.deployment, startNew: false)
        try await state.receiveGuestMessage(
            connection: connection,
            request: OnMessageRequest(
                token: token, message: .text(text, metadata: nil, customAttributes: nil),
                tracingId: UUID().uuidString),
            deployment: Self.deployment)
        guard let conversation = await state.conversations().last else {
            throw StartError(description: "no conversation")
        }
        return conversation.id
    }

    /// Registers a gateway guest and returns its credential and id.
    func gatewayGuest() async throws -> (credential: String, guestId: String) {
        let answer = try await json(
            "POST", "/v1/guests",
            body: ["sessionToken": UUID().uuidString, "deploymentId": Self.deployment.id])
        guard let credential = answer["credential"] as? String, let guestId = answer["guestId"] as? String else {
            throw StartError(description: "no guest credential: \(answer)")
        }
        return (credential, guestId)
    }

    /// Uploads a file through the real upload API (ticket, PUT, complete) and waits until it is
    /// clean; returns its file id.
    func upload(_ data: Data, filename: String, contentType: String, credential: String) async throws -> String {
        let ticket = try await json(
            "POST", "/v1/uploads", body: ["filename": filename, "size": data.count, "contentType": contentType],
            credential: credential)
        guard let fileId = ticket["fileId"] as? String, let upload = ticket["upload"] as? [String: Any],
            let url = upload["url"] as? String
        else { throw StartError(description: "unexpected ticket: \(ticket)") }
        var put = HTTPClientRequest(url: url)
        put.method = .PUT
        for (name, value) in upload["headers"] as? [String: String] ?? [:] { put.headers.add(name: name, value: value) }
        put.body = .bytes(ByteBuffer(bytes: data))
        let stored = try await HTTPClient.shared.execute(put, timeout: .seconds(30))
        guard stored.status == .ok else { throw StartError(description: "PUT answered \(stored.status)") }
        _ = try await json("POST", "/v1/uploads/\(fileId)/complete", body: ["parts": []], credential: credential)
        for _ in 0..<300 {
            let status = try await json("GET", "/v1/uploads/\(fileId)", credential: credential)
            switch status["state"] as? String {
            case "clean": return fileId
            case "rejected", "expired": throw StartError(description: "\(filename) was \(status)")
            default: try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw StartError(description: "\(filename) never became clean")
    }

    /// Binds the guest to the conversation through the real Data Action endpoint.
    func register(guestId: String, conversationId: String) async throws {
        _ = try await json(
            "POST", "/v1/data-actions/register-conversation",
            body: ["conversationId": conversationId, "guestId": guestId],
            headers: ["X-Attache-Data-Action-Secret": Self.dataActionSecret])
    }

    func json(
        _ method: String, _ path: String, body: [String: Any]? = nil, credential: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: gatewayURL + path)
        request.method = .init(rawValue: method)
        if let credential { request.headers.add(name: "Authorization", value: "Bearer \(credential)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            throw StartError(
                description: "\(method) \(path): \(response.status) \(String(decoding: data, as: UTF8.self))")
        }
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}
