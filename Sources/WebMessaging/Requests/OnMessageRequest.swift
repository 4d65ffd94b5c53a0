/// `onMessage`: send a text, structured or event message.
public struct OnMessageRequest: Sendable, Equatable, Codable {
    /// The guest's session token.
    public var token: String
    /// The message.
    public var message: GuestMessage
    /// An optional client timestamp, ISO-8601.
    public var time: String?
    /// The request's tracing id; the server's echo of the message carries it.
    public var tracingId: String?

    /// Creates the request.
    public init(token: String, message: GuestMessage, time: String? = nil, tracingId: String? = nil) {
        self.token = token
        self.message = message
        self.time = time
        self.tracingId = tracingId
    }
}
