import Foundation
import WebMessaging

/// The JSON the agent console's routes exchange (`/api/v2/sandbox/agent/…`).
enum AgentConsoleDocuments {
    /// `POST /api/v2/sandbox/agent/session` body.
    struct SignIn: Codable {
        var name: String
    }

    /// The signed-in agent.
    struct Agent: Codable {
        var userId: String
        var name: String
    }

    /// Body of accept / send / disconnect.
    struct AgentAction: Codable {
        var userId: String
        var text: String?
        var sampleId: String?
    }

    /// One row of the conversation lists.
    struct Summary: Codable {
        var id: String
        var status: String
        var customerName: String
        var startTime: String
        var lastActivity: String
        var lastText: String?
        var messageCount: Int

        init(_ conversation: ConversationRecord) {
            id = conversation.id
            status = conversation.status.rawValue
            customerName = conversation.customer?.name ?? "Guest"
            startTime = PlatformTime.string(from: conversation.createdAt)
            lastActivity = PlatformTime.string(from: conversation.lastActivityAt)
            lastText = conversation.messages.last { $0.message.text?.isEmpty == false }?.message.text
                .map { String($0.prefix(120)) }
            messageCount = conversation.messages.count
        }
    }

    /// `GET /api/v2/sandbox/agent/conversations`.
    struct Lists: Codable {
        var waiting: [Summary]
        var mine: [Summary]
        var ended: [Summary]
    }

    /// One attachment of a message.
    struct AttachmentView: Codable {
        var filename: String?
        var url: String?
        var mime: String?
        var mediaType: String?
        var fileSize: Int?
    }

    /// One message in the transcript.
    struct MessageView: Codable {
        var id: String
        var direction: String
        var type: String
        var time: String
        var from: String?
        var text: String?
        var attachments: [AttachmentView]
        var events: [String]
        var metadata: [String: String]

        init(_ record: MessageRecord, conversation: ConversationRecord) {
            let message = record.message
            id = message.id
            direction = message.direction.rawValue
            type = message.type.rawValue
            time = PlatformTime.string(from: record.sentAt)
            let sender = conversation.participants.first { $0.id == record.participantId }
            from = sender?.name ?? message.channel?.from?.nickname ?? (message.direction == .outbound ? "System" : nil)
            text = message.text
            attachments = (message.content ?? []).compactMap { content in
                guard case .attachment(let file) = content else { return nil }
                return AttachmentView(
                    filename: file.filename, url: file.url, mime: file.mime,
                    mediaType: file.mediaType?.rawValue, fileSize: file.fileSize
                )
            }
            events = (message.events ?? []).map { event in
                switch event {
                case .presence(let presence): "Presence \(presence.type.rawValue)"
                case .typing: "Typing"
                case .unknown: event.eventType?.rawValue ?? "Event"
                }
            }
            metadata = message.metadata ?? [:]
        }
    }

    /// One participant in the detail view.
    struct ParticipantView: Codable {
        var id: String
        var purpose: String
        var state: String
        var name: String
        var userId: String?
    }

    /// `GET /api/v2/sandbox/agent/conversations/{id}`.
    struct Detail: Codable {
        var id: String
        var status: String
        var readOnly: Bool
        var canReply: Bool
        var participants: [ParticipantView]
        var messages: [MessageView]
        var widgetURL: String?
    }

    /// One sample attachment.
    struct Sample: Codable {
        var id: String
        var fileName: String
        var mimeType: String
        var label: String
        var size: Int
    }
}
