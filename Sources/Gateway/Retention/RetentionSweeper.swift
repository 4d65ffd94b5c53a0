import Foundation
import Logging
import ServiceLifecycle

/// Deletes files whose retention period ran out, from the area that holds them, and records
/// each deletion in the audit log (`retention.deleted`, with the area and the age in days).
///
/// Runs as a service next to the scan worker: every ``RetentionConfiguration/interval`` it
/// claims expired uploads in batches (a claim is exclusive across replicas), deletes their
/// objects (and aborts an unfinished multipart upload), then marks each upload `deleted` and
/// appends its audit entry in one transaction. A file whose objects could not be deleted is
/// released and retried by a later pass; it is never marked before its bytes are gone. A
/// deleted file is never served again: links and listings only cover `clean` files.
///
/// Each pass ends with the ``OrphanedMultipartSweep``, when one is given: multipart uploads
/// left open in quarantine longer than `ATTACHE_MULTIPART_ABANDON_HOURS` are aborted and audited.
public struct RetentionSweeper: Service {
    /// What one pass did.
    public struct PassReport: Sendable, Equatable {
        /// Files deleted and audited by this pass, with their area.
        public var deleted: [String: RetentionArea] = [:]
        /// Files whose objects could not be deleted (released for a later pass).
        public var failed: [String] = []
        /// Files claimed but changed meanwhile (erased, say): nothing audited.
        public var skipped: [String] = []
        /// Recently erased files whose objects were deleted again (see
        /// ``RetentionConfiguration/erasureRecheck``).
        public var rechecked = 0
        /// What the abandoned multipart upload sweep did.
        public var multipart = OrphanedMultipartSweep.Report()
    }

    let store: any RetentionStore
    let objects: any ObjectStore
    let configuration: RetentionConfiguration
    let orphans: OrphanedMultipartSweep?
    let replica: String
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates the sweeper.
    /// - Parameters:
    ///   - store: expired uploads, claims, marks and the audit log (shared by every replica).
    ///   - objects: where the files' bytes are deleted.
    ///   - configuration: periods, interval, claim lease.
    ///   - orphans: aborts abandoned multipart uploads at the end of each pass (none by default).
    ///   - replica: this replica's name in claims and audit entries.
    ///   - now: the clock.
    ///   - logger: pass results and failures (file ids only, never names).
    public init(
        store: any RetentionStore,
        objects: any ObjectStore,
        configuration: RetentionConfiguration = RetentionConfiguration(),
        orphans: OrphanedMultipartSweep? = nil,
        replica: String = AbandonedUploadRecovery.defaultReplicaName(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "attache.retention")
    ) {
        self.store = store
        self.objects = objects
        self.configuration = configuration
        self.orphans = orphans
        self.replica = replica
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        logger.info(
            "retention sweeper started",
            metadata: [
                "cleanDays": "\(configuration.cleanDays)", "quarantineDays": "\(configuration.quarantineDays)",
                "rejectedDays": "\(configuration.rejectedDays)", "unclaimedDays": "\(configuration.unclaimedDays)",
                "intervalSeconds": "\(configuration.interval.components.seconds)", "replica": "\(replica)",
            ])
        while !AbandonedUploadRecovery.isStopping {
            await runPass()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.interval) }
            } catch {
                break
            }
        }
        logger.info("retention sweeper stopped")
    }

    /// One pass: claims and deletes batches until nothing expired is left unclaimed. Errors are
    /// logged, never thrown, so the loop keeps going.
    @discardableResult
    public func runPass() async -> PassReport {
        var report = PassReport()
        let time = now()
        let cutoffs = configuration.cutoffs(now: time)
        let staleBefore = time.addingTimeInterval(-Double(configuration.claimLease.components.seconds))
        while !AbandonedUploadRecovery.isStopping {
            let batch: [RetentionCandidate]
            do {
                batch = try await store.claimExpiredUploads(
                    cutoffs: cutoffs, claimant: replica, at: time, staleBefore: staleBefore,
                    limit: configuration.batchSize)
            } catch {
                logger.error("retention could not claim expired files", metadata: ["error": "\(error)"])
                break
            }
            for candidate in batch { await sweep(candidate, at: time, report: &report) }
            if batch.count < configuration.batchSize { break }
        }
        await recheckErased(at: time, report: &report)
        if let orphans, !AbandonedUploadRecovery.isStopping {
            report.multipart = await orphans.run(at: time, replica: replica, logger: logger)
        }
        if !report.deleted.isEmpty || !report.failed.isEmpty {
            logger.info(
                "retention pass", metadata: ["deleted": "\(report.deleted.count)", "failed": "\(report.failed.count)"])
        }
        return report
    }

    /// Deletes the objects of recently erased files again: a scan that was running when the guest
    /// erased the file may have promoted it afterwards. Idempotent; nothing is audited.
    private func recheckErased(at time: Date, report: inout PassReport) async {
        let since = time.addingTimeInterval(-Double(configuration.erasureRecheck.components.seconds))
        let keys: [String]
        do {
            keys = try await store.erasedObjectKeys(since: since, limit: 1_000)
        } catch {
            logger.error("retention could not read erased files", metadata: ["error": "\(error)"])
            return
        }
        for key in keys {
            if AbandonedUploadRecovery.isStopping { return }
            do {
                try await FileEraser.deleteObjects(objects, key: key, uploadId: nil)
                report.rechecked += 1
            } catch {
                logger.error("retention could not re-delete an erased file", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Deletes one claimed file's objects, then marks and audits it.
    private func sweep(_ candidate: RetentionCandidate, at time: Date, report: inout PassReport) async {
        do {
            try await FileEraser.deleteObjects(
                objects, key: candidate.objectKey,
                uploadId: candidate.state == .awaitingUpload ? candidate.uploadId : nil)
        } catch {
            logger.error(
                "retention could not delete a file's objects",
                metadata: ["fileId": "\(candidate.fileId)", "error": "\(error)"])
            report.failed.append(candidate.fileId)
            try? await store.releaseRetentionClaim(fileId: candidate.fileId, claimant: replica)
            return
        }
        let ageDays = Int(time.timeIntervalSince(candidate.updatedAt) / 86_400)
        let audit = AuditEntry(
            at: time, actor: "retention", action: "retention.deleted", fileId: candidate.fileId,
            detail:
                "area=\(candidate.area.rawValue) objectArea=\(candidate.area.objectArea.rawValue) "
                + "state=\(candidate.state.rawValue) ageDays=\(ageDays) "
                + "periodDays=\(configuration.days(candidate.area)) replica=\(replica)")
        do {
            if try await store.markRetentionDeleted(candidate, claimant: replica, at: time, audit: audit) {
                report.deleted[candidate.fileId] = candidate.area
            } else {
                report.skipped.append(candidate.fileId)
            }
        } catch {
            logger.error(
                "retention could not mark a deleted file",
                metadata: ["fileId": "\(candidate.fileId)", "error": "\(error)"])
            report.failed.append(candidate.fileId)
        }
    }
}
