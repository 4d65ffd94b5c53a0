/// The `presence` payload of a presence event.
public struct Presence: Sendable, Equatable, Codable {
    /// `Join`, `Disconnect`, `Clear` or `SignIn`.
    public var type: PresenceType

    /// Creates a presence payload.
    public init(type: PresenceType) {
        self.type = type
    }
}
