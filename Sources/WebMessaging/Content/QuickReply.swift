/// A quick-reply option offered to the guest (`contentType: QuickReply`).
public struct QuickReply: Sendable, Equatable, Codable {
    /// The label shown to the guest.
    public var text: String
    /// The value sent back when chosen.
    public var payload: String
    /// The action, e.g. `Message`.
    public var action: String?

    /// Creates a quick reply.
    public init(text: String, payload: String, action: String? = nil) {
        self.text = text
        self.payload = payload
        self.action = action
    }
}
