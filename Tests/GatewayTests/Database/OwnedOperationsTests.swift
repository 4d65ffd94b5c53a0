import Testing

@testable import Gateway

/// The pieces that let a database operation's caller stop waiting without awaiting the
/// operation: the one-shot result hand-over and the registry owning the operations' tasks.
@Suite("Owned operations and their outcomes")
struct OwnedOperationsTests {
    @Test("A result handed over before or after the caller waits reaches it; only the first counts")
    func handOver() async throws {
        let early = OperationOutcome<Int>()
        early.resolve(.success(1))
        early.resolve(.success(2))
        #expect(try await early.value() == 1)

        let late = OperationOutcome<Int>()
        let waiting = Task { try await late.value() }
        try await Task.sleep(for: .milliseconds(20))
        late.resolve(.failure(UploadStateStoreError.database("gone")))
        await #expect(throws: UploadStateStoreError.self) { try await waiting.value }
    }

    @Test("A cancelled caller stops waiting at once although no result ever comes", .timeLimit(.minutes(1)))
    func cancelledCaller() async throws {
        let outcome = OperationOutcome<Int>()
        let caller = Task { try await outcome.value() }
        try await Task.sleep(for: .milliseconds(20))
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        // A result arriving afterwards goes nowhere.
        outcome.resolve(.success(3))
    }

    @Test("Tasks are held while they run, removed when they end, and cancelled by cancelAll", .timeLimit(.minutes(1)))
    func registry() async throws {
        let operations = OwnedOperations()
        let quick = operations.start {}
        await quick.value
        #expect(operations.count == 0)

        let endless = operations.start {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(operations.count == 1)
        operations.cancelAll()
        await endless.value
        #expect(operations.count == 0)

        let afterClose = operations.start {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
        }
        await afterClose.value  // started cancelled: ends without anyone cancelling it
    }
}
