import Foundation

@testable import Gateway

/// A ``GenesysPlatform`` that records the messages posted and fails the first `failures` posts.
actor RecordingGenesys: GenesysPlatform {
    struct Sent: Sendable, Equatable {
        var conversationId: String
        var text: String
        var metadata: [String: String]
    }

    private(set) var sent: [Sent] = []
    private(set) var attempts = 0
    private var failures: Int
    private var unknownOutcomes: Int
    private let delay: Duration

    /// - Parameters:
    ///   - failures: posts refused with a 503 (certainly not posted).
    ///   - unknownOutcomes: posts that "time out" after Genesys may have taken them.
    init(failures: Int = 0, unknownOutcomes: Int = 0, delay: Duration = .zero) {
        self.failures = failures
        self.unknownOutcomes = unknownOutcomes
        self.delay = delay
    }

    func conversation(id: String) async throws -> GenesysConversation? {
        nil
    }

    func sendMessage(conversationId: String, text: String, metadata: [String: String]) async throws {
        attempts += 1
        if delay > .zero { try await Task.sleep(for: delay) }
        if failures > 0 {
            failures -= 1
            throw GenesysPlatformError(status: 503, message: "service unavailable")
        }
        if unknownOutcomes > 0 {
            unknownOutcomes -= 1
            throw GenesysPlatformError(status: nil, message: "no answer", outcomeUnknown: true)
        }
        sent.append(Sent(conversationId: conversationId, text: text, metadata: metadata))
    }

    func userId(forUserToken token: String) async throws -> String? {
        nil
    }

    func setFailures(_ count: Int) {
        failures = count
    }
}

/// A clock tests move by hand.
final class RecoveryTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date

    init(_ start: Date) {
        date = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return date
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        defer { lock.unlock() }
        date = date.addingTimeInterval(seconds)
    }
}

/// A temporary SQLite state database that several store instances (replicas) can open.
struct RecoveryTestDatabase {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("attache-recovery-\(UUID().uuidString)")
        .appendingPathComponent("state.sqlite").path

    func open() throws -> GRDBUploadStateStore {
        try GRDBUploadStateStore(database: StateDatabase(location: .sqlite(path: path)))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    /// A clean upload that became clean at `cleanAt`, optionally with its guest bound to a
    /// conversation.
    @discardableResult
    static func cleanUpload(
        in store: any StoreUnderTest,
        guestId: String = "guest-\(UUID().uuidString.prefix(8))",
        filename: String = "report.pdf",
        cleanAt: Date,
        conversationId: String?
    ) async throws -> UploadRecord {
        let record = UploadRecord(
            fileId: UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
            guestId: guestId, filename: filename, contentType: "application/pdf", size: 2_048, state: .clean,
            detectedType: "application/pdf", createdAt: cleanAt.addingTimeInterval(-5), updatedAt: cleanAt)
        try await store.createUpload(record)
        try await store.recordScanResult(
            ScanResultRecord(fileId: record.fileId, verdict: .clean, scanner: "policy", scannedAt: cleanAt))
        if let conversationId {
            try await store.bindConversation(guestId: guestId, conversationId: conversationId, at: cleanAt)
        }
        return record
    }
}
