/// The sender or recipient named in a message's `channel.from` / `channel.to`.
public struct Participant: Sendable, Equatable, Codable {
    /// First name.
    public var firstName: String?
    /// Last name.
    public var lastName: String?
    /// Nickname (display name).
    public var nickname: String?
    /// Avatar URL.
    public var image: String?

    /// Creates a participant.
    public init(firstName: String? = nil, lastName: String? = nil, nickname: String? = nil, image: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.nickname = nickname
        self.image = image
    }
}
