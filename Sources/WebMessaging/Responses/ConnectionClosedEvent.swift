/// `ConnectionClosedEvent`: the server closed this connection (another connection of the same
/// token took over, the conversation was cleared, or the guest signed in elsewhere).
public struct ConnectionClosedEvent: Sendable, Equatable, Codable {
    /// The `reason` the SDK sends when the guest signed in on another connection.
    public static let signedInReason = "signedIn"

    /// Why, when given (e.g. `signedIn`).
    public var reason: String?

    /// Creates the event.
    public init(reason: String? = nil) {
        self.reason = reason
    }
}
