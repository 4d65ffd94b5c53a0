/// The `eventType` discriminator of a message event.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct MessageEventType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
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

    /// A typing indicator.
    public static let typing = MessageEventType("Typing")

    /// A presence change (join, disconnect, clear, sign-in).
    public static let presence = MessageEventType("Presence")

    /// The wire text.
    public var description: String { rawValue }
}
