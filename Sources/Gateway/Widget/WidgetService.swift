import Foundation
import Logging

/// What the agent preview widget may see, decided with the same rules and audit as the Data
/// Action file-link: the agent (known from its own Genesys token) must be a connected agent of
/// the conversation, and a file must be a clean file of that conversation.
public struct WidgetService: Sendable {
    /// The outcome of a request about one file: served, pending, or refused.
    public enum Outcome<Value: Sendable>: Sendable {
        /// The agent may see it.
        case allowed(Value)
        /// The file is not clean (yet): its record says which state.
        case pending(UploadRecord)
        /// Refused.
        case denied(FileLinkDenial)
    }

    let access: FileAccessService
    let genesys: (any GenesysPlatform)?
    let objects: any ObjectStore
    let audit: any UploadStateStore
    /// Resolves agent tokens to user ids.
    public let identities: AgentTokenResolver
    let zipReader: ZipCentralDirectoryReader
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - access: link decisions (rules and audit shared with the Data Action).
    ///   - genesys: the platform API, for agent tokens (listings are checked through `access`).
    ///   - objects: where clean objects are read from (ZIP listings).
    ///   - audit: the audit log.
    ///   - zipLimits: bounds of ZIP listings.
    ///   - identities: the token resolver (default: 60 s cache over `genesys`).
    ///   - now: the clock.
    ///   - logger: failures (never tokens, URLs or file contents).
    public init(
        access: FileAccessService,
        genesys: (any GenesysPlatform)?,
        objects: any ObjectStore,
        audit: any UploadStateStore,
        zipLimits: ZipLimits = ZipLimits(),
        identities: AgentTokenResolver? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "attache.widget")
    ) {
        self.access = access
        self.genesys = genesys
        self.objects = objects
        self.audit = audit
        self.zipReader = ZipCentralDirectoryReader(limits: zipLimits)
        self.identities = identities ?? AgentTokenResolver(genesys: genesys)
        self.now = now
        self.logger = logger
    }

    /// The conversation's clean files, for a connected agent of it. Audited as `list.allowed` or
    /// `list.denied` (actor `agent:<userId>`).
    public func files(conversationId: String, agentUserId: String) async throws -> Outcome<[UploadRecord]> {
        let denial = await participantDenial(conversationId: conversationId, agentUserId: agentUserId)
        let files = denial == nil ? try await access.listFiles(conversationId: conversationId) : []
        var detail = "conversation=\(FileAccessService.safe(conversationId)) channel=widget"
        detail += denial.map { " reason=\($0.rawValue)" } ?? " files=\(files.count)"
        try await audit.appendAudit(
            AuditEntry(
                at: now(), actor: FileAccessService.actor(agentUserId),
                action: denial == nil ? "list.allowed" : "list.denied", detail: detail))
        if let denial { return .denied(denial) }
        return .allowed(files)
    }

    /// A fresh link to one file (the access service decides and audits, channel `widget`).
    public func link(conversationId: String, agentUserId: String, fileId: String) async throws -> FileLinkDecision {
        try await access.fileLink(
            conversationId: conversationId, agentUserId: agentUserId, fileId: fileId, channel: .widget)
    }

    /// The entries of a ZIP file, read from the clean object's central directory. The access
    /// decision is the link's (audited as such, the minted URL unused); the listing is audited as
    /// `zip.listed` with its status.
    /// - Returns: `nil` inside `.allowed` when the file is not a ZIP.
    public func entries(
        conversationId: String, agentUserId: String, fileId: String
    ) async throws -> Outcome<(UploadRecord, ZipListing?)> {
        switch try await link(conversationId: conversationId, agentUserId: agentUserId, fileId: fileId) {
        case .denied(let denial):
            return .denied(denial)
        case .pending(_, let record):
            return .pending(record)
        case .allowed(_, _, let record):
            guard WidgetPreview.isZip(record) else { return .allowed((record, nil)) }
            let listing = try await list(record)
            try await audit.appendAudit(
                AuditEntry(
                    at: now(), actor: FileAccessService.actor(agentUserId), action: "zip.listed", fileId: fileId,
                    detail: "conversation=\(FileAccessService.safe(conversationId)) channel=widget "
                        + "status=\(listing.status.rawValue) reason=\(listing.reason.isEmpty ? "-" : listing.reason) "
                        + "entries=\(listing.entryCount) unsafe=\(listing.unsafeEntryCount)"))
            return .allowed((record, listing))
        }
    }

    /// Streams the clean object, keeping only its tail, and reads the central directory.
    func list(_ record: UploadRecord) async throws -> ZipListing {
        let limits = zipReader.limits
        if let head = try await objects.head(.clean, key: record.objectKey), head.size > limits.maxArchiveBytes {
            return .refused(
                "too-large",
                "The archive is \(head.size) bytes; archives over \(limits.maxArchiveBytes) are not listed.")
        }
        do {
            let bytes = try await objects.read(.clean, key: record.objectKey)
            let (tail, size) = try await ZipTailCollector.collect(
                bytes, keep: limits.tailBytes, maxTotal: limits.maxArchiveBytes)
            return zipReader.list(tail: tail, archiveSize: size)
        } catch is ZipTailCollector.TooLarge {
            return .refused("too-large", "Archives over \(limits.maxArchiveBytes) bytes are not listed.")
        }
    }

    /// `nil` when the user is a connected agent of the conversation, else why not: the access
    /// service's listing check (Genesys answers reused for a few seconds; links always ask).
    func participantDenial(conversationId: String, agentUserId: String) async -> FileLinkDenial? {
        await access.listingParticipantDenial(conversationId: conversationId, agentUserId: agentUserId)
    }
}
