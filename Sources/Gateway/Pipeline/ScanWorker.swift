import Foundation
import Logging
import ServiceLifecycle
import WebMessaging

/// The scan pipeline's worker: consumes object-created events and, for each object, streams it
/// to the scanner while sniffing and hashing it in the same read, then promotes it to the clean
/// area or rejects it.
///
/// It is a swift-service-lifecycle `Service`: run it in the gateway's `ServiceGroup`. On graceful
/// shutdown it stops taking events and finishes the scans in flight. Processing is idempotent
/// (compare-and-set state transitions; promotion is idempotent) and fails closed: when the
/// scanner is unreachable nothing is promoted, the upload goes back to `uploaded` and the event
/// comes back after a backoff; until the scanner answers again no further events are taken
/// (``ScannerAvailability``). At most ``Configuration/maxConcurrentScans`` objects are scanned
/// at once. The per-object decisions are ``ObjectScan``'s; this type performs them.
public struct ScanWorker: Service {
    /// Where events come from.
    public let events: any ObjectEventSource
    /// Where the objects are.
    public let store: any ObjectStore
    /// Where the uploads' states are.
    public let state: any UploadStateStore
    /// The scanner.
    public let scanner: any FileScanner
    /// How the worker runs.
    public let configuration: Configuration
    let logger: Logger
    let now: @Sendable () -> Date
    /// Where scan results, durations and waits are recorded, when metrics are kept.
    let metrics: GatewayMetrics?
    /// Whether the scanner answered lately; no events are taken while it does not.
    let scannerAvailability = ScannerAvailability()

    /// Creates a worker.
    /// - Parameters:
    ///   - events: The event source (``SQSEventSource`` or ``LocalEventQueue``).
    ///   - store: The object store holding the quarantine and clean areas.
    ///   - state: The upload state store.
    ///   - scanner: ``ClamdScanner`` in production, ``PolicyScanner`` in development.
    ///   - configuration: Concurrency, allow-list, rejected-object handling, backoff.
    ///   - logger: Receives one record per outcome (file ids only; never contents or URLs).
    ///   - now: The clock (injectable for tests).
    ///   - metrics: Records each scan's result and duration and the wait before it.
    public init(
        events: any ObjectEventSource,
        store: any ObjectStore,
        state: any UploadStateStore,
        scanner: any FileScanner,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "attache.scan-worker"),
        now: @escaping @Sendable () -> Date = { Date() },
        metrics: GatewayMetrics? = nil
    ) {
        self.events = events
        self.store = store
        self.state = state
        self.scanner = scanner
        self.configuration = configuration
        self.logger = logger
        self.now = now
        self.metrics = metrics
    }

    /// Consumes events until the source ends, the task is cancelled, or a graceful shutdown is
    /// triggered; then waits for the scans in flight.
    public func run() async throws {
        let slots = ScanSlots(configuration.maxConcurrentScans)
        let (deliveries, continuation) = AsyncStream<ObjectEventDelivery>.makeStream()
        logger.info(
            "scan worker started",
            metadata: [
                "scanner": "\(scanner.name)",
                "concurrency": "\(configuration.maxConcurrentScans)",
                "rejected": "\(configuration.rejectedObjects)",
            ]
        )
        if !scanner.isAntivirus {
            logger.warning(
                "the scanner in use is NOT an antivirus (development only)", metadata: ["scanner": "\(scanner.name)"])
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await cancelWhenGracefulShutdown {
                    await self.pull(into: continuation, slots: slots)
                }
                continuation.finish()
            }
            await withDiscardingTaskGroup { scans in
                for await delivery in deliveries {
                    scans.addTask {
                        await self.process(delivery)
                        await slots.release()
                    }
                }
            }
        }
        logger.info("scan worker stopped")
    }

    /// Takes deliveries from the source while a scan slot is free.
    private func pull(into continuation: AsyncStream<ObjectEventDelivery>.Continuation, slots: ScanSlots) async {
        var iterator = events.events().makeAsyncIterator()
        while !Task.isCancelled {
            await slots.acquire()
            await waitWhileScannerIsDown()
            do {
                guard !Task.isCancelled, let delivery = try await iterator.next() else {
                    await slots.release()
                    return
                }
                continuation.yield(delivery)
            } catch {
                await slots.release()
                if !Task.isCancelled {
                    logger.error("the event source failed; the worker stops", metadata: ["error": "\(error)"])
                }
                return
            }
        }
    }

    /// While the scanner is known to be down, takes no event: probes the scanner on the backoff
    /// schedule (at most 30 s apart) until it answers. The events stay at their source (SQS:
    /// not received, so an outage does not use up their deliveries).
    private func waitWhileScannerIsDown() async {
        var probe = 0
        while !Task.isCancelled, await scannerAvailability.isDown {
            probe += 1
            let pause = min(configuration.backoff.delay(afterAttempt: probe), .seconds(30))
            try? await Task.sleep(for: pause)
            guard !Task.isCancelled else { return }
            do {
                let version = try await scanner.version()
                if let outage = await scannerAvailability.answered() {
                    logger.notice(
                        "the scanner answers again; taking events again",
                        metadata: [
                            "scanner": "\(scanner.name)", "version": "\(version)",
                            "outage_s": "\(outage.components.seconds)",
                        ])
                }
            } catch {
                continue
            }
        }
    }

    /// Handles one delivery and settles it: acknowledged when the object reached a final state
    /// (or needs nothing), retried after a backoff otherwise.
    /// - Parameter delivery: The delivery.
    public func process(_ delivery: ObjectEventDelivery) async {
        let settlement = await handle(
            delivery.event, attempt: delivery.attempt, keepHidden: { try await delivery.keepHidden(for: $0) })
        do {
            switch settlement {
            case .done: try await delivery.acknowledge()
            case .later(let delay): try await delivery.retry(after: delay)
            }
        } catch {
            logger.error(
                "settling an event failed; the source will deliver it again",
                metadata: ["object.key": "\(delivery.event.key)", "error": "\(error)"]
            )
        }
    }

    /// How a delivery is settled.
    enum Settlement: Equatable {
        case done
        case later(Duration)
    }

    /// Runs the scan of one object to its end.
    /// - Parameters:
    ///   - event: The object's event.
    ///   - attempt: Its delivery count.
    ///   - keepHidden: Keeps the event's delivery hidden at its source for the given time while
    ///     the scan holds its claim (called when the claim is taken and at each refresh).
    func handle(
        _ event: ObjectCreatedEvent, attempt: Int,
        keepHidden: @escaping @Sendable (Duration) async throws -> Void = { _ in }
    ) async -> Settlement {
        var scan = ObjectScan(event: event, attempt: attempt, settings: configuration.scanSettings)
        let key = event.key
        let retryDelay = configuration.backoff.delay(afterAttempt: attempt)
        var action: ObjectScan.Action
        var fileId = UploadRecord.fileId(fromObjectKey: key) ?? key
        var lastChange: Date?
        do {
            let record = try await state.upload(objectKey: key)
            if let record { fileId = record.fileId }
            lastChange = record?.updatedAt
            let quarantine = record == nil ? nil : try await store.head(.quarantine, key: key)
            let clean = record != nil && quarantine == nil ? try await store.head(.clean, key: key) : nil
            action = scan.received(record: record, quarantine: quarantine, clean: clean, now: now())
        } catch {
            log(.warning, "looking the object up failed; retrying later", fileId: fileId, error: error)
            return .later(retryDelay)
        }
        // While this worker holds the claim (`scanning`), a child task keeps it fresh so that
        // no other worker takes it over; it ends with the claim, whichever way this returns.
        return await withTaskGroup(of: Void.self) { claim in
            defer { claim.cancelAll() }
            var claimed = false
            do {
                while true {
                    switch action {
                    case .acknowledge(let note):
                        log(.debug, "nothing to do: \(note)", fileId: fileId)
                        return .done
                    case .retry(let delay, let note):
                        log(.info, "later: \(note)", fileId: fileId)
                        return .later(delay)
                    case .scan(let claimFrom):
                        if claimFrom == [.scanning] {
                            // A stale scan (its worker died): exactly one replica may take it over.
                            let staleBefore = now().addingTimeInterval(
                                -Double(configuration.staleScanAfter.components.seconds))
                            claimed = try await state.takeOverStaleScan(fileId: fileId, staleBefore: staleBefore)
                        } else {
                            claimed = try await state.transition(
                                fileId: fileId, from: claimFrom, to: .scanning, reason: nil)
                        }
                        guard claimed else {
                            log(.debug, "another worker claimed the object", fileId: fileId)
                            return .done
                        }
                        let claimedId = fileId
                        claim.addTask { await self.keepClaim(fileId: claimedId, keepHidden: keepHidden) }
                        if let lastChange { metrics?.recordScanWait(.seconds(now().timeIntervalSince(lastChange))) }
                        action = await scanObject(&scan, key: key)
                    case .markClean(let from):
                        let audit = auditEntry(
                            "scan.clean", fileId: fileId, detail: "promotion completed after an interruption")
                        _ = try await state.transition(
                            fileId: fileId, from: from, to: .clean, reason: nil, audit: audit)
                        log(.info, "marked clean after an interrupted promotion", fileId: fileId)
                        return .done
                    case .promote(let tags, let result):
                        // The result first: a worker that dies after the promotion but before the
                        // state write leaves an upload that is finished as `markClean`, which must
                        // find the verdict already recorded.
                        try await state.recordScanResult(result)
                        try await store.promote(key: key, tags: tags)
                        let audit = auditEntry(
                            "scan.clean",
                            fileId: fileId,
                            detail: "\(result.scanner) \(result.scannerVersion ?? "")".trimmingCharacters(
                                in: .whitespaces)
                        )
                        _ = try await state.transition(
                            fileId: fileId, from: [.scanning], to: .clean, reason: nil, audit: audit)
                        log(.info, "promoted to clean", fileId: fileId)
                        return .done
                    case .reject(let reason, let from, let tags, let result):
                        if configuration.rejectedObjects.deletes {
                            try await store.delete(.quarantine, key: key)
                        } else {
                            try await store.tag(.quarantine, key: key, tags: tags)
                        }
                        try await state.recordScanResult(result)
                        let audit = auditEntry("scan.rejected", fileId: fileId, detail: reason.description)
                        _ = try await state.transition(
                            fileId: fileId, from: from, to: .rejected, reason: reason.description, audit: audit
                        )
                        log(.notice, "rejected: \(reason.code)", fileId: fileId)
                        return .done
                    case .release(let delay, let note):
                        _ = try await state.transition(fileId: fileId, from: [.scanning], to: .uploaded, reason: nil)
                        log(.warning, "not scanned, nothing promoted; retrying later: \(note)", fileId: fileId)
                        return .later(delay)
                    }
                }
            } catch {
                log(.warning, "processing failed; retrying later", fileId: fileId, error: error)
                if claimed {
                    _ = try? await state.transition(fileId: fileId, from: [.scanning], to: .uploaded, reason: nil)
                }
                return .later(retryDelay)
            }
        }
    }

    /// Moves the `updated_at` of a scan this worker holds forward every
    /// ``Configuration/claimRefreshInterval`` until cancelled, so that only a scan whose worker
    /// died (or stalled for ``Configuration/staleScanAfter``) is taken over, however long it runs;
    /// and, apart from that (a slow queue must not delay the refresh), keeps the event's delivery
    /// hidden for ``Configuration/staleScanAfter`` (at most an hour) from the claim on and at the
    /// same interval, so that a scan longer than the queue's visibility timeout is not delivered
    /// to another worker meanwhile, and comes back about when its claim goes stale if this
    /// worker dies.
    private func keepClaim(fileId: String, keepHidden: @escaping @Sendable (Duration) async throws -> Void) async {
        let interval = configuration.claimRefreshInterval
        let hiddenFor = min(configuration.staleScanAfter, .seconds(3_600))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do {
                        // Not cancelled with the claim: a call cut off after it was sent could
                        // still be applied after the delivery's settlement (a retry's shorter
                        // delay) and undo it; the claim's end waits for this call instead.
                        try await Task { try await keepHidden(hiddenFor) }.value
                    } catch {
                        self.log(
                            .warning, "keeping the scan's event hidden at its source failed", fileId: fileId,
                            error: error)
                    }
                    do { try await Task.sleep(for: interval) } catch { return }
                }
            }
            group.addTask {
                while true {
                    do { try await Task.sleep(for: interval) } catch { return }
                    do {
                        guard try await self.state.refreshScan(fileId: fileId, now: self.now()) else { return }
                    } catch {
                        if Task.isCancelled { return }
                        self.log(.warning, "refreshing the scan's claim failed", fileId: fileId, error: error)
                    }
                }
            }
            // Either loop ends only with the claim (cancelled, or lost to another worker).
            await group.next()
            group.cancelAll()
        }
    }

    /// Streams the object to the scanner, sniffing and hashing it in the same read.
    private func scanObject(_ scan: inout ObjectScan, key: String) async -> ObjectScan.Action {
        let clock = ContinuousClock()
        let start = clock.now
        let action = await readAndScan(&scan, key: key)
        if let metrics {
            switch action {
            case .promote: metrics.recordScan(result: .clean, duration: clock.now - start)
            case .reject: metrics.recordScan(result: .rejected, duration: clock.now - start)
            default: metrics.recordScan(result: .error, duration: clock.now - start)
            }
        }
        return action
    }

    private func readAndScan(_ scan: inout ObjectScan, key: String) async -> ObjectScan.Action {
        do {
            let version = try await scanner.version()
            let inspector = ObjectInspector(headLength: FileSniffer.prefixLength)
            let bytes = try await store.read(.quarantine, key: key)
            let verdict = try await scanner.scan(inspector.tap(bytes))
            return scan.scanned(verdict: verdict, inspection: inspector.inspection, scannerVersion: version, now: now())
        } catch {
            if let unavailable = error as? ScannerUnavailable, await scannerAvailability.failed(unavailable.reason) {
                logger.warning(
                    "the scanner cannot scan; no new events are taken until it answers",
                    metadata: ["scanner": "\(scanner.name)", "error": "\(unavailable)"])
            }
            return scan.scanFailed("\(error)")
        }
    }

    private func auditEntry(_ action: String, fileId: String, detail: String) -> AuditEntry {
        AuditEntry(at: now(), actor: "worker", action: action, fileId: fileId, detail: detail)
    }

    private func log(_ level: Logger.Level, _ message: String, fileId: String, error: (any Error)? = nil) {
        var metadata: Logger.Metadata = ["file.id": "\(fileId)", "scanner": "\(scanner.name)"]
        if let error { metadata["error"] = "\(error)" }
        logger.log(level: level, "\(message)", metadata: metadata)
    }
}
