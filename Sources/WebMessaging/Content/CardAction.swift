/// An action on a card: a `Link` (opens ``url``) or a `Postback` (sends ``payload``).
public struct CardAction: Sendable, Equatable, Codable {
    /// `Link` or `Postback`.
    public var type: String
    /// The label.
    public var text: String
    /// The URL of a `Link` action.
    public var url: String?
    /// The payload of a `Postback` action.
    public var payload: String?

    /// Creates a card action.
    public init(type: String, text: String, url: String? = nil, payload: String? = nil) {
        self.type = type
        self.text = text
        self.url = url
        self.payload = payload
    }
}
