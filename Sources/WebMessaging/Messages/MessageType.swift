/// The `type` of a message: `Text`, `Structured` or `Event`.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct MessageType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
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

    /// A text message, possibly with attachments.
    public static let text = MessageType("Text")

    /// A message carrying rich content (quick replies, cards, carousels, date pickers).
    public static let structured = MessageType("Structured")

    /// A message carrying only events (typing, presence).
    public static let event = MessageType("Event")

    /// The wire text.
    public var description: String { rawValue }
}
