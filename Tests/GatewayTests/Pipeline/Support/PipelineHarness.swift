import Foundation
import Logging
import Testing

@testable import Gateway

/// A scan pipeline wired for a test: a store, a temporary SQLite state store, an in-process
/// event queue, and a worker running in the background for the duration of `run`.
struct PipelineHarness: Sendable {
    let store: any ObjectStore
    /// Puts bytes into quarantine under a key, as a completed upload would.
    let putObject: @Sendable (_ key: String, _ bytes: [UInt8], _ contentType: String) async throws -> Void
    /// The number of promotions the store performed, when it can count them.
    let promotionCount: @Sendable () async -> Int?
    let state: GRDBUploadStateStore
    let queue: LocalEventQueue

    init(
        store: any ObjectStore,
        queue: LocalEventQueue = LocalEventQueue(),
        putObject: @escaping @Sendable (String, [UInt8], String) async throws -> Void,
        promotionCount: @escaping @Sendable () async -> Int? = { nil }
    ) throws {
        self.store = store
        self.queue = queue
        self.putObject = putObject
        self.promotionCount = promotionCount
        state = try makeTemporaryStateStore()
    }

    /// A harness on the in-memory store.
    static func memory() throws -> PipelineHarness {
        let store = MemoryObjectStore()
        return try PipelineHarness(
            store: store,
            putObject: { key, bytes, _ in await store.put(key: key, bytes: bytes) },
            promotionCount: { await store.promotions }
        )
    }

    /// Creates the upload record and the object in quarantine; returns the record.
    func upload(
        _ bytes: [UInt8],
        filename: String = "invoice.pdf",
        contentType: String = "application/pdf",
        sha256: String? = nil
    ) async throws -> UploadRecord {
        let record = PipelineFixtures.record(
            filename: filename,
            contentType: contentType,
            size: bytes.count,
            sha256: sha256,
            state: .uploaded,
            updatedAt: Date()
        )
        try await state.createUpload(record)
        try await putObject(record.objectKey, bytes, contentType)
        return record
    }

    /// The event the store would emit for a record's object.
    func event(for record: UploadRecord) -> ObjectCreatedEvent {
        ObjectCreatedEvent(key: record.objectKey, size: record.size, etag: nil)
    }

    /// A worker on this harness.
    func worker(scanner: any FileScanner, concurrency: Int = 4) -> ScanWorker {
        ScanWorker(
            events: queue,
            store: store,
            state: state,
            scanner: scanner,
            configuration: ScanWorker.Configuration(
                maxConcurrentScans: concurrency,
                backoff: RetryBackoff(initial: .milliseconds(100), maximum: .milliseconds(400)),
                staleScanAfter: .seconds(60)
            ),
            logger: Logger(label: "test.scan-worker")
        )
    }

    /// Runs `worker` while `body` runs, then finishes the queue and waits for the worker.
    func run(_ worker: ScanWorker, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            do {
                try await body()
            } catch {
                await queue.finish()
                try await group.waitForAll()
                throw error
            }
            await queue.finish()
            try await group.waitForAll()
        }
    }

    /// Waits until the upload is in a final state (or `timeout` passes) and returns it.
    func waitForFinalState(_ fileId: String, timeout: Duration = .seconds(30)) async throws -> UploadRecord {
        let deadline = ContinuousClock.now + timeout
        while true {
            let record = try #require(try await state.upload(fileId: fileId))
            if record.state.isFinal || ContinuousClock.now >= deadline { return record }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
