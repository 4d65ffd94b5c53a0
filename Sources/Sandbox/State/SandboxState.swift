import Crypto
import Foundation
import WebMessaging

/// The sandbox's shared state: conversations, guest sessions, participants, messages, attachments
/// and issued JWTs, plus the guest sockets that receive a conversation's traffic.
///
/// The guest WebSocket handler and the platform API both work through this actor. Platform-side
/// methods (``acceptConversation(_:agent:)``, ``sendAgentMessage(_:text:attachments:agentUserId:)``,
/// ``disconnectAgent(_:agentUserId:)``, ``patchParticipantAttributes(_:participantId:attributes:)``)
/// deliver their effects to every socket of the conversation's session; ``events()`` tells
/// observers (trigger rules, the agent console) about each change.
public actor SandboxState {
    /// The configuration the state enforces.
    public nonisolated let configuration: SandboxConfiguration
    /// The clock; injectable for tests.
    let now: @Sendable () -> Date
    /// Signs and verifies guest JWTs.
    nonisolated let jwt: GuestJWT

    var conversations: [String: ConversationRecord] = [:]
    var sessions: [String: GuestSessionRecord] = [:]
    var attachments: [String: AttachmentRecord] = [:]
    var attachmentData: [String: Data] = [:]
    var issuedJWTs: [String: IssuedJWTRecord] = [:]
    var connections: [GuestConnectionID: ConnectionEntry] = [:]
    /// The sockets bound to each session (by token hash), kept in step with `connections` by
    /// ``bind(_:toSession:)``, so a message reaches its session's sockets without a scan of
    /// every socket (10,000 idle guests made each message cost a full scan).
    var sessionConnections: [String: Set<GuestConnectionID>] = [:]
    var subscribers: [UInt64: AsyncStream<SandboxEvent>.Continuation] = [:]
    var inboundSubscribers: [UInt64: AsyncStream<InboundMessageEvent>.Continuation] = [:]
    var nextSequence: UInt64 = 0
    var baseURL: String

    var persistedRevision: UInt64 = 0

    /// Increases on every change that persistence must save.
    public private(set) var revision: UInt64 = 0

    /// One registered guest socket.
    struct ConnectionEntry {
        var continuation: AsyncStream<GuestOutbound>.Continuation
        var tokenHash: String?
    }

    /// Creates an empty state.
    ///
    /// - Parameters:
    ///   - configuration: deployments, agents and limits.
    ///   - now: the clock (tests pass a controllable one).
    public init(configuration: SandboxConfiguration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.now = now
        let secret =
            configuration.jwtSecret.map { SymmetricKey(data: Data($0.utf8)) }
            ?? SymmetricKey(size: .bits256)
        self.jwt = GuestJWT(key: secret, lifetimeSeconds: configuration.jwtLifetimeSeconds)
        self.baseURL = configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)"
    }

    /// Sets the externally visible base URL once the server knows its port (ignored when the
    /// configuration fixes ``SandboxConfiguration/publicURL``).
    public func setBoundPort(_ port: Int) {
        guard configuration.publicURL == nil else { return }
        baseURL = "http://\(configuration.host):\(port)"
    }

    /// The base URL used in upload and download links.
    public var publicBaseURL: String { baseURL }

    // MARK: - Observers

    /// A stream of every change from now on; ends when the caller stops iterating.
    public func events() -> AsyncStream<SandboxEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: SandboxEvent.self,
            bufferingPolicy: .bufferingNewest(1_024)
        )
        subscribers[makeSequence()] = continuation
        return stream
    }

    /// A stream of each new inbound guest message (for trigger rules).
    public func inboundMessages() -> AsyncStream<InboundMessageEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: InboundMessageEvent.self,
            bufferingPolicy: .bufferingNewest(1_024)
        )
        inboundSubscribers[makeSequence()] = continuation
        return stream
    }

    func publish(_ event: SandboxEvent) {
        for (id, continuation) in subscribers {
            if case .terminated = continuation.yield(event) {
                subscribers[id] = nil
            }
        }
        guard case .inboundMessage(let inbound) = event else { return }
        for (id, continuation) in inboundSubscribers {
            if case .terminated = continuation.yield(inbound) {
                inboundSubscribers[id] = nil
            }
        }
    }

    // MARK: - Guest sockets

    /// Registers a guest socket; its frames arrive on the returned stream until ``unregister(_:)``.
    public func register() -> (GuestConnectionID, AsyncStream<GuestOutbound>) {
        let id = GuestConnectionID(rawValue: makeSequence())
        let (stream, continuation) = AsyncStream.makeStream(of: GuestOutbound.self, bufferingPolicy: .unbounded)
        connections[id] = ConnectionEntry(continuation: continuation, tokenHash: nil)
        return (id, stream)
    }

    /// Forgets a guest socket and ends its stream.
    public func unregister(_ id: GuestConnectionID) {
        bind(id, toSession: nil)
        connections.removeValue(forKey: id)?.continuation.finish()
    }

    /// Binds a socket to a session (a token hash), or unbinds it with `nil`.
    func bind(_ id: GuestConnectionID, toSession tokenHash: String?) {
        guard let entry = connections[id] else { return }
        if let previous = entry.tokenHash, previous != tokenHash {
            sessionConnections[previous]?.remove(id)
            if sessionConnections[previous]?.isEmpty == true { sessionConnections[previous] = nil }
        }
        connections[id]?.tokenHash = tokenHash
        if let tokenHash { sessionConnections[tokenHash, default: []].insert(id) }
    }

    /// The number of registered guest sockets.
    public var connectionCount: Int { connections.count }

    /// Queues a frame (or a close) for one socket.
    func send(_ outbound: GuestOutbound, to id: GuestConnectionID) {
        _ = connections[id]?.continuation.yield(outbound)
    }

    /// Queues a frame for every socket bound to a session, except `excluded`.
    func broadcast(_ outbound: GuestOutbound, toSession tokenHash: String, except excluded: GuestConnectionID? = nil) {
        for id in sessionConnections[tokenHash] ?? [] where id != excluded {
            _ = connections[id]?.continuation.yield(outbound)
        }
    }

    /// Queues a frame for every socket of the session whose current conversation is `conversationId`.
    func broadcast(_ outbound: GuestOutbound, toConversation conversationId: String) {
        guard let conversation = conversations[conversationId],
            let session = sessions[conversation.sessionTokenHash],
            session.conversationId == conversationId, session.status == .active
        else { return }
        broadcast(outbound, toSession: conversation.sessionTokenHash)
    }

    /// Connection ids bound to a session.
    func connectionIDs(ofSession tokenHash: String) -> [GuestConnectionID] {
        Array(sessionConnections[tokenHash] ?? [])
    }

    // MARK: - Helpers

    func makeSequence() -> UInt64 {
        nextSequence += 1
        return nextSequence
    }

    func markChanged() {
        revision &+= 1
    }

    /// The SHA-256 (hex) under which a session token is stored.
    public nonisolated static func hashToken(_ token: String) -> String {
        SandboxHex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// ISO-8601 with milliseconds, as Genesys stamps `channel.time`.
    nonisolated static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}
