import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import WebMessaging

/// A guest on the sandbox's Web Messaging WebSocket (`/v1?deploymentId=…`), as the guest UI
/// would be: it configures a session and sends messages; frames received are kept.
final class WebSocketGuest: Sendable {
    actor Inbox {
        private(set) var frames: [String] = []
        func append(_ text: String) { frames.append(text) }

        /// Waits until a frame contains `text` (or ~10 s passed).
        func waitFor(_ text: String) async -> Bool {
            for _ in 0..<200 {
                if frames.contains(where: { $0.contains(text) }) { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }
    }

    let token = UUID().uuidString.lowercased()
    let inbox = Inbox()
    private let commands: AsyncStream<String>.Continuation

    private init(commands: AsyncStream<String>.Continuation) {
        self.commands = commands
    }

    /// Sends a guest request.
    func send(_ request: GuestRequest) throws {
        commands.yield(try request.jsonString())
    }

    /// Opens the socket, configures the session, runs `body`, closes the socket.
    static func with<T: Sendable>(
        sandboxPort: Int, deploymentId: String, _ body: (WebSocketGuest) async throws -> T
    ) async throws -> T {
        let url = "ws://127.0.0.1:\(sandboxPort)/v1?deploymentId=\(deploymentId)"
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let guest = WebSocketGuest(commands: continuation)
        let logger = LiveStack.logger
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in stream { try await outbound.write(.text(text)) }
                            try await outbound.close(.normalClosure, reason: nil)
                        }
                        for try await message in inbound.messages(maxSize: 8 << 20) {
                            if case .text(let text) = message { await guest.inbox.append(text) }
                        }
                        group.cancelAll()
                    }
                }
            }
            let result: T
            do {
                try guest.send(
                    .configureSession(ConfigureSessionRequest(token: guest.token, deploymentId: deploymentId)))
                guard await guest.inbox.waitFor("SessionResponse") else {
                    throw LiveStackError("the sandbox did not answer configureSession")
                }
                result = try await body(guest)
            } catch {
                continuation.finish()
                tasks.cancelAll()
                throw error
            }
            continuation.finish()
            try await tasks.waitForAll()
            return result
        }
    }
}
