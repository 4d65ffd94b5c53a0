import Foundation
import WebMessaging

/// A ``GuestEvent`` as one flat JSON object, for `attache chat --json` and for logs a script
/// reads: `{"event":"message","direction":"Outbound","text":"…","attachments":[…]}`.
public struct GuestEventRecord: Sendable, Equatable, Codable {
    /// One attachment, with the type the file type resolver settled on.
    public struct Attachment: Sendable, Equatable, Codable {
        /// The attachment id.
        public var id: String
        /// The file name, if given.
        public var filename: String?
        /// The resolved MIME type.
        public var mimeType: String
        /// The resolved category (`image`, `audio`, `pdf`, …).
        public var category: String
        /// The icon name for the category.
        public var icon: String
        /// Whether it may be previewed inline.
        public var previewable: Bool
        /// The download URL, if any.
        public var url: String?
    }

    /// `state`, `message`, `typing`, `delivered`, `rejected`, `rateLimited`, `newConversation`, `gaveUp`.
    public var event: String
    /// For `state`: `connecting`, `connected`, `waiting`, `closed`.
    public var state: String?
    /// For `message`: `Inbound` (the guest's) or `Outbound` (agent, system).
    public var direction: String?
    /// The message id, or the client message id for `delivered` / `rejected`.
    public var id: String?
    /// Message text, or a reason.
    public var text: String?
    /// Message metadata.
    public var metadata: [String: String]?
    /// Attachments with their resolved types.
    public var attachments: [Attachment]?
    /// For `connected`: whether the server started a new session; for errors: the code.
    public var newSession: Bool?
    /// For `connected`: whether the conversation is read-only.
    public var readOnly: Bool?
    /// For `rejected`: the error code.
    public var code: Int?
    /// For `rateLimited`: the seconds to wait.
    public var retryAfter: Int?

    /// The record of an event.
    public init(_ event: GuestEvent) {
        self.event = "state"
        switch event {
        case .state(let state):
            switch state {
            case .connecting: self.state = "connecting"
            case .connected(let newSession, let readOnly):
                self.state = "connected"
                self.newSession = newSession
                self.readOnly = readOnly
            case .waiting(let seconds):
                self.state = "waiting"
                self.text = String(format: "%.3f", seconds)
            case .closed: self.state = "closed"
            }
        case .message(let message):
            self.event = "message"
            direction = message.direction.rawValue
            id = message.id
            text = message.text
            metadata = message.metadata
            let attachments = message.attachments.map { attachment in
                let type = attachment.resolvedFileType
                return Attachment(
                    id: attachment.id, filename: attachment.filename, mimeType: type.mimeType,
                    category: type.category.rawValue, icon: type.iconName, previewable: type.isInlinePreviewable,
                    url: attachment.url)
            }
            self.attachments = attachments.isEmpty ? nil : attachments
        case .typing:
            self.event = "typing"
        case .delivered(let clientMessageId):
            self.event = "delivered"
            id = clientMessageId
        case .rejected(let clientMessageId, let code, let reason):
            self.event = "rejected"
            id = clientMessageId
            self.code = code
            text = reason
        case .rateLimited(let clientMessageId, let retryAfter):
            self.event = "rateLimited"
            id = clientMessageId
            self.retryAfter = retryAfter
        case .newConversationStarted(let reason):
            self.event = "newConversation"
            text = reason
        case .gaveUp(let reason):
            self.event = "gaveUp"
            text = reason
        }
    }

    /// The record as one line of compact JSON with sorted keys.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let line = String(data: data, encoding: .utf8) else {
            return #"{"event":"\#(event)"}"#
        }
        return line
    }
}
