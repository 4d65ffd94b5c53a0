import Foundation
import WebMessaging

/// Faults and server pushes on demand, for tests (the guest UI's browser tests) and for an agent
/// console that wants to show how a client copes: drop a guest's sockets, expire a session now,
/// push an arbitrary frame.
///
/// Each hook acts on the session whose current conversation is `conversationId`, exactly as the
/// sandbox itself would (a socket close, an inactivity expiry, a frame on the session's sockets);
/// none of them changes what a guest can do afterwards beyond that.
extension SandboxState {
    /// Closes every guest socket of the conversation's session from the server side, as a network
    /// drop or a load balancer would; the session stays open, so a client that reconnects with its
    /// token resumes the same conversation.
    /// - Returns: how many sockets were told to close.
    @discardableResult
    public func dropGuestConnections(ofConversation conversationId: String) -> Int {
        guard let tokenHash = conversations[conversationId]?.sessionTokenHash else { return 0 }
        let ids = connectionIDs(ofSession: tokenHash)
        for id in ids { send(.close, to: id) }
        return ids.count
    }

    /// Closes every registered guest socket from the server side (sessions stay open).
    /// - Returns: how many sockets were told to close.
    @discardableResult
    public func dropAllGuestConnections() -> Int {
        let ids = Array(connections.keys)
        for id in ids { send(.close, to: id) }
        return ids.count
    }

    /// Expires the conversation's session now, as the inactivity expiry does: its JWTs are revoked,
    /// its sockets get `SessionExpiredEvent` and are closed, and the next `configureSession` with the
    /// same token starts a new conversation (`newSession: true`).
    /// - Returns: whether an active session was expired.
    @discardableResult
    public func expireSession(ofConversation conversationId: String) -> Bool {
        guard let tokenHash = conversations[conversationId]?.sessionTokenHash,
            let session = sessions[tokenHash], session.status == .active,
            session.conversationId == conversationId
        else { return false }
        sessions[tokenHash]?.status = .expired
        revokeJWTs(tokenHash: tokenHash)
        broadcast(.frame(.message(.sessionExpiredEvent(SessionExpiredEvent()))), toSession: tokenHash)
        broadcast(.close, toSession: tokenHash)
        for id in connectionIDs(ofSession: tokenHash) {
            bind(id, toSession: nil)
        }
        markChanged()
        return true
    }

    /// Sends any server frame (including ones a real server would never send: an unknown class, a
    /// malformed body, a huge text) to the sockets of the conversation's session. Nothing is
    /// stored in the conversation's history.
    /// - Returns: how many sockets it was queued for.
    @discardableResult
    public func pushGuestFrame(_ message: ServerMessage, toConversation conversationId: String) -> Int {
        guard let tokenHash = conversations[conversationId]?.sessionTokenHash else { return 0 }
        let ids = connectionIDs(ofSession: tokenHash)
        for id in ids { send(.frame(message), to: id) }
        return ids.count
    }

    /// The guest sockets bound to the conversation's session (to tell a reconnected socket from a
    /// dropped one).
    public func guestConnections(ofConversation conversationId: String) -> Set<GuestConnectionID> {
        guard let tokenHash = conversations[conversationId]?.sessionTokenHash else { return [] }
        return Set(connectionIDs(ofSession: tokenHash))
    }

    /// The number of guest sockets bound to the conversation's session.
    public func guestConnectionCount(ofConversation conversationId: String) -> Int {
        guard let tokenHash = conversations[conversationId]?.sessionTokenHash else { return 0 }
        return connectionIDs(ofSession: tokenHash).count
    }
}
