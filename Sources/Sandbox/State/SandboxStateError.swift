/// A platform-side operation on ``SandboxState`` that cannot be done.
public struct SandboxStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text.
        public var rawValue: String

        /// Creates a code from its text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// No conversation with that id.
        public static let conversationNotFound = Code(rawValue: "SANDBOX_CONVERSATION_NOT_FOUND")
        /// No participant with that id in the conversation.
        public static let participantNotFound = Code(rawValue: "SANDBOX_PARTICIPANT_NOT_FOUND")
        /// The agent is not connected to the conversation.
        public static let agentNotConnected = Code(rawValue: "SANDBOX_AGENT_NOT_CONNECTED")
        /// The conversation has ended.
        public static let conversationEnded = Code(rawValue: "SANDBOX_CONVERSATION_ENDED")
        /// The request is malformed (empty message, bad attachment).
        public static let invalidRequest = Code(rawValue: "SANDBOX_INVALID_REQUEST")

        /// The code's text.
        public var description: String { rawValue }
    }

    /// The stable error code.
    public var code: Code
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The HTTP status a REST edge should answer with.
    public var httpStatus: Int {
        switch code {
        case .conversationNotFound, .participantNotFound: 404
        case .agentNotConnected: 403
        case .conversationEnded: 409
        default: 400
        }
    }

    /// `CODE: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
