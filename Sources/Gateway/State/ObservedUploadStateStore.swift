import Foundation

/// A change an ``ObservedUploadStateStore`` reports to its observers after the wrapped store
/// made it.
public enum UploadStateChange: Sendable, Equatable {
    /// A new upload was stored in `state` (a ticket).
    case stored(fileId: String, state: UploadState)
    /// An upload entered `state` (a transition, a retention mark or an erasure).
    case entered(fileId: String, state: UploadState)
    /// A scan result was recorded for the upload.
    case scanRecorded(fileId: String)
}

/// Something told of every change the gateway's state store makes: the metrics count uploads
/// by the state they enter, the broadcaster wakes the SSE streams following a file.
public protocol UploadStateObserver: Sendable {
    /// Called after `change` was made (never for a change that did not happen).
    func observe(_ change: UploadStateChange) async
}

/// One forwarding decorator for the state store: every call goes to `base`; each change that
/// happened is reported to `observers`, so components that change state (the pipeline, recovery,
/// retention, erasure) need not know who listens.
public struct ObservedUploadStateStore: UploadStateStore {
    /// The store doing the work.
    public let base: any UploadStateStore
    /// Who is told, in order.
    public let observers: [any UploadStateObserver]

    /// Wraps a store.
    public init(base: any UploadStateStore, observers: [any UploadStateObserver]) {
        self.base = base
        self.observers = observers
    }

    func report(_ change: UploadStateChange) async {
        for observer in observers { await observer.observe(change) }
    }

    public func transition(
        fileId: String,
        from: [UploadState],
        to: UploadState,
        reason: String?,
        audit: AuditEntry?
    ) async throws -> Bool {
        let changed = try await base.transition(fileId: fileId, from: from, to: to, reason: reason, audit: audit)
        if changed { await report(.entered(fileId: fileId, state: to)) }
        return changed
    }

    public func createUpload(_ record: UploadRecord) async throws {
        try await base.createUpload(record)
        await report(.stored(fileId: record.fileId, state: record.state))
    }

    public func recordScanResult(_ result: ScanResultRecord) async throws {
        try await base.recordScanResult(result)
        await report(.scanRecorded(fileId: result.fileId))
    }

    public func upload(fileId: String) async throws -> UploadRecord? { try await base.upload(fileId: fileId) }
    public func upload(objectKey: String) async throws -> UploadRecord? {
        try await base.upload(objectKey: objectKey)
    }
    public func uploads(guestId: String) async throws -> [UploadRecord] { try await base.uploads(guestId: guestId) }
    public func totalSize(guestId: String, states: Set<UploadState>) async throws -> Int64 {
        try await base.totalSize(guestId: guestId, states: states)
    }
    public func takeOverStaleScan(fileId: String, staleBefore: Date) async throws -> Bool {
        try await base.takeOverStaleScan(fileId: fileId, staleBefore: staleBefore)
    }
    public func refreshScan(fileId: String, now: Date) async throws -> Bool {
        try await base.refreshScan(fileId: fileId, now: now)
    }
    public func setMultipart(fileId: String, uploadId: String, partSize: Int64) async throws {
        try await base.setMultipart(fileId: fileId, uploadId: uploadId, partSize: partSize)
    }
    public func setConversation(fileId: String, conversationId: String) async throws {
        try await base.setConversation(fileId: fileId, conversationId: conversationId)
    }
    public func scanResults(fileId: String) async throws -> [ScanResultRecord] {
        try await base.scanResults(fileId: fileId)
    }
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry { try await base.appendAudit(entry) }
    public func auditEntries(fileId: String?) async throws -> [AuditEntry] {
        try await base.auditEntries(fileId: fileId)
    }
    public func upsertGuest(_ guest: GuestRecord) async throws -> GuestRecord { try await base.upsertGuest(guest) }
    public func guest(id: String) async throws -> GuestRecord? { try await base.guest(id: id) }
}

extension ObservedUploadStateStore: UploadQuotaStore {
    public func createUpload(
        _ record: UploadRecord, audit: AuditEntry?, withinQuota quota: Int64, countedStates: Set<UploadState>
    ) async throws -> QuotaAdmission {
        let admission = try await base.createUploadWithinQuota(
            record, audit: audit, quota: quota, countedStates: countedStates)
        if admission == .admitted { await report(.stored(fileId: record.fileId, state: record.state)) }
        return admission
    }
}

extension GatewayMetrics: UploadStateObserver {
    /// Counts uploads by the state they enter (`attache_upload_transitions_total{state}`): a
    /// stored ticket enters its first state, every transition, mark or erasure its target.
    public func observe(_ change: UploadStateChange) async {
        switch change {
        case .stored(_, let state), .entered(_, let state): recordUpload(enteredState: state)
        case .scanRecorded: break
        }
    }
}

extension UploadStateBroadcaster: UploadStateObserver {
    /// Wakes the SSE streams following the file after a state change or a scan result (a new
    /// ticket has no followers yet).
    public func observe(_ change: UploadStateChange) async {
        switch change {
        case .stored: break
        case .entered(let fileId, _), .scanRecorded(let fileId): publish(fileId: fileId)
        }
    }
}
