import WebMessaging

/// What the state asks one guest socket to do.
public enum GuestOutbound: Sendable, Equatable {
    /// Send this frame.
    case frame(ServerMessage)
    /// Close the socket (after the frames already queued).
    case close
}

/// Identifies one guest WebSocket connection.
public struct GuestConnectionID: Sendable, Hashable, CustomStringConvertible {
    /// A process-unique number.
    public var rawValue: UInt64

    /// Creates an id.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// `conn-N`.
    public var description: String { "conn-\(rawValue)" }
}
