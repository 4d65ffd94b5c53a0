import Foundation
import WebMessaging

/// The scan of one object, as a pure state machine: each method takes what the driver
/// (``ScanWorker``) observed and returns the one ``Action`` to perform next. No I/O, no clocks:
/// tests step it synchronously.
///
/// ```
/// received ──scan──→ scanning ──scanned──→ promote / reject
///    │                   └──scanFailed──→ release (retry later)
///    └──→ acknowledge (unknown, final, duplicate) / retry (busy elsewhere) / markClean / reject
/// ```
public struct ObjectScan: Sendable {
    /// What the machine needs besides the observations.
    public struct Settings: Sendable, Hashable {
        /// The declared-type and allow-list check.
        public var typeCheck: ContentTypeCheck
        /// Delays for events that must come back later.
        public var backoff: RetryBackoff
        /// After how long a `scanning` state is taken to be a crashed worker's and taken over.
        public var staleScanAfter: Duration

        /// Creates settings.
        public init(
            typeCheck: ContentTypeCheck = ContentTypeCheck(),
            backoff: RetryBackoff = RetryBackoff(),
            staleScanAfter: Duration = .seconds(60)
        ) {
            self.typeCheck = typeCheck
            self.backoff = backoff
            self.staleScanAfter = staleScanAfter
        }
    }

    /// Where the machine is.
    public enum Phase: Sendable, Equatable {
        /// Waiting for the record and the heads.
        case received
        /// Told the driver to claim the upload and stream it to the scanner.
        case scanning
        /// An action that ends the scan was returned.
        case finished
    }

    /// What the driver does next.
    public enum Action: Sendable, Equatable {
        /// Nothing to do (unknown object, final state, duplicate event): settle as done.
        case acknowledge(note: String)
        /// Someone else is on it: settle for redelivery after the delay.
        case retry(after: Duration, note: String)
        /// Move the upload from one of `claimFrom` to `scanning` (compare-and-set; if that fails,
        /// acknowledge), then stream the quarantined object to the scanner and call
        /// ``scanned(verdict:inspection:scannerVersion:now:)`` or ``scanFailed(_:)``.
        case scan(claimFrom: [UploadState])
        /// A promotion finished earlier but the state did not follow (a crash): move the upload
        /// from one of `from` to `clean`.
        case markClean(from: [UploadState])
        /// Record the result, promote the object with these tags, move `scanning` → `clean`.
        case promote(tags: [String: String], result: ScanResultRecord)
        /// Tag the quarantined object with the reason (or delete it, by configuration), record the
        /// result, move the upload from one of `from` to `rejected`.
        case reject(RejectionReason, from: [UploadState], tags: [String: String], result: ScanResultRecord)
        /// The scanner could not decide: move `scanning` → `uploaded`, promote nothing, and settle
        /// for redelivery after the delay.
        case release(retryAfter: Duration, note: String)
    }

    /// The event being handled.
    public let event: ObjectCreatedEvent
    /// Its delivery count (1 on the first delivery).
    public let attempt: Int
    /// The settings.
    public let settings: Settings
    /// Where the machine is.
    public private(set) var phase: Phase = .received
    private var record: UploadRecord?

    /// Starts the scan of one delivered event.
    public init(event: ObjectCreatedEvent, attempt: Int, settings: Settings) {
        self.event = event
        self.attempt = attempt
        self.settings = settings
    }

    /// The first step: what the state store and the object store say about the object.
    /// - Parameters:
    ///   - record: The upload stored under the event's key, if any.
    ///   - quarantine: The object's head in quarantine, `nil` when absent.
    ///   - clean: The object's head in the clean area (looked up when quarantine has none).
    ///   - now: The current time (for stale `scanning` states).
    public mutating func received(
        record: UploadRecord?,
        quarantine: StoredObject?,
        clean: StoredObject?,
        now: Date
    ) -> Action {
        guard phase == .received else { return finish(.acknowledge(note: "event already handled")) }
        guard let record else { return finish(.acknowledge(note: "no upload has this object key")) }
        self.record = record
        let claimable: [UploadState]
        switch record.state {
        case .clean, .rejected, .expired, .deleted:
            return finish(.acknowledge(note: "already \(record.state.rawValue) (duplicate or late event)"))
        case .awaitingUpload, .uploaded:
            claimable = [.awaitingUpload, .uploaded]
        case .scanning:
            let age = now.timeIntervalSince(record.updatedAt)
            let stale = age >= Double(settings.staleScanAfter.components.seconds)
            if !stale, quarantine != nil || clean == nil {
                return finish(
                    .retry(
                        after: settings.backoff.delay(afterAttempt: attempt),
                        note: "another worker is scanning this object"
                    ))
            }
            claimable = [.scanning]
        }
        guard let quarantine else {
            if clean != nil { return finish(.markClean(from: claimable)) }
            return finish(.acknowledge(note: "the object is in neither area (aborted or deleted)"))
        }
        if quarantine.size != record.size {
            let reason = RejectionReason.sizeMismatch(declared: record.size, actual: quarantine.size)
            return finish(rejection(reason, from: claimable, inspection: nil, scannerVersion: nil, now: now))
        }
        phase = .scanning
        return .scan(claimFrom: claimable)
    }

    /// The scanner's verdict, with what the same read learned about the bytes.
    /// - Parameters:
    ///   - verdict: The scanner's verdict.
    ///   - inspection: Size, SHA-256 and first bytes of what was streamed.
    ///   - scannerVersion: The scanner's version string, recorded and tagged.
    ///   - now: When the scan finished.
    public mutating func scanned(
        verdict: ScanVerdict,
        inspection: ObjectInspection,
        scannerVersion: String,
        now: Date
    ) -> Action {
        guard phase == .scanning, let record else { return finish(.acknowledge(note: "no scan in progress")) }
        let version = scannerVersion
        if case .infected(let signature) = verdict {
            return finish(
                rejection(
                    .infected(signature), from: [.scanning], inspection: inspection,
                    scannerVersion: version, now: now))
        }
        guard inspection.complete, let sha256 = inspection.sha256 else {
            return scanFailed("the scanner answered before reading the whole object")
        }
        if inspection.size != record.size {
            let reason = RejectionReason.sizeMismatch(declared: record.size, actual: inspection.size)
            return finish(
                rejection(reason, from: [.scanning], inspection: inspection, scannerVersion: version, now: now))
        }
        if let declared = record.sha256, declared.lowercased() != sha256 {
            return finish(
                rejection(
                    .sha256Mismatch, from: [.scanning], inspection: inspection,
                    scannerVersion: version, now: now))
        }
        let sniffed = FileSniffer.sniff(inspection.head)
        let mismatch = settings.typeCheck.evaluate(
            declared: record.contentType, sniffed: sniffed, tail: inspection.tail)
        if let reason = mismatch {
            return finish(
                rejection(reason, from: [.scanning], inspection: inspection, scannerVersion: version, now: now))
        }
        let scanner: String
        if case .clean(let name) = verdict { scanner = name } else { scanner = "unknown" }
        let result = ScanResultRecord(
            fileId: record.fileId,
            verdict: .clean,
            scanner: scanner,
            scannerVersion: version,
            detectedType: sniffed?.mimeType,
            size: inspection.size,
            sha256: sha256,
            scannedAt: now
        )
        let tags = [
            ScanTags.scan: "clean",
            ScanTags.scanner: ScanTags.value(version),
            ScanTags.scannedAt: ScanTags.timestamp(now),
        ]
        return finish(.promote(tags: tags, result: result))
    }

    /// The scanner could not decide (unreachable, timed out) or the object could not be read.
    /// - Parameter description: What happened, for logs.
    public mutating func scanFailed(_ description: String) -> Action {
        finish(.release(retryAfter: settings.backoff.delay(afterAttempt: attempt), note: description))
    }

    private mutating func finish(_ action: Action) -> Action {
        phase = .finished
        return action
    }

    private func rejection(
        _ reason: RejectionReason,
        from: [UploadState],
        inspection: ObjectInspection?,
        scannerVersion: String?,
        now: Date
    ) -> Action {
        let sniffed = inspection.flatMap { FileSniffer.sniff($0.head) }
        let result = ScanResultRecord(
            fileId: record?.fileId ?? "",
            verdict: .rejected,
            scanner: reason.code == "infected" ? "scanner" : "pipeline",
            scannerVersion: scannerVersion,
            reason: reason.description,
            detectedType: sniffed?.mimeType,
            size: inspection?.size,
            sha256: inspection?.sha256,
            scannedAt: now
        )
        var tags = [
            ScanTags.scan: "rejected",
            ScanTags.reason: reason.code,
            ScanTags.detail: ScanTags.value(reason.detail),
            ScanTags.scannedAt: ScanTags.timestamp(now),
        ]
        if let scannerVersion { tags[ScanTags.scanner] = ScanTags.value(scannerVersion) }
        return .reject(reason, from: from, tags: tags, result: result)
    }
}
