import Foundation
import Logging

/// Just-in-time access to a conversation's files for Genesys agents: binds guests to
/// conversations, lists a conversation's clean files, and mints short-lived download links only
/// for a connected agent of the file's own conversation. Every link decision is audited.
///
/// Used by the Data Action routes (``DataActionRoutes``) and the agent preview widget.
public struct FileAccessService: Sendable {
    /// The default link lifetime (`ATTACHE_LINK_TTL_SECONDS`).
    public static let defaultLinkLifetime: Duration = .seconds(60)
    /// The longest link lifetime accepted.
    public static let maximumLinkLifetime: Duration = .seconds(3600)

    let state: any FileAccessStateStore
    let objects: any ObjectStore
    let genesys: (any GenesysPlatform)?
    /// How long a minted link works.
    public let linkLifetime: Duration
    let now: @Sendable () -> Date
    let logger: Logger
    /// Where link decisions are counted, when metrics are kept.
    let metrics: GatewayMetrics?
    /// The participant check of listings (never of links); `nil` asks Genesys every time.
    let listingParticipants: ListingParticipantCache?

    /// Creates the service.
    /// - Parameters:
    ///   - state: uploads, bindings and the audit log.
    ///   - objects: the object store that signs download URLs for clean objects.
    ///   - genesys: the platform API to check participants with; `nil` denies every link with
    ///     ``FileLinkDenial/genesysUnavailable``.
    ///   - linkLifetime: how long a link works, clamped to 1 s … ``maximumLinkLifetime``.
    ///   - now: the clock (tests move it).
    ///   - logger: where failures talking to Genesys are logged (never URLs or tokens).
    ///   - metrics: counts link decisions by decision, reason and channel.
    ///   - listingCacheLifetime: how long the participant check of a listing
    ///     (``listingParticipantDenial(conversationId:agentUserId:)``) reuses a conversation
    ///     looked up at Genesys; zero asks every time. Links always ask.
    public init(
        state: any FileAccessStateStore,
        objects: any ObjectStore,
        genesys: (any GenesysPlatform)?,
        linkLifetime: Duration = FileAccessService.defaultLinkLifetime,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "attache.access"),
        metrics: GatewayMetrics? = nil,
        listingCacheLifetime: Duration = .seconds(AccessConfiguration.Defaults.listingCacheSeconds)
    ) {
        self.state = state
        self.objects = objects
        self.genesys = genesys
        self.linkLifetime = min(max(linkLifetime, .seconds(1)), Self.maximumLinkLifetime)
        self.now = now
        self.logger = logger
        self.metrics = metrics
        listingParticipants =
            genesys.flatMap { genesys in
                listingCacheLifetime > .zero
                    ? ListingParticipantCache(genesys: genesys, lifetime: listingCacheLifetime, now: now) : nil
            }
    }

    // MARK: Register

    /// Binds a gateway guest to a Genesys conversation (idempotent) and assigns the guest's
    /// unassigned uploads to it; audited as `conversation.bound`.
    /// - Returns: How many of the guest's uploads now belong to the conversation.
    @discardableResult
    public func registerConversation(conversationId: String, guestId: String) async throws -> Int {
        let at = now()
        let files = try await state.bindConversation(guestId: guestId, conversationId: conversationId, at: at)
        try await state.appendAudit(
            AuditEntry(
                at: at,
                actor: "system",
                action: "conversation.bound",
                detail: "conversation=\(Self.safe(conversationId)) guest=\(Self.safe(guestId)) files=\(files)"
            ))
        return files
    }

    // MARK: List

    /// The `clean` files of a conversation, oldest first.
    public func listFiles(conversationId: String) async throws -> [UploadRecord] {
        try await state.cleanUploads(conversationId: conversationId)
    }

    /// The participant check of a file listing (the preview widget): `nil` when the user is a
    /// connected agent of the conversation, else why not. Unlike a link's check it may rest on
    /// a conversation looked up at Genesys up to the listing cache lifetime ago (default 5 s,
    /// shared by every agent asking about that conversation), so periodic refreshes of many
    /// widgets do not each call Genesys.
    public func listingParticipantDenial(conversationId: String, agentUserId: String) async -> FileLinkDenial? {
        if let listingParticipants {
            return await participantDenial(conversationId: conversationId, agentUserId: agentUserId) {
                try await listingParticipants.conversation(id: $0)
            }
        }
        return await participantDenial(conversationId: conversationId, agentUserId: agentUserId)
    }

    // MARK: Link

    /// Decides whether `agentUserId` may open `fileId` now and, if so, mints a link valid for
    /// ``linkLifetime``. In order: the file must exist and belong to the conversation; the user
    /// must be a connected agent participant of the conversation according to Genesys right
    /// now; the file must be `clean`. A Data Action call naming a file of the conversation (the
    /// guest's keyword message) records the file as announced. The decision is appended to the audit log (actor `agent:<userId>`,
    /// action `link.allowed` / `link.pending` / `link.denied`).
    /// - Throws: only when the state or object store fails (the failure is audited too).
    public func fileLink(
        conversationId: String,
        agentUserId: String,
        fileId: String,
        channel: FileAccessChannel = .dataAction
    ) async throws -> FileLinkDecision {
        let at = now()
        let decision: FileLinkDecision
        do {
            decision = try await decide(
                conversationId: conversationId, agentUserId: agentUserId, fileId: fileId, channel: channel, at: at)
        } catch {
            let detail = Self.detail(conversationId: conversationId, channel: channel, fileId: fileId)
            _ = try? await state.appendAudit(
                AuditEntry(
                    at: at, actor: Self.actor(agentUserId), action: "link.denied",
                    fileId: RandomID.isWellFormed(fileId) ? fileId : nil,
                    detail: detail + " reason=internal-error"))
            metrics?.recordLink(decision: "denied", reason: "internal-error", channel: channel.rawValue)
            throw error
        }
        metrics?.recordLink(decision: decision.name, reason: decision.reasonCode, channel: channel.rawValue)
        try await audit(
            decision, conversationId: conversationId, agentUserId: agentUserId, fileId: fileId, channel: channel,
            at: at)
        return decision
    }

    private func decide(
        conversationId: String,
        agentUserId: String,
        fileId: String,
        channel: FileAccessChannel,
        at: Date
    ) async throws -> FileLinkDecision {
        // A file removed by retention or erased by its guest is gone: as unknown as a wrong id.
        guard RandomID.isWellFormed(fileId), let record = try await state.upload(fileId: fileId),
            record.state != .deleted
        else {
            return .denied(.unknownFile)
        }
        guard try await belongs(record, to: conversationId) else { return .denied(.otherConversation) }
        // The guest's keyword message reaches the gateway only as a Data Action call (authenticated
        // by the shared secret): that is the announcement. A widget call proves nothing about the
        // guest, and any Genesys user token could otherwise suppress the recovery notice.
        if channel == .dataAction {
            try await state.markAnnounced(fileId: fileId, at: at)
        }
        // Always asked at Genesys, never cached: the agent must be connected right now.
        if let denial = await participantDenial(conversationId: conversationId, agentUserId: agentUserId) {
            return .denied(denial)
        }
        guard record.state == .clean else { return .pending(state: record.state, record: record) }
        let previewInline = channel == .widget && LinkContentType.isPreviewable(record)
        let signed = try await objects.signedGet(
            key: record.objectKey,
            expires: linkLifetime,
            contentDisposition: ContentDisposition.header(
                filename: record.filename, disposition: previewInline ? "inline" : "attachment"),
            contentType: LinkContentType.served(record)
        )
        return .allowed(url: signed.url, expiresAt: signed.expiresAt, record: record)
    }

    /// Whether the file belongs to the conversation, assigning it on first use when the
    /// conversation is its guest's most recent binding.
    private func belongs(_ record: UploadRecord, to conversationId: String) async throws -> Bool {
        if let owner = record.conversationId { return owner == conversationId }
        guard try await state.conversations(guestId: record.guestId).first == conversationId else { return false }
        let owner = try await state.assignConversation(fileId: record.fileId, conversationId: conversationId)
        return owner == conversationId
    }

    /// `nil` when the user is a connected agent of the conversation according to `lookup`
    /// (default: Genesys, asked now), else why not.
    private func participantDenial(
        conversationId: String,
        agentUserId: String,
        lookup: (@Sendable (String) async throws -> GenesysConversation?)? = nil
    ) async -> FileLinkDenial? {
        guard let genesys else { return .genesysUnavailable }
        guard !agentUserId.isEmpty else { return .agentNotConnected }
        do {
            let found =
                if let lookup { try await lookup(conversationId) } else {
                    try await genesys.conversation(id: conversationId)
                }
            guard let conversation = found else {
                return .conversationNotFound
            }
            return conversation.isConnectedAgent(userId: agentUserId) ? nil : .agentNotConnected
        } catch {
            logger.warning(
                "Genesys conversation lookup failed",
                metadata: ["error": "\(error)", "conversation": "\(Self.safe(conversationId))"])
            return .genesysUnavailable
        }
    }

    // MARK: Audit

    /// Records a Data Action listing of a conversation's files: `list.allowed`, actor
    /// `data-action` (the call is Genesys's, authenticated by the shared secret), with the
    /// conversation and the number of files; never their names.
    public func auditDataActionListing(conversationId: String, files: Int) async throws {
        try await state.appendAudit(
            AuditEntry(
                at: now(), actor: "data-action", action: "list.allowed",
                detail: "conversation=\(Self.safe(conversationId)) channel=data-action files=\(files)"))
    }

    /// Audits a Data Action call refused before it reached the service (bad secret or input),
    /// as actor `data-action`; a failing audit write is logged, not thrown.
    public func auditRefusal(action: String, detail: String) async {
        do {
            try await state.appendAudit(AuditEntry(at: now(), actor: "data-action", action: action, detail: detail))
        } catch {
            logger.error("cannot audit a refused Data Action call", metadata: ["error": "\(error)"])
        }
    }

    private func audit(
        _ decision: FileLinkDecision,
        conversationId: String,
        agentUserId: String,
        fileId: String,
        channel: FileAccessChannel,
        at: Date
    ) async throws {
        var detail = Self.detail(conversationId: conversationId, channel: channel, fileId: fileId)
        switch decision {
        case .allowed(_, let expiresAt, _):
            detail += " expires=\(Int(expiresAt.timeIntervalSince1970))"
        case .pending(let fileState, _):
            detail += " reason=not-clean state=\(fileState.rawValue)"
        case .denied(let denial):
            detail += " reason=\(denial.rawValue)"
        }
        try await state.appendAudit(
            AuditEntry(
                at: at,
                actor: Self.actor(agentUserId),
                action: "link." + decision.name,
                fileId: RandomID.isWellFormed(fileId) ? fileId : nil,
                detail: detail
            ))
    }

    /// `agent:<userId>`, or `agent:none` when the flow had no connected agent to name.
    static func actor(_ agentUserId: String) -> String {
        "agent:" + (agentUserId.isEmpty ? "none" : safe(agentUserId))
    }

    /// The audit detail's common part: conversation, channel, and a note when the file id is
    /// not one the gateway makes (it is then kept out of the `file_id` column).
    static func detail(conversationId: String, channel: FileAccessChannel, fileId: String) -> String {
        "conversation=\(safe(conversationId)) channel=\(channel.rawValue)"
            + (RandomID.isWellFormed(fileId) ? "" : " file=malformed")
    }

    /// An id fit for an audit line: letters, digits, `-` and `_` only, at most 64 characters
    /// (anything else becomes `_`); `-` when empty.
    static func safe(_ value: String) -> String {
        guard !value.isEmpty else { return "-" }
        let kept = value.unicodeScalars.prefix(64).map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": Character(scalar)
            default: "_"
            }
        }
        return String(kept) + (value.unicodeScalars.count > 64 ? "…" : "")
    }
}
