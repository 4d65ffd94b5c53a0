/// A card (`contentType: Card`, and each element of a carousel).
public struct Card: Sendable, Equatable, Codable {
    /// The title.
    public var title: String
    /// The description.
    public var description: String?
    /// An image URL.
    public var image: String?
    /// The action taken when the card itself is tapped.
    public var defaultAction: CardAction?
    /// The card's buttons.
    public var actions: [CardAction]

    /// Creates a card.
    public init(
        title: String,
        description: String? = nil,
        image: String? = nil,
        defaultAction: CardAction? = nil,
        actions: [CardAction] = []
    ) {
        self.title = title
        self.description = description
        self.image = image
        self.defaultAction = defaultAction
        self.actions = actions
    }

    private enum CodingKeys: String, CodingKey {
        case title, description, image, defaultAction, actions
    }

    /// Decodes a card; a missing `actions` array reads as empty.
    /// - Throws: `DecodingError` when `title` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        image = try container.decodeIfPresent(String.self, forKey: .image)
        defaultAction = try container.decodeIfPresent(CardAction.self, forKey: .defaultAction)
        actions = try container.decodeIfPresent([CardAction].self, forKey: .actions) ?? []
    }
}
