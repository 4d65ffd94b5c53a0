/// The `typing.type` of a typing event.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct TypingType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
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

    /// The sender is typing.
    public static let on = TypingType("On")

    /// The wire text.
    public var description: String { rawValue }
}
