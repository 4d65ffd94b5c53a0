/// The `presence.type` of a presence event.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct PresenceType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The value as sent on the wire.
    public var rawValue: String

    /// Creates a value from its wire text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates a value from its wire text.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// The guest joined (auto-start of a conversation).
    public static let join = PresenceType("Join")

    /// The conversation was disconnected by the contact center.
    public static let disconnect = PresenceType("Disconnect")

    /// The guest asks to clear the conversation.
    public static let clear = PresenceType("Clear")

    /// The guest signed in (authenticated session).
    public static let signIn = PresenceType("SignIn")

    /// The wire text.
    public var description: String { rawValue }
}
