import Foundation
import Logging
import ServiceLifecycle

/// Seals new audit entries into the hash chain every ``AuditSealConfiguration/interval``.
///
/// Runs as a service next to the scan worker, one per replica; the store lets one sealer write
/// at a time (a replica that finds the chain busy skips its turn), so every entry is sealed
/// once, at the next free position, whichever replica wrote it. The audit inserts of uploads,
/// scans and links never wait for it. After each seal that appended links it logs the chain's
/// head (`audit chain sealed`, position and hash at info level): kept by a log store outside the
/// database, those lines are anchors `attache audit verify --anchor` checks the chain against.
public actor AuditSealer: Service {
    /// What one pass did.
    public struct PassReport: Sendable, Equatable {
        /// Links appended by this pass.
        public var sealed = 0
        /// The chain's head after the pass, when known.
        public var head: AuditChainHead?
        /// Whether another sealer held the chain (nothing written by this pass).
        public var busy = false
        /// Whether the pass read the whole log (not only recent ids).
        public var fullPass = false
    }

    let store: any AuditChainStore
    let configuration: AuditSealConfiguration
    let now: @Sendable () -> Date
    let logger: Logger
    /// The highest sealed audit id seen at the end of recent passes, oldest first.
    private var highWater: [(at: Date, auditId: Int64)] = []
    private var lastFullPass: Date?
    private var firstPassDone = false

    /// Creates the sealer.
    /// - Parameters:
    ///   - store: the audit log and its chain (shared by every replica).
    ///   - configuration: interval, batch size, late-entry window.
    ///   - now: the clock.
    ///   - logger: the chain head after each seal (the anchors), and failures.
    public init(
        store: any AuditChainStore,
        configuration: AuditSealConfiguration = AuditSealConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "attache.audit")
    ) {
        self.store = store
        self.configuration = configuration
        self.now = now
        self.logger = logger
    }

    /// The sealer of a gateway state store, or `nil` when the store keeps no audit chain (a
    /// test double).
    public init?(
        state: any UploadStateStore, configuration: AuditSealConfiguration,
        logger: Logger = Logger(label: "attache.audit")
    ) {
        guard let store = state as? any AuditChainStore else { return nil }
        self.init(store: store, configuration: configuration, logger: logger)
    }

    public func run() async throws {
        logger.info(
            "audit sealer started", metadata: ["intervalSeconds": "\(configuration.interval.components.seconds)"])
        while !AbandonedUploadRecovery.isStopping {
            await sealPass()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.configuration.interval) }
            } catch {
                break
            }
        }
        logger.info("audit sealer stopped")
    }

    /// One pass: seals batches until none is left unsealed. Errors are logged, never thrown, so
    /// the loop keeps going.
    @discardableResult
    public func sealPass() async -> PassReport {
        var report = PassReport()
        let time = now()
        var floor = self.floor(at: time)
        report.fullPass = floor == 0
        var highest: Int64?
        while !AbandonedUploadRecovery.isStopping {
            let outcome: AuditSealOutcome
            do {
                outcome = try await store.sealAuditEntries(after: floor, limit: configuration.batchSize, at: time)
            } catch {
                logger.error("audit entries could not be sealed", metadata: ["error": "\(error)"])
                return report
            }
            guard case .sealed(let links, let head, let highestSealed) = outcome else {
                report.busy = true
                return report
            }
            report.sealed += links.count
            report.head = head
            highest = highestSealed
            if links.count < configuration.batchSize { break }
            // Batches come in id order: the next one looks above this one, not at the sealed
            // prefix again (rows that appear below it meanwhile are for the next passes).
            if let last = links.last { floor = max(floor, last.auditId) }
        }
        if let highest { record(highest, at: time, full: report.fullPass) }
        if report.sealed > 0, let head = report.head {
            logger.info(
                "audit chain sealed",
                metadata: ["sealed": "\(report.sealed)", "headSeq": "\(head.seq)", "headHash": "\(head.hash)"])
        }
        return report
    }

    /// The id above which this pass looks: 0 for a full pass (the first, one late window later,
    /// and then every ``AuditSealConfiguration/fullPassInterval``); otherwise the highest id
    /// sealed at least ``AuditSealConfiguration/lateWindow`` ago (or by the first pass, within
    /// the first window).
    private func floor(at time: Date) -> Int64 {
        guard let lastFullPass, time.timeIntervalSince(lastFullPass) < seconds(configuration.fullPassInterval) else {
            return 0
        }
        let settled = time.addingTimeInterval(-seconds(configuration.lateWindow))
        return highWater.last(where: { $0.at <= settled })?.auditId ?? highWater.first?.auditId ?? 0
    }

    private func record(_ highest: Int64, at time: Date, full: Bool) {
        if full {
            // No mark predates the first pass: rows written before it but committed after it
            // are found by a second full pass one late window later, then every full-pass interval.
            lastFullPass =
                firstPassDone
                ? time
                : time.addingTimeInterval(seconds(configuration.lateWindow) - seconds(configuration.fullPassInterval))
            firstPassDone = true
        }
        highWater.append((time, highest))
        let settled = time.addingTimeInterval(-seconds(configuration.lateWindow))
        // Keep the newest settled mark and everything after it.
        if let index = highWater.lastIndex(where: { $0.at <= settled }), index > 0 {
            highWater.removeFirst(index)
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
