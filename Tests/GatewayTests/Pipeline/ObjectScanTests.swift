import Foundation
import Testing

@testable import Gateway

@Suite("The scan of one object")
struct ObjectScanTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_600)
    static let settings = ObjectScan.Settings(
        backoff: RetryBackoff(initial: .seconds(2), maximum: .seconds(30)),
        staleScanAfter: .seconds(300)
    )

    static func machine(for record: UploadRecord, attempt: Int = 1) -> ObjectScan {
        ObjectScan(
            event: ObjectCreatedEvent(key: record.objectKey, size: record.size, etag: nil),
            attempt: attempt,
            settings: settings
        )
    }

    static func head(_ size: Int64) -> StoredObject {
        StoredObject(size: size, etag: "\"e\"", contentType: nil, lastModified: nil)
    }

    static func inspection(_ bytes: [UInt8], complete: Bool = true) -> ObjectInspection {
        return ObjectInspection(
            size: Int64(bytes.count),
            sha256: complete ? sha256Hex(bytes) : nil,
            head: Array(bytes.prefix(8192)),
            complete: complete
        )
    }

    @Test(
        "Events for unknown keys and for files already final are acknowledged without work",
        arguments: [
            UploadState.clean, .rejected, .expired,
        ])
    func finalStates(state: UploadState) {
        let record = PipelineFixtures.record(size: 10, state: state)
        var scan = Self.machine(for: record)
        let action = scan.received(record: record, quarantine: Self.head(10), clean: nil, now: Self.now)
        guard case .acknowledge = action else {
            Issue.record("expected acknowledge, got \(action)")
            return
        }
        var unknown = Self.machine(for: record)
        guard case .acknowledge = unknown.received(record: nil, quarantine: nil, clean: nil, now: Self.now) else {
            Issue.record("expected acknowledge for an unknown key")
            return
        }
    }

    @Test("An uploaded (or just-PUT) object is claimed and scanned")
    func claimAndScan() {
        for state in [UploadState.uploaded, .awaitingUpload] {
            let record = PipelineFixtures.record(size: 10, state: state)
            var scan = Self.machine(for: record)
            let action = scan.received(record: record, quarantine: Self.head(10), clean: nil, now: Self.now)
            #expect(action == .scan(claimFrom: [.awaitingUpload, .uploaded]))
            #expect(scan.phase == .scanning)
        }
    }

    @Test("A fresh scanning state belongs to another worker (retry with backoff); a stale one is taken over")
    func scanningElsewhere() {
        let fresh = PipelineFixtures.record(size: 10, state: .scanning, updatedAt: Self.now.addingTimeInterval(-10))
        var scan = Self.machine(for: fresh, attempt: 3)
        let action = scan.received(record: fresh, quarantine: Self.head(10), clean: nil, now: Self.now)
        #expect(action == .retry(after: .seconds(8), note: "another worker is scanning this object"))

        let stale = PipelineFixtures.record(size: 10, state: .scanning, updatedAt: Self.now.addingTimeInterval(-301))
        var takeover = Self.machine(for: stale)
        #expect(
            takeover.received(record: stale, quarantine: Self.head(10), clean: nil, now: Self.now)
                == .scan(claimFrom: [.scanning]))
    }

    @Test("An object already in clean but not marked (a crash after promotion) is marked clean")
    func interruptedPromotion() {
        let record = PipelineFixtures.record(size: 10, state: .scanning, updatedAt: Self.now)
        var scan = Self.machine(for: record)
        #expect(
            scan.received(record: record, quarantine: nil, clean: Self.head(10), now: Self.now)
                == .markClean(from: [.scanning]))
        let gone = PipelineFixtures.record(size: 10, state: .uploaded)
        var missing = Self.machine(for: gone)
        guard case .acknowledge = missing.received(record: gone, quarantine: nil, clean: nil, now: Self.now) else {
            Issue.record("expected acknowledge for an object in neither area")
            return
        }
    }

    @Test("A stored size different from the declared size is rejected before scanning")
    func sizeMismatchBeforeScan() {
        let record = PipelineFixtures.record(size: 10)
        var scan = Self.machine(for: record)
        let action = scan.received(record: record, quarantine: Self.head(11), clean: nil, now: Self.now)
        guard case .reject(let reason, let from, let tags, _) = action else {
            Issue.record("expected reject, got \(action)")
            return
        }
        #expect(reason.code == "size_mismatch")
        #expect(from == [.awaitingUpload, .uploaded])
        #expect(tags[ScanTags.scan] == "rejected" && tags[ScanTags.reason] == "size_mismatch")
    }

    @Test(
        "After a scan: promote only a clean, complete, matching object",
        arguments: [
            ("clean pdf", ScanVerdict.clean(scanner: "clamd"), PipelineFixtures.pdf(), "application/pdf", nil, nil),
            (
                "infected", .infected(signature: "Eicar-Test-Signature"), PipelineFixtures.pdf(), "application/pdf",
                nil,
                "infected"
            ),
            (
                "elf as pdf", .clean(scanner: "clamd"), PipelineFixtures.elf(), "application/pdf", nil,
                "executable_content"
            ),
            (
                "sha mismatch", .clean(scanner: "clamd"), PipelineFixtures.pdf(), "application/pdf",
                String(repeating: "0", count: 64),
                "sha256_mismatch"
            ),
        ] as [(String, ScanVerdict, [UInt8], String, String?, String?)])
    func afterScan(
        name: String, verdict: ScanVerdict, bytes: [UInt8], declared: String, sha256: String?, rejection: String?
    ) {
        let record = PipelineFixtures.record(contentType: declared, size: bytes.count, sha256: sha256)
        var scan = Self.machine(for: record)
        _ = scan.received(record: record, quarantine: Self.head(Int64(bytes.count)), clean: nil, now: Self.now)
        let action = scan.scanned(
            verdict: verdict,
            inspection: Self.inspection(bytes),
            scannerVersion: "ClamAV 1.4.3/27829/Tue Nov 25 09:32:01 2026",
            now: Self.now
        )
        #expect(scan.phase == .finished)
        switch action {
        case .promote(let tags, let result):
            #expect(rejection == nil, "\(name)")
            #expect(tags[ScanTags.scan] == "clean")
            #expect(tags[ScanTags.scanner] == "ClamAV 1.4.3/27829/Tue Nov 25 09:32:01 2026")
            #expect(tags[ScanTags.scannedAt] == "2027-01-15T08:10:00Z")
            #expect(result.verdict == .clean && result.detectedType == "application/pdf")
            #expect(result.sha256 == sha256Hex(bytes))
        case .reject(let reason, let from, let tags, let result):
            #expect(reason.code == rejection, "\(name)")
            #expect(from == [.scanning])
            #expect(tags[ScanTags.reason] == rejection)
            #expect(result.verdict == .rejected)
        default:
            Issue.record("\(name): unexpected \(action)")
        }
    }

    @Test("A clean answer for a stream not read to its end is a failed scan, never a promotion")
    func incompleteStream() {
        let bytes = PipelineFixtures.pdf()
        let record = PipelineFixtures.record(size: bytes.count)
        var scan = Self.machine(for: record, attempt: 2)
        _ = scan.received(record: record, quarantine: Self.head(Int64(bytes.count)), clean: nil, now: Self.now)
        let action = scan.scanned(
            verdict: .clean(scanner: "x"),
            inspection: Self.inspection(bytes, complete: false),
            scannerVersion: "x",
            now: Self.now
        )
        guard case .release(let delay, _) = action else {
            Issue.record("expected release, got \(action)")
            return
        }
        #expect(delay == .seconds(4))
    }

    @Test("Scanner unavailable releases the object for a retry with exponential, capped backoff")
    func backoff() {
        let record = PipelineFixtures.record(size: 1)
        for (attempt, seconds) in [(1, 2), (2, 4), (3, 8), (5, 30), (40, 30)] {
            var scan = Self.machine(for: record, attempt: attempt)
            _ = scan.received(record: record, quarantine: Self.head(1), clean: nil, now: Self.now)
            #expect(scan.scanFailed("down") == .release(retryAfter: .seconds(seconds), note: "down"))
        }
    }

    @Test("Tag values keep only what S3 accepts")
    func tagValues() {
        #expect(ScanTags.value("ClamAV 1.4.3/27829/Tue Nov") == "ClamAV 1.4.3/27829/Tue Nov")
        #expect(ScanTags.value("a\u{0}b<c>é") == "a_b_c__")
        #expect(ScanTags.value(String(repeating: "x", count: 400)).count == 256)
    }
}

/// Lowercase hex SHA-256, the way the pipeline computes it.
func sha256Hex(_ bytes: [UInt8]) -> String {
    ObjectInspector.sha256Hex(bytes)
}
