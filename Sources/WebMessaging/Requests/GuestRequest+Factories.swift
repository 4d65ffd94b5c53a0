extension GuestRequest {
    /// An `onMessage` with a `Text` message.
    public static func text(
        _ text: String,
        token: String,
        metadata: [String: String]? = nil,
        attachmentIds: [String] = [],
        customAttributes: [String: String]? = nil,
        tracingId: String? = nil
    ) -> GuestRequest {
        let message = GuestMessage.text(
            text, metadata: metadata, attachmentIds: attachmentIds, customAttributes: customAttributes
        )
        return .onMessage(OnMessageRequest(token: token, message: message, tracingId: tracingId))
    }

    /// An `onMessage` with a `Typing` `On` event (the guest is typing).
    public static func typing(token: String, tracingId: String? = nil) -> GuestRequest {
        let message = GuestMessage.events([.typing(Typing(type: .on))])
        return .onMessage(OnMessageRequest(token: token, message: message, tracingId: tracingId))
    }

    /// An `onMessage` with a `Presence` `Join` event (auto-start a conversation).
    public static func autoStart(
        token: String,
        customAttributes: [String: String]? = nil,
        tracingId: String? = nil
    ) -> GuestRequest {
        let message = GuestMessage.events([.presence(Presence(type: .join))], customAttributes: customAttributes)
        return .onMessage(OnMessageRequest(token: token, message: message, tracingId: tracingId))
    }

    /// An `onMessage` with a `Presence` `Clear` event (clear the conversation).
    public static func clearConversation(token: String, tracingId: String? = nil) -> GuestRequest {
        let message = GuestMessage.events([.presence(Presence(type: .clear))])
        return .onMessage(OnMessageRequest(token: token, message: message, tracingId: tracingId))
    }

    /// The presence event types of an `onMessage` event message (`Join`, `Clear`), else empty.
    public var presenceTypes: [PresenceType] {
        guard case .onMessage(let request) = self else { return [] }
        return (request.message.events ?? []).compactMap { event in
            if case .presence(let presence) = event { return presence.type }
            return nil
        }
    }

    /// Whether this is an `onMessage` carrying a typing event.
    public var isTyping: Bool {
        guard case .onMessage(let request) = self else { return false }
        return (request.message.events ?? []).contains { event in
            if case .typing = event { return true }
            return false
        }
    }
}
