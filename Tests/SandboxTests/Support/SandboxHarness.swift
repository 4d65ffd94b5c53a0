import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket
import ServiceLifecycle
import WebMessaging

@testable import Sandbox

/// A sandbox started live on 127.0.0.1, port 0, for the duration of a test.
struct SandboxHarness {
    let state: SandboxState
    let port: Int
    let deploymentId: String

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static let logger: Logger = {
        var logger = Logger(label: "sandbox-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A configuration with one deployment whose limits tests can tune.
    static func configuration(
        deployment: DeploymentConfiguration = DeploymentConfiguration(id: "test-deployment"),
        persistencePath: String? = nil
    ) -> SandboxConfiguration {
        SandboxConfiguration(host: "127.0.0.1", port: 0, deployments: [deployment], persistencePath: persistencePath)
    }

    /// Starts the sandbox, runs `body`, and stops it through graceful shutdown.
    static func with(
        _ configuration: SandboxConfiguration = configuration(),
        state: SandboxState? = nil,
        _ body: (SandboxHarness) async throws -> Void
    ) async throws {
        let state = state ?? SandboxState(configuration: configuration)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = SandboxServer.makeApplication(
            configuration: configuration, state: state, logger: logger,
            onServerRunning: { portContinuation.yield($0) }
        )
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger)
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError("server did not start") }
            let harness = SandboxHarness(
                state: state, port: port, deploymentId: configuration.deployments.first?.id ?? ""
            )
            do {
                try await body(harness)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Opens a guest socket, runs `body`, then closes it.
    func withGuest<T>(
        deploymentId: String? = nil,
        token: String = UUID().uuidString.lowercased(),
        _ body: (GuestTestSocket) async throws -> T
    ) async throws -> T {
        let url = "ws://127.0.0.1:\(port)/v1?deploymentId=\(deploymentId ?? self.deploymentId)"
        let socket = GuestTestSocket(token: token)
        let (commands, commandContinuation) = AsyncStream.makeStream(of: GuestTestSocket.Command.self)
        socket.commands = commandContinuation
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                do {
                    try await Self.connect(url: url, socket: socket, commands: commands)
                } catch {
                    await socket.inbox.close()
                    throw error
                }
                await socket.inbox.close()
            }
            let result: T
            do {
                result = try await body(socket)
            } catch {
                commandContinuation.yield(.close)
                commandContinuation.finish()
                tasks.cancelAll()
                throw error
            }
            commandContinuation.yield(.close)
            commandContinuation.finish()
            try await tasks.waitForAll()
            return result
        }
    }

    private static func connect(
        url: String,
        socket: GuestTestSocket,
        commands: AsyncStream<GuestTestSocket.Command>
    ) async throws {
        try await WebSocketClient.connect(
            url: url, configuration: .init(maxFrameSize: 8 << 20), logger: Self.logger
        ) { inbound, outbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await command in commands {
                        switch command {
                        case .text(let text): try await outbound.write(.text(text))
                        case .binary(let bytes): try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                        case .close:
                            try await outbound.close(.normalClosure, reason: nil)
                            return
                        }
                    }
                }
                for try await message in inbound.messages(maxSize: 8 << 20) {
                    if case .text(let text) = message { await socket.inbox.append(text) }
                }
                await socket.inbox.close()
                group.cancelAll()
            }
        }
    }

    /// A GET/PUT over HTTP; returns status and body.
    func http(
        _ method: HTTPMethod,
        _ path: String,
        headers: [(String, String)] = [],
        body: Data? = nil
    ) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }

    /// The history page for a JWT.
    func history(jwt: String?, pageSize: Int = 25, pageNumber: Int = 1) async throws -> (Int, MessageHistoryPage?) {
        let headers = jwt.map { [("Authorization", "Bearer \($0)")] } ?? []
        let (status, body) = try await http(
            .GET, "/api/v2/webmessaging/messages?pageSize=\(pageSize)&pageNumber=\(pageNumber)", headers: headers
        )
        return (status, status == 200 ? try JSONDecoder().decode(MessageHistoryPage.self, from: body) : nil)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
