/// One item of a message's `content` array, discriminated by `contentType`.
///
/// Wire form: `{"contentType":"Attachment","attachment":{…}}`, and likewise `quickReply`,
/// `buttonResponse`, `card`, `carousel`, `datePicker`. An unknown `contentType`, or a known one
/// whose payload does not parse, decodes to ``unknown(_:)`` holding the item verbatim, so one odd
/// item never makes a whole message undecodable.
public enum MessageContent: Sendable, Equatable, Codable {
    /// A file attachment.
    case attachment(MessageAttachment)
    /// A quick-reply option.
    case quickReply(QuickReply)
    /// The guest's answer to an option.
    case buttonResponse(ButtonResponse)
    /// A card.
    case card(Card)
    /// A carousel of cards.
    case carousel(Carousel)
    /// A time-slot picker.
    case datePicker(DatePicker)
    /// An item this library does not understand, kept verbatim.
    case unknown(JSONValue)

    /// The `contentType` on the wire (for ``unknown(_:)``, whatever the item said, if a string).
    public var contentType: MessageContentType? {
        switch self {
        case .attachment: .attachment
        case .quickReply: .quickReply
        case .buttonResponse: .buttonResponse
        case .card: .card
        case .carousel: .carousel
        case .datePicker: .datePicker
        case .unknown(let raw): raw["contentType"]?.stringValue.map(MessageContentType.init(rawValue:))
        }
    }

    /// Decodes one content item; never fails for a JSON value other than a malformed document.
    /// - Throws: `DecodingError` only when the value is not JSON at all.
    public init(from decoder: any Decoder) throws {
        let raw = try JSONValue(from: decoder)
        guard let type = raw["contentType"]?.stringValue,
            let container = try? decoder.container(keyedBy: DynamicCodingKey.self)
        else {
            self = .unknown(raw)
            return
        }
        self = Self.decodeKnown(type: type, from: container) ?? .unknown(raw)
    }

    private static func decodeKnown(
        type: String,
        from container: KeyedDecodingContainer<DynamicCodingKey>
    ) -> MessageContent? {
        func payload<T: Decodable>(_: T.Type, _ key: String) -> T? {
            try? container.decode(T.self, forKey: DynamicCodingKey(key))
        }
        switch MessageContentType(rawValue: type) {
        case .attachment: return payload(MessageAttachment.self, "attachment").map(MessageContent.attachment)
        case .quickReply: return payload(QuickReply.self, "quickReply").map(MessageContent.quickReply)
        case .buttonResponse:
            return payload(ButtonResponse.self, "buttonResponse").map(MessageContent.buttonResponse)
        case .card: return payload(Card.self, "card").map(MessageContent.card)
        case .carousel: return payload(Carousel.self, "carousel").map(MessageContent.carousel)
        case .datePicker: return payload(DatePicker.self, "datePicker").map(MessageContent.datePicker)
        default: return nil
        }
    }

    /// Encodes `{"contentType": …, "<payloadKey>": …}`, or the raw item for ``unknown(_:)``.
    /// - Throws: `EncodingError` when a raw value cannot be encoded.
    public func encode(to encoder: any Encoder) throws {
        if case .unknown(let raw) = self {
            try raw.encode(to: encoder)
            return
        }
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        func put<T: Encodable>(_ type: MessageContentType, _ key: String, _ value: T) throws {
            try container.encode(type, forKey: DynamicCodingKey("contentType"))
            try container.encode(value, forKey: DynamicCodingKey(key))
        }
        switch self {
        case .attachment(let value): try put(.attachment, "attachment", value)
        case .quickReply(let value): try put(.quickReply, "quickReply", value)
        case .buttonResponse(let value): try put(.buttonResponse, "buttonResponse", value)
        case .card(let value): try put(.card, "card", value)
        case .carousel(let value): try put(.carousel, "carousel", value)
        case .datePicker(let value): try put(.datePicker, "datePicker", value)
        case .unknown: break
        }
    }
}
