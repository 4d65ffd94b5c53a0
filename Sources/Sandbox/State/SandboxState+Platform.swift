import Crypto
import Foundation
import WebMessaging

extension SandboxState {
    /// Conversations, oldest first, optionally only those with one status (waiting, active, ended).
    public func conversations(status: ConversationRecord.Status? = nil) -> [ConversationRecord] {
        conversations.values
            .filter { status == nil || $0.status == status }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// The conversation with this id, with participants and messages.
    public func conversation(id: String) -> ConversationRecord? {
        conversations[id]
    }

    /// Offers a waiting conversation to an agent: the agent joins in state `alerting`.
    /// - Throws: ``SandboxStateError`` when the conversation is unknown or ended.
    @discardableResult
    public func alertAgent(_ conversationId: String, agent: AgentProfile) throws(SandboxStateError) -> ParticipantRecord
    {
        var conversation = try openConversation(conversationId)
        if let existing = conversation.agent(userId: agent.id), existing.state != .disconnected {
            return existing
        }
        let participant = ParticipantRecord(
            purpose: .agent, state: .alerting, userId: agent.id, name: agent.name, startedAt: now()
        )
        conversation.participants.append(participant)
        conversations[conversationId] = conversation
        markChanged()
        publish(.participantChanged(conversationId: conversationId, participant: participant))
        return participant
    }

    /// The agent accepts the conversation: becomes `connected`, and the guest's sockets receive an
    /// Outbound Presence `Join` event.
    /// - Throws: ``SandboxStateError`` when the conversation is unknown or ended.
    @discardableResult
    public func acceptConversation(
        _ conversationId: String,
        agent: AgentProfile
    ) throws(SandboxStateError) -> ParticipantRecord {
        var conversation = try openConversation(conversationId)
        let time = now()
        var participant: ParticipantRecord
        if let index = conversation.participants.lastIndex(where: {
            $0.purpose == .agent && $0.userId == agent.id && $0.state != .disconnected
        }) {
            if conversation.participants[index].state == .connected { return conversation.participants[index] }
            conversation.participants[index].state = .connected
            conversation.participants[index].connectedAt = time
            participant = conversation.participants[index]
        } else {
            participant = ParticipantRecord(
                purpose: .agent, state: .connected, userId: agent.id, name: agent.name,
                startedAt: time, connectedAt: time
            )
            conversation.participants.append(participant)
        }
        conversations[conversationId] = conversation
        publish(.participantChanged(conversationId: conversationId, participant: participant))
        let join = outboundMessage(
            type: .event, text: nil, from: participant, time: time,
            events: [.presence(Presence(type: .join))]
        )
        appendOutbound(join, conversationId: conversationId, participantId: participant.id, time: time)
        return participant
    }

    /// Sends an agent's message (text and/or files) to the guest as an Outbound `StructuredMessage`.
    ///
    /// - Parameters:
    ///   - conversationId: the conversation.
    ///   - text: the text, if any.
    ///   - attachments: files to send; each is stored and served by the sandbox.
    ///   - agentUserId: the sending agent; `nil` sends as the first connected agent, or as a bot
    ///     (system message) when none is connected.
    /// - Returns: the stored message.
    /// - Throws: ``SandboxStateError`` when the conversation is unknown or ended, the agent is not
    ///   connected, or there is nothing to send.
    @discardableResult
    public func sendAgentMessage(
        _ conversationId: String,
        text: String?,
        attachments: [AgentAttachment] = [],
        agentUserId: String? = nil
    ) throws(SandboxStateError) -> MessageRecord {
        let conversation = try openConversation(conversationId)
        guard !(text ?? "").isEmpty || !attachments.isEmpty else {
            throw SandboxStateError(code: .invalidRequest, message: "a message needs text or attachments")
        }
        let sender: ParticipantRecord?
        if let agentUserId {
            guard let agent = conversation.agent(userId: agentUserId), agent.state == .connected else {
                throw SandboxStateError(
                    code: .agentNotConnected, message: "agent \(agentUserId) is not connected to \(conversationId)"
                )
            }
            sender = agent
        } else {
            sender = conversation.agents.first { $0.state == .connected }
        }
        let time = now()
        let content = attachments.map { file in
            MessageContent.attachment(storeAgentAttachment(file, conversationId: conversationId, time: time))
        }
        var message = outboundMessage(
            type: .text, text: text, from: sender, time: time, content: content.isEmpty ? nil : content
        )
        if sender == nil { message.originatingEntity = OriginatingEntity.bot }
        return appendOutbound(
            message, conversationId: conversationId, participantId: sender?.id ?? "system", time: time)
    }

    /// Sends an agent typing indicator to the guest (not stored in history).
    /// - Throws: ``SandboxStateError`` when the conversation is unknown or ended.
    public func sendAgentTyping(_ conversationId: String, agentUserId: String? = nil) throws(SandboxStateError) {
        let conversation = try openConversation(conversationId)
        let sender = conversation.agents.first {
            $0.state == .connected && (agentUserId == nil || $0.userId == agentUserId)
        }
        let message = outboundMessage(
            type: .event, text: nil, from: sender, time: now(), events: [.typing(Typing(type: .on, duration: 5_000))]
        )
        broadcast(.frame(.message(.structuredMessage(message))), toConversation: conversationId)
    }

    /// Disconnects the conversation from the contact center side: agents become `disconnected`, the
    /// guest receives an Outbound Presence `Disconnect` with `metadata.readOnly = "true"`, and the
    /// session becomes read-only.
    /// - Parameter agentUserId: the agent ending it (`nil`: all agents; the conversation ends either way).
    /// - Throws: ``SandboxStateError`` when the conversation is unknown or already ended.
    public func disconnectAgent(_ conversationId: String, agentUserId: String? = nil) throws(SandboxStateError) {
        var conversation = try openConversation(conversationId)
        let time = now()
        var sender: ParticipantRecord?
        for index in conversation.participants.indices where conversation.participants[index].purpose == .agent {
            guard conversation.participants[index].state != .disconnected else { continue }
            if agentUserId == nil || conversation.participants[index].userId == agentUserId {
                sender = sender ?? conversation.participants[index]
            }
            conversation.participants[index].state = .disconnected
            conversation.participants[index].endedAt = time
        }
        conversation.readOnly = true
        conversation.endedAt = time
        conversations[conversationId] = conversation
        for participant in conversation.agents where participant.endedAt == time {
            publish(.participantChanged(conversationId: conversationId, participant: participant))
        }
        var message = outboundMessage(
            type: .event, text: nil, from: sender, time: time, events: [.presence(Presence(type: .disconnect))]
        )
        message.metadata = ["readOnly": "true"]
        appendOutbound(message, conversationId: conversationId, participantId: sender?.id ?? "system", time: time)
        publish(.conversationEnded(conversationId: conversationId))
    }

    /// Merges attributes into a participant's (an empty value removes a key).
    /// - Returns: the updated participant.
    /// - Throws: ``SandboxStateError`` when the conversation or participant is unknown.
    @discardableResult
    public func patchParticipantAttributes(
        _ conversationId: String,
        participantId: String,
        attributes: [String: String]
    ) throws(SandboxStateError) -> ParticipantRecord {
        guard var conversation = conversations[conversationId] else {
            throw SandboxStateError(code: .conversationNotFound, message: "no conversation \(conversationId)")
        }
        guard let index = conversation.participants.firstIndex(where: { $0.id == participantId }) else {
            throw SandboxStateError(
                code: .participantNotFound, message: "no participant \(participantId) in \(conversationId)")
        }
        for (key, value) in attributes {
            conversation.participants[index].attributes[key] = value.isEmpty ? nil : value
        }
        conversations[conversationId] = conversation
        markChanged()
        let participant = conversation.participants[index]
        publish(.participantChanged(conversationId: conversationId, participant: participant))
        return participant
    }

    /// An attachment's record and bytes (uploaded guest files and agent files), if present.
    public func attachment(id: String) -> (record: AttachmentRecord, data: Data)? {
        guard let record = attachments[id], record.status == .uploaded, let data = attachmentData[id] else {
            return nil
        }
        return (record, data)
    }

    // MARK: - Internals

    func openConversation(_ conversationId: String) throws(SandboxStateError) -> ConversationRecord {
        guard let conversation = conversations[conversationId] else {
            throw SandboxStateError(code: .conversationNotFound, message: "no conversation \(conversationId)")
        }
        guard !conversation.readOnly else {
            throw SandboxStateError(code: .conversationEnded, message: "conversation \(conversationId) has ended")
        }
        return conversation
    }

    /// Builds an Outbound message from a participant (agent) or the system.
    func outboundMessage(
        type: MessageType,
        text: String?,
        from sender: ParticipantRecord?,
        time: Date,
        content: [MessageContent]? = nil,
        events: [MessageEvent]? = nil
    ) -> StructuredMessage {
        let id = UUID().uuidString.lowercased()
        let from = sender.map { Participant(firstName: $0.name, nickname: $0.name) }
        return StructuredMessage(
            id: id,
            type: type,
            text: text,
            direction: .outbound,
            channel: MessageChannel(time: Self.timestamp(time), messageId: id, type: "Private", from: from),
            content: content,
            events: events,
            originatingEntity: .human
        )
    }

    /// Stores an Outbound message and delivers it to the guest's sockets.
    @discardableResult
    func appendOutbound(
        _ message: StructuredMessage,
        conversationId: String,
        participantId: String,
        time: Date
    ) -> MessageRecord {
        let record = MessageRecord(
            conversationId: conversationId, participantId: participantId, sentAt: time, message: message)
        conversations[conversationId]?.messages.append(record)
        markChanged()
        broadcast(.frame(.message(.structuredMessage(message))), toConversation: conversationId)
        publish(.outboundMessage(record))
        return record
    }

    func storeAgentAttachment(_ file: AgentAttachment, conversationId: String, time: Date) -> MessageAttachment {
        let id = UUID().uuidString.lowercased()
        let secret = Self.randomSecret()
        let sha256 = SandboxHex.string(SHA256.hash(data: file.data))
        attachments[id] = AttachmentRecord(
            id: id, sessionTokenHash: nil, conversationId: conversationId, fileName: file.fileName,
            mimeType: file.mimeType, size: file.data.count, sha256: sha256, status: .uploaded,
            urlSecret: secret, createdAt: time
        )
        attachmentData[id] = file.data
        return MessageAttachment(
            id: id, url: downloadURL(id: id, secret: secret), filename: file.fileName,
            mediaType: Self.mediaType(of: file.mimeType), mime: file.mimeType, fileSize: file.data.count, sha256: sha256
        )
    }

    /// Genesys' coarse media type for a MIME type.
    nonisolated static func mediaType(of mimeType: String) -> AttachmentMediaType {
        let lowered = mimeType.lowercased()
        if lowered.hasPrefix("image/") { return .image }
        if lowered.hasPrefix("video/") { return .video }
        if lowered.hasPrefix("audio/") { return .audio }
        return .file
    }

    /// 128 random bits, hex.
    nonisolated static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return SandboxHex.string((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The sandbox URL serving an attachment's bytes.
    func downloadURL(id: String, secret: String) -> String {
        "\(baseURL)/sandbox/attachments/\(id)?sig=\(secret)"
    }
}
