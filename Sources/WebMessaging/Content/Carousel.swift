/// A row of cards (`contentType: Carousel`).
public struct Carousel: Sendable, Equatable, Codable {
    /// The cards, in display order.
    public var cards: [Card]

    /// Creates a carousel.
    public init(cards: [Card]) {
        self.cards = cards
    }
}
