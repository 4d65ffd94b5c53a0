import WebMessaging

/// What a ``GuestSession`` tells the app, in order, through ``GuestSession/events``.
public enum GuestEvent: Sendable, Equatable {
    /// The connection state changed.
    case state(GuestConnectionState)
    /// A message of the conversation, from the guest (echoed), an agent or the system; each
    /// message id at most once, history gaps included.
    case message(StructuredMessage)
    /// An agent is typing.
    case typing
    /// A queued message reached the server (its ``OutboxItem/id``).
    case delivered(clientMessageId: String)
    /// The server refused a queued message; it is dropped from the outbox.
    case rejected(clientMessageId: String, code: Int, reason: String)
    /// The server said `TooManyRequestsErrorMessage`: the message (`nil` for another request)
    /// stays queued and nothing is sent for `retryAfter` seconds.
    case rateLimited(clientMessageId: String?, retryAfter: Int)
    /// The previous conversation ended (expired or read-only); a new one was started with a new
    /// token. The UI should tell the user.
    case newConversationStarted(reason: String)
    /// The session stopped trying to reconnect.
    case gaveUp(reason: String)
}

/// Where a ``GuestSession`` stands.
public enum GuestConnectionState: Sendable, Equatable {
    /// Opening a socket (attempt number, 0-based).
    case connecting(attempt: Int)
    /// Configured: `newSession` as the server said, `readOnly` when the conversation ended.
    case connected(newSession: Bool, readOnly: Bool)
    /// The socket closed; waiting before the next attempt.
    case waiting(seconds: Double)
    /// Stopped.
    case closed
}
