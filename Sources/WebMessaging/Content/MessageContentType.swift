/// The `contentType` discriminator of a message content item.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct MessageContentType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
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

    /// A file attachment.
    public static let attachment = MessageContentType("Attachment")

    /// A quick-reply option offered to the guest.
    public static let quickReply = MessageContentType("QuickReply")

    /// The guest's answer to a quick reply, card action or date picker.
    public static let buttonResponse = MessageContentType("ButtonResponse")

    /// A card with title, description, image and actions.
    public static let card = MessageContentType("Card")

    /// A row of cards.
    public static let carousel = MessageContentType("Carousel")

    /// A time-slot picker.
    public static let datePicker = MessageContentType("DatePicker")

    /// The wire text.
    public var description: String { rawValue }
}
