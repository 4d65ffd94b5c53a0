import Foundation
import Logging
import ServiceLifecycle

/// Posts a system message into the conversation when a guest's clean file was never announced
/// (the browser was closed before the keyword message): "A file was received: NAME (TYPE, SIZE)"
/// with the file id in the metadata key `attacheFileId`.
///
/// Runs as a service next to the scan worker: every ``RecoveryConfiguration/interval`` it reads
/// the candidates, decides each with ``RecoveryDecision`` and, for files past the grace period,
/// claims the notice in the shared store before posting, so that several replicas and repeated
/// passes post at most once per file. Right before the post the claim is marked "post started"
/// in a committed write of its own: a replica that dies between Genesys accepting the notice and
/// recording it leaves that mark, and the replica taking the stale claim over resolves the file
/// as `recovery.unknown` instead of posting again. A refused post releases the claim for a retry
/// with backoff; a posted one (or one whose outcome is unknown) is never posted again. Files
/// whose guest was never bound to a conversation are not touched: they stay listed for the
/// guest and are left to retention.
public struct AbandonedUploadRecovery: Service {
    /// What one pass did.
    public struct PassReport: Sendable, Equatable {
        /// Notices posted.
        public var posted: [String] = []
        /// Files another replica (or an earlier pass) holds or already posted.
        public var alreadyClaimed: [String] = []
        /// Files whose post failed (released for a retry or given up) or whose outcome is
        /// unknown (no answer, or cancelled mid-post; never posted again).
        public var failed: [String] = []
        /// Files whose claim was taken over from a replica that died after it started posting:
        /// resolved as `recovery.unknown`, not posted again.
        public var interrupted: [String] = []
        /// Files still inside the grace period.
        public var waiting: [String] = []
        /// Files that need no notice (announced, not clean, unbound).
        public var skipped: [String] = []
    }

    let store: any RecoveryStore
    let genesys: any GenesysPlatform
    let configuration: RecoveryConfiguration
    let replica: String
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates the recovery.
    /// - Parameters:
    ///   - store: candidates and claims (shared by every replica).
    ///   - genesys: where notices are posted.
    ///   - configuration: grace period, interval, retries.
    ///   - replica: this replica's name in claims (default: host, process id and a random part).
    ///   - now: the clock.
    ///   - logger: pass results and failures (file ids and conversation ids, never file names).
    public init(
        store: any RecoveryStore,
        genesys: any GenesysPlatform,
        configuration: RecoveryConfiguration = RecoveryConfiguration(),
        replica: String = AbandonedUploadRecovery.defaultReplicaName(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "attache.recovery")
    ) {
        self.store = store
        self.genesys = genesys
        self.configuration = configuration
        self.replica = replica
        self.now = now
        self.logger = logger
    }

    /// Runs passes until cancelled or a graceful shutdown; on a graceful shutdown the post in
    /// flight finishes and no further one starts.
    public func run() async throws {
        logger.info(
            "abandoned-upload recovery started",
            metadata: [
                "graceSeconds": "\(RecoveryConfiguration.seconds(configuration.grace))",
                "intervalSeconds": "\(RecoveryConfiguration.seconds(configuration.interval))",
                "replica": "\(replica)",
            ])
        while !Self.isStopping {
            await runPass()
            let interval = configuration.interval
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
        logger.info("abandoned-upload recovery stopped")
    }

    /// Whether the surrounding task is cancelled or its service group shuts down gracefully.
    static var isStopping: Bool {
        Task.isCancelled || Task.isShuttingDownGracefully
    }

    /// One pass over the candidates; errors are logged, never thrown, so the loop keeps going.
    @discardableResult
    public func runPass() async -> PassReport {
        var report = PassReport()
        let time = now()
        let candidates: [RecoveryCandidate]
        do {
            candidates = try await store.recoveryCandidates(
                cleanBefore: time.addingTimeInterval(-RecoveryConfiguration.seconds(configuration.grace)),
                now: time,
                staleBefore: staleBefore(time),
                limit: configuration.batchSize
            )
        } catch {
            logger.error("recovery could not read candidates", metadata: ["error": "\(error)"])
            return report
        }
        for candidate in candidates {
            if Self.isStopping { break }
            switch RecoveryDecision.decide(candidate, now: time, grace: configuration.grace) {
            case .notify(let conversationId):
                await notify(candidate, conversationId: conversationId, report: &report)
            case .wait:
                report.waiting.append(candidate.fileId)
            case .skip:
                report.skipped.append(candidate.fileId)
            }
        }
        if !report.posted.isEmpty || !report.failed.isEmpty || !report.interrupted.isEmpty {
            logger.info(
                "recovery pass",
                metadata: [
                    "posted": "\(report.posted.count)", "failed": "\(report.failed.count)",
                    "interrupted": "\(report.interrupted.count)",
                ])
        }
        return report
    }

    /// Claims, posts and records one notice.
    private func notify(_ candidate: RecoveryCandidate, conversationId: String, report: inout PassReport) async {
        let fileId = candidate.fileId
        let claim: RecoveryClaim
        do {
            guard
                let claimed = try await store.claimRecovery(
                    fileId: fileId, replica: replica, conversationId: conversationId, at: now(),
                    staleBefore: staleBefore(now()))
            else {
                report.alreadyClaimed.append(fileId)
                return
            }
            claim = claimed
        } catch {
            logger.error("recovery could not claim a file", metadata: ["fileId": "\(fileId)", "error": "\(error)"])
            report.failed.append(fileId)
            return
        }
        let attempt = claim.attempt
        if let interrupted = claim.interruptedPost {
            // The previous holder died after it started posting: Genesys may have the notice.
            await recordUnknownOutcome(
                fileId, attempt: attempt,
                detail: "replica \(interrupted.replica) started posting the notice to conversation "
                    + "\(interrupted.conversationId ?? conversationId) at \(Self.timestamp(interrupted.startedAt)) and "
                    + "stopped before recording the outcome; its claim was taken over after the "
                    + "\(Int(RecoveryConfiguration.seconds(configuration.claimLease))) s lease (attempt \(attempt), "
                    + "replica \(replica))")
            report.interrupted.append(fileId)
            return
        }
        do {
            guard try await store.markRecoveryPostStarted(fileId: fileId, replica: replica, at: now()) else {
                report.alreadyClaimed.append(fileId)
                return
            }
        } catch {
            // Not posted: the claim is released for a retry, as after a refused post.
            await release(fileId, conversationId: conversationId, attempt: attempt, error: error)
            report.failed.append(fileId)
            return
        }
        let notice = RecoveryNotice(for: candidate)
        do {
            try await genesys.sendMessage(conversationId: conversationId, text: notice.text, metadata: notice.metadata)
        } catch let error as GenesysPlatformError where error.outcomeUnknown {
            // Genesys may have posted it: at most once wins over at least once. The claim is
            // recorded as posted and the doubt is audited for a human to check.
            await recordUnknownOutcome(
                fileId, attempt: attempt,
                detail: "no answer from Genesys to the notice for conversation \(conversationId) (attempt "
                    + "\(attempt), replica \(replica)): " + String("\(error.message)".prefix(200)),
                error: error)
            report.failed.append(fileId)
            return
        } catch let error where Task.isCancelled {
            // A hard stop mid-post: the request may have reached Genesys. Recorded on a task of
            // its own (this one is cancelled); should that fail too, the post-started mark makes
            // the replica taking the claim over resolve it the same way.
            let reason = String("\(error)".prefix(200))
            await Task {
                await recordUnknownOutcome(
                    fileId, attempt: attempt,
                    detail: "the post of the notice to conversation \(conversationId) was cancelled after it "
                        + "started (attempt \(attempt), replica \(replica)): \(reason)",
                    error: error)
            }.value
            report.failed.append(fileId)
            return
        } catch {
            await release(fileId, conversationId: conversationId, attempt: attempt, error: error)
            report.failed.append(fileId)
            return
        }
        report.posted.append(fileId)
        do {
            try await store.markRecoveryPosted(fileId: fileId, replica: replica, at: now())
            try await store.appendAudit(
                AuditEntry(
                    at: now(), actor: "system", action: "recovery.notice", fileId: fileId,
                    detail: "notice posted to conversation \(conversationId) (attempt \(attempt), replica \(replica))"))
        } catch {
            // The claim stays unreleased with its post-started mark: whoever takes it over after
            // the lease resolves it as an unknown outcome and does not post again.
            logger.error(
                "recovery posted a notice but could not record it",
                metadata: ["fileId": "\(fileId)", "error": "\(error)"])
        }
    }

    /// Resolves a claim whose post may or may not have reached Genesys: recorded as posted (never
    /// retried) and audited as `recovery.unknown` for a human to check.
    private func recordUnknownOutcome(
        _ fileId: String, attempt: Int, detail: String, error: (any Error)? = nil
    ) async {
        var metadata: Logger.Metadata = ["fileId": "\(fileId)", "attempt": "\(attempt)"]
        if let error { metadata["error"] = "\(error)" }
        logger.warning("recovery notice outcome unknown; not posted again", metadata: metadata)
        do {
            try await store.markRecoveryPosted(fileId: fileId, replica: replica, at: now())
            try await store.appendAudit(
                AuditEntry(
                    at: now(), actor: "system", action: "recovery.unknown", fileId: fileId,
                    detail: detail + "; not posted again, it may or may not have been posted"))
        } catch {
            logger.error(
                "recovery could not record an unknown outcome", metadata: ["fileId": "\(fileId)", "error": "\(error)"])
        }
    }

    /// Releases a failed claim for a retry with backoff, or gives up after the last attempt.
    private func release(_ fileId: String, conversationId: String, attempt: Int, error: any Error) async {
        let time = now()
        let givingUp = attempt >= configuration.maxAttempts
        let retryAt =
            givingUp
            ? nil : time.addingTimeInterval(RecoveryConfiguration.seconds(configuration.backoff(afterAttempt: attempt)))
        let reason = String("\(error)".prefix(300))
        logger.warning(
            "recovery notice failed",
            metadata: [
                "fileId": "\(fileId)", "conversationId": "\(conversationId)", "attempt": "\(attempt)",
                "retry": "\(retryAt.map { "\($0)" } ?? "no, giving up")", "error": "\(reason)",
            ])
        do {
            try await store.releaseRecovery(fileId: fileId, replica: replica, at: time, retryAt: retryAt, error: reason)
            try await store.appendAudit(
                AuditEntry(
                    at: time, actor: "system", action: givingUp ? "recovery.failed" : "recovery.retry", fileId: fileId,
                    detail: "posting to conversation \(conversationId) failed (attempt \(attempt)): \(reason)"))
        } catch {
            logger.error("recovery could not release a claim", metadata: ["fileId": "\(fileId)", "error": "\(error)"])
        }
    }

    /// A time for audit details, ISO 8601 in UTC.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private func staleBefore(_ time: Date) -> Date {
        time.addingTimeInterval(-RecoveryConfiguration.seconds(configuration.claimLease))
    }

    /// A replica name for claims: host name, process id and a short random suffix.
    public static func defaultReplicaName() -> String {
        let host = ProcessInfo.processInfo.hostName.prefix(64)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
    }
}
