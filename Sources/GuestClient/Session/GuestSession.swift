import Foundation
import Logging
import WebMessaging

/// A guest's side of a Genesys Web Messaging conversation that survives days, app restarts and
/// network switches without losing or duplicating a message.
///
/// ```swift
/// let session = GuestSession(
///     configuration: .region("mypurecloud.com", deploymentId: "…"),
///     store: FileSessionStore(path: "guest-session.json")
/// )
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await session.run() }          // connects, reconnects, sends
///     _ = try await session.send(text: "Hello")          // queued durably, sent once
///     for await event in session.events { print(event) } // messages, typing, state
/// }
/// ```
///
/// ``run()`` owns the connection: it connects, runs `configureSession` with the stored token,
/// fills history gaps after a reconnect, sends queued messages in order (each exactly once,
/// recognised by its client message id), keeps the socket alive with `echo` heartbeats and
/// reconnects with backoff. It returns only when cancelled or when the reconnect policy gives up.
///
/// Files go through the Attaché gateway (``GatewayUploader``, then ``send(text:metadata:customAttributes:)``
/// with the file id), or, for deployments that use it, through Genesys's native attachments
/// (``sendNativeAttachment(fileURL:fileName:contentType:text:progress:)``).
public actor GuestSession {
    /// Everything the session reports, in order. One consumer.
    public nonisolated let events: AsyncStream<GuestEvent>
    let eventSink: AsyncStream<GuestEvent>.Continuation
    let configuration: GuestSessionConfiguration
    let store: any SessionStore
    let transport: any GuestTransport
    let history: any HistoryFetching
    let sleep: @Sendable (Duration) async throws -> Void
    let random: @Sendable () -> Double
    let logger: Logger

    var stored: StoredSession?
    var seen = SeenMessageIds()
    /// Messages known to have no gap before them: those of a history fill that completed, and
    /// those received on a connection after its fill. A fill pages back until it meets one, so a
    /// connection that died mid-fill leaves no hole behind.
    var contiguous = SeenMessageIds()
    var readOnly = false
    /// Inputs of the open connection (nil while disconnected).
    var connectionInputs: AsyncStream<ConnectionInput>.Continuation?
    var phase = ConnectionPhase.closed
    var inFlight: (id: String, sentAt: ContinuousClock.Instant)?
    var pausedUntil: ContinuousClock.Instant?
    var lastFrameAt = ContinuousClock.now
    var lastSentAt = ContinuousClock.now
    var startNewRequested = false
    /// Bumped by every change of ``stored``; ``savedGeneration`` is the last one saved.
    var generation = 0
    var savedGeneration = 0
    var saving = false
    var saveWaiters: [(Int, CheckedContinuation<Void, any Error>)] = []
    /// Native attachment requests waiting for a ready connection, and those written on the
    /// current one without an answer yet.
    var nativeQueue: [NativeRequest] = []
    var nativeSent: [NativeRequest] = []
    /// Callers waiting for a frame, by key (a request's tracing id or an upload's key).
    var replyWaiters: [String: CheckedContinuation<ServerMessage, any Error>] = [:]
    /// Upload outcomes that arrived before their caller waited for them.
    var earlyReplies: [String: ServerMessage] = [:]
    /// Native attachments being sent (their upload events are routed, others ignored).
    var trackedUploads: Set<String> = []
    let attachmentTransport: any UploadHTTPTransport

    /// Creates a session.
    /// - Parameters:
    ///   - configuration: where and how to connect.
    ///   - store: where the token and the outbox persist.
    ///   - transport: the WebSocket transport.
    ///   - history: the history API client (default: HTTP against ``GuestSessionConfiguration/apiBaseURL``).
    ///   - sleep: waits between reconnect attempts (inject a recording clock in tests).
    ///   - random: a value in `0 ..< 1` for backoff jitter.
    ///   - attachmentTransport: the HTTP client that PUTs native attachments to their presigned URL.
    ///   - logger: connection-level logs (never message text or tokens).
    public init(
        configuration: GuestSessionConfiguration,
        store: any SessionStore,
        transport: any GuestTransport = WebSocketGuestTransport(),
        history: (any HistoryFetching)? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        attachmentTransport: any UploadHTTPTransport = AsyncHTTPUploadTransport(),
        logger: Logger = Logger(label: "attache.guest-session")
    ) {
        self.configuration = configuration
        self.store = store
        self.transport = transport
        self.history = history ?? HTTPHistoryClient(apiBaseURL: configuration.apiBaseURL)
        self.sleep = sleep
        self.random = random
        self.attachmentTransport = attachmentTransport
        self.logger = logger
        (events, eventSink) = AsyncStream.makeStream(of: GuestEvent.self)
    }

    /// Queues a message; it is sent as soon as the session is connected, in order, exactly once.
    /// Works offline: the message is in the store before this returns.
    /// - Returns: the client message id (see ``GuestEvent/delivered(clientMessageId:)``).
    @discardableResult
    public func send(
        text: String,
        metadata: [String: String] = [:],
        customAttributes: [String: String] = [:]
    ) async throws -> String {
        let item = OutboxItem(text: text, metadata: metadata, customAttributes: customAttributes)
        try await enqueue(item)
        return item.id
    }

    /// Appends `item` to the outbox once it is durable, and wakes the connection.
    func enqueue(_ item: OutboxItem) async throws {
        do {
            try await mutate { $0.outbox.append(item) }
        } catch {
            // Not durable, so not queued: a caller retrying the send must not get it twice.
            stored?.outbox.removeAll { $0.id == item.id }
            generation += 1
            throw error
        }
        connectionInputs?.yield(.kick)
    }

    /// The messages not confirmed yet, oldest first.
    public func pending() async throws -> [OutboxItem] {
        try await loadOrCreate().outbox
    }

    /// The current session token (created on first use).
    public func token() async throws -> String {
        try await loadOrCreate().token
    }

    /// Connects and stays connected until cancelled or the reconnect policy gives up.
    /// - Throws: `CancellationError` when cancelled; ``GuestSessionError`` `.gaveUp`.
    public func run() async throws {
        _ = try await loadOrCreate()
        var attempt = 0
        defer { eventSink.yield(.state(.closed)) }
        while true {
            try Task.checkCancellation()
            eventSink.yield(.state(.connecting(attempt: attempt)))
            var immediate = false
            do {
                try await transport.withConnection(url: configuration.webSocketURL) { connection in
                    try await self.drive(connection)
                }
            } catch let error as GuestSessionError where error.code == .sessionEnded {
                immediate = true
            } catch {
                if Task.isCancelled { throw CancellationError() }
                logger.debug("guest connection ended", metadata: ["error": "\(error)"])
            }
            if phase.wasConfigured { attempt = 0 }
            phase = .closed
            inFlight = nil
            requeueUnansweredNativeRequests()
            if immediate { continue }
            guard configuration.reconnect.allows(attempt: attempt) else {
                let reason = "no connection after \(attempt) attempts"
                eventSink.yield(.gaveUp(reason: reason))
                throw GuestSessionError(.gaveUp, reason)
            }
            let delay = configuration.reconnect.delay(attempt: attempt, random: random())
            eventSink.yield(.state(.waiting(seconds: delay.seconds)))
            try await sleep(delay)
            attempt += 1
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
