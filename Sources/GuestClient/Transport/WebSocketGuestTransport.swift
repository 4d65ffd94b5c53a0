import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket

/// The ``GuestTransport`` over a real WebSocket (HummingbirdWSClient), with WebSocket pings on
/// an interval so dead sockets are noticed even when the protocol is quiet.
public struct WebSocketGuestTransport: GuestTransport {
    /// How often to ping (`nil`: never). Genesys's transport SDK pings every 15 s.
    public var pingInterval: Duration?
    /// The largest frame accepted.
    public var maxFrameSize: Int
    /// Where connection problems are logged (never message contents or tokens).
    public var logger: Logger

    /// Creates a transport.
    public init(
        pingInterval: Duration? = .seconds(15),
        maxFrameSize: Int = 1 << 20,
        logger: Logger = Logger(label: "attache.guest-client")
    ) {
        self.pingInterval = pingInterval
        self.maxFrameSize = maxFrameSize
        self.logger = logger
    }

    public func withConnection(
        url: String,
        _ body: @escaping @Sendable (GuestConnection) async throws -> Void
    ) async throws {
        var configuration = WebSocketClientConfiguration(maxFrameSize: maxFrameSize)
        if let pingInterval {
            configuration.autoPing = .enabled(timePeriod: pingInterval)
        }
        let maxFrameSize = self.maxFrameSize
        try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) {
            inbound, outbound, _ in
            let (frames, frameContinuation) = AsyncThrowingStream.makeStream(of: String.self)
            let (sends, sendContinuation) = AsyncStream.makeStream(of: String.self)
            let connection = GuestConnection(frames: frames, outbound: sendContinuation)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await message in inbound.messages(maxSize: maxFrameSize) {
                            if case .text(let text) = message { frameContinuation.yield(text) }
                        }
                        frameContinuation.finish()
                    } catch {
                        frameContinuation.finish(throwing: error)
                    }
                }
                group.addTask {
                    for await text in sends {
                        try await outbound.write(.text(text))
                    }
                }
                defer {
                    sendContinuation.finish()
                    group.cancelAll()
                }
                try await body(connection)
                try? await outbound.close(.normalClosure, reason: nil)
            }
        }
    }
}
