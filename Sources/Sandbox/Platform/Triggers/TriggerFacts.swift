import WebMessaging

/// What a trigger rule may look at in one inbound guest message: the stand-in for the values an
/// Architect inbound message flow reads (`Message.Message.body`, participant data, …).
public struct TriggerFacts: Sendable, Equatable {
    /// The conversation id.
    public var conversationId: String
    /// The customer participant's id.
    public var participantId: String
    /// The customer's message communication id.
    public var communicationId: String
    /// The message id.
    public var messageId: String
    /// `Text`, `Structured` or `Event`.
    public var messageType: MessageType
    /// The message text, if any.
    public var text: String?
    /// The message's string metadata (the file id travels here).
    public var metadata: [String: String]
    /// The guest's custom attributes, merged with the customer participant's attributes
    /// (the message's own custom attributes win).
    public var customAttributes: [String: String]
    /// Whether this is the conversation's first non-event guest message.
    public var isFirstMessage: Bool
    /// The user id of the agent connected to the conversation when the message arrived (the most
    /// recently joined one when several are), or `""` when none is.
    public var agentUserId: String

    /// Creates facts.
    public init(
        conversationId: String,
        participantId: String,
        communicationId: String,
        messageId: String,
        messageType: MessageType,
        text: String?,
        metadata: [String: String] = [:],
        customAttributes: [String: String] = [:],
        isFirstMessage: Bool,
        agentUserId: String = ""
    ) {
        self.conversationId = conversationId
        self.participantId = participantId
        self.communicationId = communicationId
        self.messageId = messageId
        self.messageType = messageType
        self.text = text
        self.metadata = metadata
        self.customAttributes = customAttributes
        self.isFirstMessage = isFirstMessage
        self.agentUserId = agentUserId
    }

    /// The Data Action inputs these facts provide, as `${input.name}` references see them.
    ///
    /// `conversationId`, `participantId`, `communicationId`, `messageId`, `messageText`, `agentUserId`,
    /// `metadata.<key>` and `customAttributes.<key>` for each entry, and `metadataJson` /
    /// `customAttributesJson`: the whole map as a JSON object (keys sorted), for templates that
    /// pass it through.
    public var inputs: [String: String] {
        var inputs: [String: String] = [
            "conversationId": conversationId,
            "participantId": participantId,
            "communicationId": communicationId,
            "messageId": messageId,
            "messageText": text ?? "",
            "agentUserId": agentUserId,
            "metadataJson": Self.jsonObject(metadata),
            "customAttributesJson": Self.jsonObject(customAttributes),
        ]
        for (key, value) in metadata { inputs["metadata.\(key)"] = value }
        for (key, value) in customAttributes { inputs["customAttributes.\(key)"] = value }
        return inputs
    }

    /// A string map as a compact JSON object with sorted keys.
    static func jsonObject(_ map: [String: String]) -> String {
        let members = map.sorted { $0.key < $1.key }.map { key, value in
            "\"\(DataActionTemplate.jsonEscaped(key))\":\"\(DataActionTemplate.jsonEscaped(value))\""
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}

extension TriggerFacts {
    /// Facts for an inbound message of a stored conversation.
    /// - Parameters:
    ///   - event: the inbound message event.
    ///   - conversation: the conversation as stored when the event was handled (for the customer's
    ///     attributes and for telling whether this is the first message); `nil` when unknown.
    public init(event: InboundMessageEvent, conversation: ConversationRecord?) {
        let message = event.record.message
        let customer = conversation?.participants.first { $0.id == event.customerParticipantId }
        var attributes = customer?.attributes ?? [:]
        attributes.merge(event.record.customAttributes) { _, new in new }
        let firstId = conversation?.messages.first {
            $0.direction == .inbound && $0.message.type != .event
        }?.id
        self.init(
            conversationId: event.conversationId,
            participantId: event.customerParticipantId,
            communicationId: ParticipantRecord.communicationId(forParticipant: event.customerParticipantId),
            messageId: message.id,
            messageType: message.type,
            text: message.text,
            metadata: message.metadata ?? [:],
            customAttributes: attributes,
            isFirstMessage: message.type != .event && (firstId == nil || firstId == message.id),
            agentUserId: conversation?.participants.last {
                $0.purpose == .agent && $0.state == .connected && $0.userId != nil
            }?.userId ?? ""
        )
    }
}
