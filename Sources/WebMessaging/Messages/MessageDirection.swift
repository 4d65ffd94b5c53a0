/// The `direction` of a message: `Inbound` comes from the guest, `Outbound` goes to the guest.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct MessageDirection: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
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

    /// From the guest to the contact center.
    public static let inbound = MessageDirection("Inbound")

    /// From the contact center (agent or bot) to the guest.
    public static let outbound = MessageDirection("Outbound")

    /// The wire text.
    public var description: String { rawValue }
}
