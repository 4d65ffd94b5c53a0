/// Who produced an outbound message: a `Human` agent or a `Bot`.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct OriginatingEntity: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
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

    /// A human agent.
    public static let human = OriginatingEntity("Human")

    /// A bot.
    public static let bot = OriginatingEntity("Bot")

    /// The wire text.
    public var description: String { rawValue }
}
