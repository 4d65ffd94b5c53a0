/// One item of a message's `events` array, discriminated by `eventType`.
///
/// Wire form: `{"eventType":"Typing","typing":{"type":"On"}}` or
/// `{"eventType":"Presence","presence":{"type":"Join"}}`. Unknown event types, and known ones
/// whose payload does not parse, decode to ``unknown(_:)`` holding the item verbatim.
public enum MessageEvent: Sendable, Equatable, Codable {
    /// A typing indicator.
    case typing(Typing)
    /// A presence change.
    case presence(Presence)
    /// An event this library does not understand, kept verbatim.
    case unknown(JSONValue)

    /// The `eventType` on the wire (for ``unknown(_:)``, whatever the item said, if a string).
    public var eventType: MessageEventType? {
        switch self {
        case .typing: .typing
        case .presence: .presence
        case .unknown(let raw): raw["eventType"]?.stringValue.map(MessageEventType.init(rawValue:))
        }
    }

    /// Decodes one event; never fails for a JSON value other than a malformed document.
    /// - Throws: `DecodingError` only when the value is not JSON at all.
    public init(from decoder: any Decoder) throws {
        let raw = try JSONValue(from: decoder)
        guard let type = raw["eventType"]?.stringValue,
            let container = try? decoder.container(keyedBy: DynamicCodingKey.self)
        else {
            self = .unknown(raw)
            return
        }
        switch MessageEventType(rawValue: type) {
        case .typing:
            if let typing = try? container.decode(Typing.self, forKey: DynamicCodingKey("typing")) {
                self = .typing(typing)
                return
            }
        case .presence:
            if let presence = try? container.decode(Presence.self, forKey: DynamicCodingKey("presence")) {
                self = .presence(presence)
                return
            }
        default:
            break
        }
        self = .unknown(raw)
    }

    /// Encodes `{"eventType": …, "<payloadKey>": …}`, or the raw item for ``unknown(_:)``.
    /// - Throws: `EncodingError` when a raw value cannot be encoded.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .typing(let typing):
            var container = encoder.container(keyedBy: DynamicCodingKey.self)
            try container.encode(MessageEventType.typing, forKey: DynamicCodingKey("eventType"))
            try container.encode(typing, forKey: DynamicCodingKey("typing"))
        case .presence(let presence):
            var container = encoder.container(keyedBy: DynamicCodingKey.self)
            try container.encode(MessageEventType.presence, forKey: DynamicCodingKey("eventType"))
            try container.encode(presence, forKey: DynamicCodingKey("presence"))
        case .unknown(let raw):
            try raw.encode(to: encoder)
        }
    }
}
