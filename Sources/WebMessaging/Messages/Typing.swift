/// The `typing` payload of a typing event.
public struct Typing: Sendable, Equatable, Codable {
    /// The typing state; Genesys sends `On`.
    public var type: TypingType
    /// How long the indicator should show, in milliseconds.
    public var duration: Int?

    /// Creates a typing payload.
    public init(type: TypingType = .on, duration: Int? = nil) {
        self.type = type
        self.duration = duration
    }
}
