import Foundation
import Logging
import Testing

@testable import Gateway

/// A scan pipeline wired for a test: a store, a temporary SQLite state store, an event source,
/// and a worker running in the background for the duration of `run`.
struct PipelineHarness: Sendable {
    let store: any ObjectStore
    let events: any ObjectEventSource
    /// Puts bytes into quarantine under a key, as a completed upload would.
    let putObject: @Sendable (_ key: String, _ bytes: [UInt8], _ contentType: String) async throws -> Void
    /// Whether ``putObject`` makes the store announce the object itself (S3 → SQS, local store).
    let storeAnnounces: Bool
    /// Sends one (extra) event for a key.
    let publish: @Sendable (ObjectCreatedEvent) async throws -> Void
    /// Whether no event is waiting or in flight.
    let drained: @Sendable () async throws -> Bool
    /// Ends the event source, when it can be ended.
    let finish: @Sendable () async -> Void
    /// Counts the promotions the worker asks the store for.
    let counter: CountingObjectStore
    let state: GRDBUploadStateStore

    init(
        store: any ObjectStore,
        events: any ObjectEventSource,
        storeAnnounces: Bool,
        putObject: @escaping @Sendable (String, [UInt8], String) async throws -> Void,
        publish: @escaping @Sendable (ObjectCreatedEvent) async throws -> Void,
        drained: @escaping @Sendable () async throws -> Bool,
        finish: @escaping @Sendable () async -> Void
    ) throws {
        counter = CountingObjectStore(base: store)
        self.store = counter
        self.events = events
        self.storeAnnounces = storeAnnounces
        self.putObject = putObject
        self.publish = publish
        self.drained = drained
        self.finish = finish
        state = try makeTemporaryStateStore()
    }

    /// A harness on the in-memory store and an in-process queue.
    static func memory() throws -> PipelineHarness {
        let store = MemoryObjectStore()
        let queue = LocalEventQueue()
        return try PipelineHarness(
            store: store,
            events: queue,
            storeAnnounces: false,
            putObject: { key, bytes, _ in await store.put(key: key, bytes: bytes) },
            publish: { await queue.publish($0) },
            drained: { await queue.pendingCount + queue.inFlightCount == 0 },
            finish: { await queue.finish() }
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

    /// Makes sure an event for the record's object is on its way (the store may have sent it).
    func announce(_ record: UploadRecord) async throws {
        if !storeAnnounces { try await publish(event(for: record)) }
    }

    /// The event the store would emit for a record's object.
    func event(for record: UploadRecord) -> ObjectCreatedEvent {
        ObjectCreatedEvent(key: record.objectKey, size: record.size, etag: nil)
    }

    /// A worker on this harness.
    func worker(
        scanner: any FileScanner,
        concurrency: Int = 4,
        rejectedObjects: ScanWorker.RejectedObjects = .keepTagged,
        backoff: RetryBackoff = RetryBackoff(initial: .milliseconds(100), maximum: .milliseconds(400)),
        staleScanAfter: Duration = .seconds(60)
    ) -> ScanWorker {
        ScanWorker(
            events: events,
            store: store,
            state: state,
            scanner: scanner,
            configuration: ScanWorker.Configuration(
                maxConcurrentScans: concurrency,
                rejectedObjects: rejectedObjects,
                backoff: backoff,
                staleScanAfter: staleScanAfter
            ),
            logger: Logger(label: "test.scan-worker")
        )
    }

    /// Runs `worker` while `body` runs, then ends the source and stops the worker.
    func run(_ worker: ScanWorker, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            do {
                try await body()
            } catch {
                await finish()
                group.cancelAll()
                throw error
            }
            await finish()
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    /// Waits until no event is waiting or in flight (or `timeout` passes).
    func waitUntilDrained(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !drained(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
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
