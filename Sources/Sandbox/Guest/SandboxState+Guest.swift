import Foundation
import WebMessaging

extension SandboxState {
    /// Starts or resumes the session of `token` for a socket (the `configureSession` request).
    ///
    /// A new token starts a conversation (`newSession: true`). A known token resumes its conversation
    /// (`newSession: false`, `readOnly` once the contact center disconnected it), unless `startNew` is
    /// set and the conversation is read-only or the session was closed, or the session expired: then a
    /// new conversation starts for the same token.
    /// - Throws: ``GuestRequestError`` (400) when the token belongs to another deployment.
    public func configureSession(
        connection: GuestConnectionID,
        token: String,
        deployment: DeploymentConfiguration,
        startNew: Bool
    ) throws(GuestRequestError) -> SessionResponse {
        let tokenHash = Self.hashToken(token)
        let time = now()
        var newSession = false
        if var session = sessions[tokenHash] {
            guard session.deploymentId == deployment.id else {
                throw GuestRequestError(
                    .badRequest,
                    "Deployment Id in the request does not match the expected deployment Id for the given TokenId"
                )
            }
            let readOnly = conversations[session.conversationId]?.readOnly ?? true
            let renew = session.status == .expired || (startNew && (readOnly || session.status == .closed))
            if renew {
                session = startConversation(tokenHash: tokenHash, deployment: deployment, time: time)
                newSession = true
            } else {
                session.status = .active
                session.lastActivityAt = time
                sessions[tokenHash] = session
            }
        } else {
            _ = startConversation(tokenHash: tokenHash, deployment: deployment, time: time)
            newSession = true
        }
        bind(connection, toSession: tokenHash)
        markChanged()
        let readOnly = sessions[tokenHash].flatMap { conversations[$0.conversationId]?.readOnly } ?? false
        return SessionResponse(
            connected: true,
            newSession: newSession,
            readOnly: readOnly,
            maxCustomDataBytes: deployment.maxCustomDataBytes,
            allowedMedia: AllowedMedia(
                inbound: AllowedMedia.Inbound(
                    fileTypes: deployment.allowedInboundFileTypes.map(AllowedMedia.FileType.init(type:)),
                    maxFileSizeKB: deployment.maxFileSizeKB
                )),
            blockedExtensions: deployment.blockedExtensions,
            clearedExistingSession: false
        )
    }

    /// The open session of `token`, bound to this socket.
    /// - Throws: ``GuestRequestError`` 4007 (unknown or closed), 4006 (expired), 400 (other deployment).
    func activeSession(
        token: String,
        connection: GuestConnectionID,
        deploymentId: String
    ) throws(GuestRequestError) -> GuestSessionRecord {
        let tokenHash = Self.hashToken(token)
        guard let session = sessions[tokenHash] else { throw .sessionNotFound }
        switch session.status {
        case .expired: throw .sessionExpired
        case .closed: throw .sessionClosed
        case .active: break
        }
        guard session.deploymentId == deploymentId else {
            throw GuestRequestError(.badRequest, "The token belongs to another deployment")
        }
        if connections[connection]?.tokenHash != tokenHash {
            bind(connection, toSession: tokenHash)
        }
        return session
    }

    /// Stores a guest message and echoes it (Inbound, same `tracingId`) to every socket of the session.
    ///
    /// Typing events are relayed to observers but not stored; a Presence `Clear` clears the conversation.
    /// - Throws: ``GuestRequestError``: session errors, 403 read-only, 4011 text too long, 4013 custom
    ///   attributes too large, 4009/4010 unknown or unfinished attachments, 400 empty message.
    public func receiveGuestMessage(
        connection: GuestConnectionID,
        request: OnMessageRequest,
        deployment: DeploymentConfiguration
    ) throws(GuestRequestError) {
        let session = try activeSession(token: request.token, connection: connection, deploymentId: deployment.id)
        let message = request.message
        let events = message.events ?? []
        if events.contains(where: { if case .presence(let p) = $0 { p.type == .clear } else { false } }) {
            clearConversation(tokenHash: session.tokenHash)
            return
        }
        // Taken out of the dictionary while it changes and put back on every exit, so the append
        // below extends the messages array in place: a copy left in the dictionary would make it
        // copy the whole array, O(length of the conversation) per message. Nothing between here
        // and the return reads `conversations`, and the actor runs no other call meanwhile.
        guard var conversation = conversations.removeValue(forKey: session.conversationId) else {
            throw .sessionNotFound
        }
        defer { conversations[conversation.id] = conversation }
        let isTypingOnly =
            !events.isEmpty && events.allSatisfy { if case .typing = $0 { true } else { false } }
            && (message.text ?? "").isEmpty && (message.content ?? []).isEmpty
        guard !conversation.readOnly || isTypingOnly else { throw .readOnly }
        try validate(message, deployment: deployment)
        let time = now()
        sessions[session.tokenHash]?.lastActivityAt = time
        let content = try resolveAttachments(message.content, tokenHash: session.tokenHash)
        let id = UUID().uuidString.lowercased()
        let structured = StructuredMessage(
            id: id,
            type: message.type,
            text: message.text,
            direction: .inbound,
            channel: MessageChannel(time: Self.timestamp(time), messageId: id),
            content: content,
            events: message.events,
            metadata: message.metadata
        )
        let echo = ServerMessage.message(.structuredMessage(structured), tracingId: request.tracingId)
        broadcast(.frame(echo), toSession: session.tokenHash)
        guard !isTypingOnly, let customer = conversation.customer else { return }
        let attributes = message.channel?.metadata?.customAttributes ?? [:]
        let record = MessageRecord(
            conversationId: conversation.id, participantId: customer.id, sentAt: time,
            message: structured, customAttributes: attributes
        )
        conversation.messages.append(record)
        if let index = conversation.participants.firstIndex(where: { $0.id == customer.id }) {
            conversation.participants[index].attributes.merge(attributes) { _, new in new }
        }
        for item in content ?? [] {
            if case .attachment(let attachment) = item { attachments[attachment.id]?.conversationId = conversation.id }
        }
        markChanged()
        publish(
            .inboundMessage(
                InboundMessageEvent(
                    conversationId: conversation.id, deploymentId: conversation.deploymentId,
                    customerParticipantId: customer.id, record: record
                )))
    }

    /// Checks text length and custom attribute size against the deployment's limits.
    func validate(_ message: GuestMessage, deployment: DeploymentConfiguration) throws(GuestRequestError) {
        let hasEvents = !(message.events ?? []).isEmpty
        let hasContent = !(message.content ?? []).isEmpty
        guard !(message.text ?? "").isEmpty || hasEvents || hasContent else {
            throw GuestRequestError(.badRequest, "A message needs text, content or events")
        }
        if let text = message.text, text.count > deployment.maxMessageLength {
            throw GuestRequestError(
                .messageTooLong, "Message text is longer than \(deployment.maxMessageLength) characters"
            )
        }
        if let attributes = message.channel?.metadata?.customAttributes {
            let size = (try? WebMessagingJSON.encode(attributes).count) ?? Int.max
            if size > deployment.maxCustomDataBytes {
                throw GuestRequestError(
                    .customAttributesTooLarge,
                    "Custom Attributes in channel metadata is larger than \(deployment.maxCustomDataBytes) bytes"
                )
            }
        }
    }

    /// Replaces attachment references (`{id}`) by the stored attachment's full description.
    func resolveAttachments(
        _ content: [MessageContent]?,
        tokenHash: String
    ) throws(GuestRequestError) -> [MessageContent]? {
        guard let content else { return nil }
        var resolved: [MessageContent] = []
        for item in content {
            guard case .attachment(let reference) = item else {
                resolved.append(item)
                continue
            }
            guard let record = attachments[reference.id], record.sessionTokenHash == tokenHash,
                record.status != .deleted
            else { throw GuestRequestError(.attachmentNotFound, "Attachment \(reference.id) was not found") }
            guard record.status == .uploaded else {
                throw GuestRequestError(
                    .attachmentNotSuccessfullyUploaded, "Attachment \(reference.id) was not successfully uploaded"
                )
            }
            resolved.append(
                .attachment(
                    MessageAttachment(
                        id: record.id, url: downloadURL(id: record.id, secret: record.urlSecret),
                        filename: record.fileName,
                        mediaType: Self.mediaType(of: record.mimeType), mime: record.mimeType, fileSize: record.size,
                        sha256: record.sha256
                    )))
        }
        return resolved
    }

    /// Creates a conversation with its customer participant and points the token's session at it.
    func startConversation(
        tokenHash: String,
        deployment: DeploymentConfiguration,
        time: Date
    ) -> GuestSessionRecord {
        let conversationId = UUID().uuidString.lowercased()
        let customer = ParticipantRecord(
            purpose: .customer, state: .connected, name: "Guest", startedAt: time, connectedAt: time
        )
        let conversation = ConversationRecord(
            id: conversationId, deploymentId: deployment.id, sessionTokenHash: tokenHash,
            createdAt: time, participants: [customer]
        )
        conversations[conversationId] = conversation
        let session = GuestSessionRecord(
            tokenHash: tokenHash, deploymentId: deployment.id, conversationId: conversationId,
            createdAt: sessions[tokenHash]?.createdAt ?? time, lastActivityAt: time
        )
        sessions[tokenHash] = session
        markChanged()
        publish(.conversationStarted(conversation))
        return session
    }

    /// Issues a guest JWT for the history API (`getJwt`).
    /// - Throws: ``GuestRequestError`` session errors.
    public func issueJWT(
        connection: GuestConnectionID,
        token: String,
        deploymentId: String
    ) throws(GuestRequestError) -> JwtResponse {
        let session = try activeSession(token: token, connection: connection, deploymentId: deploymentId)
        let time = now()
        let issuedAt = Int(time.timeIntervalSince1970)
        let claims = GuestJWT.Claims(
            iss: GuestJWT.issuer, sub: session.tokenHash, jti: UUID().uuidString.lowercased(), iat: issuedAt,
            exp: issuedAt + jwt.lifetimeSeconds, deploymentId: session.deploymentId
        )
        issuedJWTs[claims.jti] = IssuedJWTRecord(
            id: claims.jti, tokenHash: session.tokenHash,
            expiresAt: Date(timeIntervalSince1970: TimeInterval(claims.exp))
        )
        issuedJWTs = issuedJWTs.filter { $0.value.expiresAt > time }
        markChanged()
        return JwtResponse(jwt: jwt.sign(claims), exp: claims.exp)
    }

    /// Closes the session of `token`: the token's other sockets get `ConnectionClosedEvent` and are
    /// closed; the session's JWTs are revoked; the caller gets `SessionResponse{connected:false, readOnly:true}`.
    /// - Throws: ``GuestRequestError`` session errors.
    public func closeSession(
        connection: GuestConnectionID,
        token: String,
        deploymentId: String
    ) throws(GuestRequestError) -> SessionResponse {
        let session = try activeSession(token: token, connection: connection, deploymentId: deploymentId)
        sessions[session.tokenHash]?.status = .closed
        revokeJWTs(tokenHash: session.tokenHash)
        let closed = ServerMessage.message(.connectionClosedEvent(ConnectionClosedEvent()))
        broadcast(.frame(closed), toSession: session.tokenHash, except: connection)
        broadcast(.close, toSession: session.tokenHash, except: connection)
        for id in connectionIDs(ofSession: session.tokenHash) {
            bind(id, toSession: nil)
        }
        markChanged()
        return SessionResponse(connected: false, readOnly: true)
    }

    /// Clears the conversation (Presence `Clear`): it ends, the token is forgotten, and every socket of
    /// the session gets `SessionClearedEvent` and is closed.
    func clearConversation(tokenHash: String) {
        guard let session = sessions[tokenHash] else { return }
        if var conversation = conversations[session.conversationId], !conversation.readOnly {
            let time = now()
            conversation.readOnly = true
            conversation.endedAt = time
            let open = conversation.participants.indices.filter { conversation.participants[$0].state != .disconnected }
            for index in open {
                conversation.participants[index].state = .disconnected
                conversation.participants[index].endedAt = time
            }
            conversations[conversation.id] = conversation
            publish(.conversationEnded(conversationId: conversation.id))
        }
        let cleared = ServerMessage.message(.sessionClearedEvent(SessionClearedEvent()))
        broadcast(.frame(cleared), toSession: tokenHash)
        broadcast(.close, toSession: tokenHash)
        for id in connectionIDs(ofSession: tokenHash) {
            bind(id, toSession: nil)
        }
        sessions[tokenHash] = nil
        revokeJWTs(tokenHash: tokenHash)
        markChanged()
    }

    func revokeJWTs(tokenHash: String) {
        for (id, record) in issuedJWTs where record.tokenHash == tokenHash {
            issuedJWTs[id]?.revoked = true
        }
    }

    /// Expires sessions idle longer than their deployment allows: their sockets get `SessionExpiredEvent`
    /// and are closed. Returns how many expired.
    @discardableResult
    public func expireIdleSessions() -> Int {
        let time = now()
        var expired = 0
        for (tokenHash, session) in sessions where session.status == .active {
            let limit =
                configuration.deployment(id: session.deploymentId)?.inactivityExpirySeconds
                ?? DeploymentConfiguration().inactivityExpirySeconds
            guard time.timeIntervalSince(session.lastActivityAt) >= limit else { continue }
            sessions[tokenHash]?.status = .expired
            revokeJWTs(tokenHash: tokenHash)
            broadcast(.frame(.message(.sessionExpiredEvent(SessionExpiredEvent()))), toSession: tokenHash)
            broadcast(.close, toSession: tokenHash)
            for id in connectionIDs(ofSession: tokenHash) {
                bind(id, toSession: nil)
            }
            expired += 1
        }
        if expired > 0 { markChanged() }
        return expired
    }

    /// The history page for a verified guest JWT: the session's current conversation, newest first.
    /// - Throws: ``GuestJWTError`` when the JWT is invalid, expired or revoked.
    func history(jwt token: String, pageSize: Int, pageNumber: Int) throws(GuestJWTError) -> MessageHistoryPage {
        let claims = try jwt.verify(token, now: now())
        guard let issued = issuedJWTs[claims.jti], !issued.revoked,
            let session = sessions[claims.sub], session.status == .active
        else { throw .revoked }
        let messages = (conversations[session.conversationId]?.messages ?? []).reversed().map(\.message)
        let total = messages.count
        let pageCount = total == 0 ? 0 : (total + pageSize - 1) / pageSize
        let start = (pageNumber - 1) * pageSize
        let entities = start < total ? Array(messages[start..<min(start + pageSize, total)]) : []
        return MessageHistoryPage(
            entities: entities, pageSize: pageSize, pageNumber: pageNumber, total: total, pageCount: pageCount
        )
    }
}
