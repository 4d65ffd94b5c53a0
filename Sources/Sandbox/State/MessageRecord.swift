import Foundation
import WebMessaging

/// One message of a conversation: the protocol message plus who sent it and when.
public struct MessageRecord: Sendable, Equatable, Codable, Identifiable {
    /// The message id (same as ``message``'s id).
    public var id: String { message.id }
    /// The conversation the message belongs to.
    public var conversationId: String
    /// The sending participant's id.
    public var participantId: String
    /// When the sandbox accepted the message.
    public var sentAt: Date
    /// The message as guests see it (history entries and socket deliveries).
    public var message: StructuredMessage
    /// Custom attributes the guest sent with it (`channel.metadata.customAttributes`).
    public var customAttributes: [String: String]

    /// Creates a record.
    public init(
        conversationId: String,
        participantId: String,
        sentAt: Date,
        message: StructuredMessage,
        customAttributes: [String: String] = [:]
    ) {
        self.conversationId = conversationId
        self.participantId = participantId
        self.sentAt = sentAt
        self.message = message
        self.customAttributes = customAttributes
    }

    /// `Inbound` (from the guest) or `Outbound` (to the guest).
    public var direction: MessageDirection { message.direction }
}
