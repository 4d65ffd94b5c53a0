extension StructuredMessage {
    /// The attachments among ``content``, in order.
    public var attachments: [MessageAttachment] {
        (content ?? []).compactMap { item in
            if case .attachment(let attachment) = item { return attachment }
            return nil
        }
    }

    /// The presence types among ``events``, in order.
    public var presenceTypes: [PresenceType] {
        (events ?? []).compactMap { event in
            if case .presence(let presence) = event { return presence.type }
            return nil
        }
    }

    /// Whether this is an agent-side typing indicator (an `Outbound` typing event).
    public var isOutboundTyping: Bool {
        direction == .outbound
            && (events ?? []).contains { event in
                if case .typing = event { return true }
                return false
            }
    }

    /// Whether this Outbound `Presence` `Disconnect` makes the conversation read-only
    /// (`metadata.readOnly == "true"`): history and echo are still allowed, sending is not.
    public var makesConversationReadOnly: Bool {
        direction == .outbound && presenceTypes.contains(.disconnect) && metadata?["readOnly"] == "true"
    }

    /// The id older clients use to correlate their messages (`metadata.customMessageId`).
    public var customMessageId: String? {
        metadata?["customMessageId"]
    }
}
