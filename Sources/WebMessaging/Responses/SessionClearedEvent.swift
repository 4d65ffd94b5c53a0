/// `SessionClearedEvent`: the conversation was cleared (after a `Presence` `Clear`). Its body is `{}`.
public struct SessionClearedEvent: Sendable, Equatable, Codable {
    /// Creates the event.
    public init() {}

    /// Decodes the event, ignoring any fields.
    public init(from decoder: any Decoder) throws {}

    /// Encodes `{}`.
    /// - Throws: never in practice; `EncodingError` from the encoder.
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: DynamicCodingKey.self)
    }
}
