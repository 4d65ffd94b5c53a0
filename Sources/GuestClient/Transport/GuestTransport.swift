/// Opens WebSocket connections for a ``GuestSession``. The connection lives exactly as long as
/// the `body` closure: structured, so nothing outlives the session that opened it.
public protocol GuestTransport: Sendable {
    /// Connects to `url`, runs `body` with the open connection, and closes it when `body`
    /// returns or throws.
    /// - Throws: the connection error, or what `body` throws.
    func withConnection(
        url: String,
        _ body: @escaping @Sendable (GuestConnection) async throws -> Void
    ) async throws
}

/// One open guest WebSocket: text frames in, text frames out.
public struct GuestConnection: Sendable {
    /// Text frames from the server, in order; finishes when the socket closes.
    public let frames: AsyncThrowingStream<String, any Error>
    private let outbound: AsyncStream<String>.Continuation

    /// Creates a connection from its two directions.
    public init(frames: AsyncThrowingStream<String, any Error>, outbound: AsyncStream<String>.Continuation) {
        self.frames = frames
        self.outbound = outbound
    }

    /// Queues a text frame for sending; never blocks. Frames queued after the socket closed are
    /// dropped (the outbox resends what was not acknowledged).
    public func send(_ text: String) {
        outbound.yield(text)
    }
}
