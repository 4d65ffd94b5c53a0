/// Where one open connection of a ``GuestSession`` stands.
enum ConnectionPhase: Sendable, Equatable {
    /// No socket.
    case closed
    /// `configureSession` sent; waiting for the `SessionResponse` until the deadline.
    case configuring(deadline: ContinuousClock.Instant)
    /// Configured as a resumed session; `getJwt` sent for the history fill.
    case awaitingJwt(deadline: ContinuousClock.Instant)
    /// Configured and caught up: messages flow.
    case ready

    /// Whether the server configured the session on this connection.
    var wasConfigured: Bool {
        switch self {
        case .awaitingJwt, .ready: true
        case .closed, .configuring: false
        }
    }
}

/// What drives an open connection, merged into one ordered stream.
enum ConnectionInput: Sendable {
    /// A text frame from the server.
    case frame(String)
    /// The socket closed (with the error, if any).
    case closed((any Error)?)
    /// Time passed: check deadlines, send heartbeats.
    case tick
    /// The outbox changed.
    case kick
}
