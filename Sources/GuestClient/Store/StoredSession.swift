import Foundation

/// What a guest session keeps across app restarts: its identity and the messages not yet
/// confirmed by the server.
public struct StoredSession: Sendable, Equatable, Codable {
    /// The Genesys guest session token: the guest's identity across days.
    public var token: String
    /// The deployment the token belongs to.
    public var deploymentId: String
    /// Messages waiting to be sent or confirmed, oldest first.
    public var outbox: [OutboxItem]

    /// Creates a stored session.
    public init(token: String, deploymentId: String, outbox: [OutboxItem] = []) {
        self.token = token
        self.deploymentId = deploymentId
        self.outbox = outbox
    }
}

/// One message the guest sent, kept until the server echoes it back.
public struct OutboxItem: Sendable, Equatable, Codable, Identifiable {
    /// The client message id: sent as `tracingId` and as `metadata.customMessageId`, so a resend
    /// after a lost acknowledgement can be recognised in the conversation history.
    public var id: String
    /// The text.
    public var text: String
    /// Message metadata (the file id of an upload travels here).
    public var metadata: [String: String]
    /// Native Genesys attachment ids the message carries (see ``GuestSession``'s
    /// `sendNativeAttachment`), sent as `content: [{contentType: "Attachment", attachment: {id}}]`.
    public var attachmentIds: [String]
    /// Custom attributes for the conversation (`channel.metadata.customAttributes`).
    public var customAttributes: [String: String]
    /// When the guest wrote it.
    public var createdAt: Date
    /// Whether it has been written to a socket at least once (then a resend must first check
    /// the history, or the server could store it twice).
    public var attempted: Bool

    /// Creates an item.
    public init(
        id: String = UUID().uuidString.lowercased(),
        text: String,
        metadata: [String: String] = [:],
        attachmentIds: [String] = [],
        customAttributes: [String: String] = [:],
        createdAt: Date = Date(),
        attempted: Bool = false
    ) {
        self.id = id
        self.text = text
        self.metadata = metadata
        self.attachmentIds = attachmentIds
        self.customAttributes = customAttributes
        self.createdAt = createdAt
        self.attempted = attempted
    }
}

extension OutboxItem {
    private enum CodingKeys: String, CodingKey {
        case id, text, metadata, attachmentIds, customAttributes, createdAt, attempted
    }

    /// Decodes an item; `attachmentIds` is absent from files written before native attachments
    /// and then reads as empty.
    /// - Throws: `DecodingError` when another field is missing or malformed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            text: try container.decode(String.self, forKey: .text),
            metadata: try container.decode([String: String].self, forKey: .metadata),
            attachmentIds: try container.decodeIfPresent([String].self, forKey: .attachmentIds) ?? [],
            customAttributes: try container.decode([String: String].self, forKey: .customAttributes),
            createdAt: try container.decode(Date.self, forKey: .createdAt),
            attempted: try container.decode(Bool.self, forKey: .attempted))
    }
}
