import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

/// Group commit: callers arriving while a batch is written share the next one; each gets its
/// own result.
@Suite("Group commit")
struct GroupCommitTests {
    /// A flush that records its batches and can hold the first one until released.
    final class RecordingFlush: Sendable {
        let batches = NIOLockedValueBox<[[Int]]>([])
        let gate = AsyncGate()

        func flush(_ items: [Int]) async -> [Result<String, any Error>] {
            let isFirst = batches.withLockedValue { batches in
                batches.append(items)
                return batches.count == 1
            }
            if isFirst { await gate.wait() }
            return items.map { $0 < 0 ? .failure(TestFailure(item: $0)) : .success("item \($0)") }
        }
    }

    struct TestFailure: Error, Equatable {
        let item: Int
    }

    @Test("Callers queued behind a batch in flight are written together in the next one, in arrival order")
    func queuedCallersShareTheNextBatch() async throws {
        let recorder = RecordingFlush()
        let commit = GroupCommit<Int, String> { await recorder.flush($0) }
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            group.addTask { (0, try await commit.submit(0)) }
            try await waitUntil { recorder.batches.withLockedValue { $0.count } == 1 }
            for item in 1...30 {
                group.addTask { (item, try await commit.submit(item)) }
                try await waitUntil { commit.waitingCount == item }
            }
            recorder.gate.open()
            var answers: [Int: String] = [:]
            for try await (item, answer) in group { answers[item] = answer }
            #expect(answers.count == 31)
            for item in 0...30 { #expect(answers[item] == "item \(item)") }
        }
        #expect(recorder.batches.withLockedValue { $0 } == [[0], Array(1...30)])
        #expect(commit.waitingCount == 0)
    }

    @Test("One item's failure is its own: the others in the batch succeed")
    func failuresStayWithTheirItem() async throws {
        let recorder = RecordingFlush()
        let commit = GroupCommit<Int, String> { await recorder.flush($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await commit.submit(0) }
            try await waitUntil { recorder.batches.withLockedValue { $0.count } == 1 }
            for (index, item) in [1, -2, 3].enumerated() {
                group.addTask { () async throws in
                    if item < 0 {
                        await #expect(throws: TestFailure(item: item)) { try await commit.submit(item) }
                    } else {
                        #expect(try await commit.submit(item) == "item \(item)")
                    }
                }
                try await waitUntil { commit.waitingCount == index + 1 }
            }
            recorder.gate.open()
            try await group.waitForAll()
        }
        #expect(recorder.batches.withLockedValue { $0 } == [[0], [1, -2, 3]])
    }

    @Test(
        "A batch takes at most maxBatch items; the rest go in the following one",
        arguments: [
            (10, [[0], [1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]),
            // Exactly maxBatch waiting behind the new leader: one of them must wait again.
            (5, [[0], [1, 2, 3, 4], [5]]),
            (4, [[0], [1, 2, 3, 4]]),
        ])
    func batchesAreBounded(waiting: Int, expected: [[Int]]) async throws {
        let recorder = RecordingFlush()
        let commit = GroupCommit<Int, String>(maxBatch: 4) { await recorder.flush($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await commit.submit(0) }
            try await waitUntil { recorder.batches.withLockedValue { $0.count } == 1 }
            for item in 1...waiting {
                group.addTask { _ = try await commit.submit(item) }
                try await waitUntil { commit.waitingCount == item }
            }
            recorder.gate.open()
            try await group.waitForAll()
        }
        let batches = recorder.batches.withLockedValue { $0 }
        #expect(batches == expected)
    }

    @Test("A flush that answers the wrong number of results fails every item of its batch")
    func brokenFlushFailsTheBatch() async throws {
        let commit = GroupCommit<Int, String> { _ in [] }
        await #expect(throws: GroupCommitError.self) { try await commit.submit(1) }
        // The lead was released: the next caller is not stuck.
        await #expect(throws: GroupCommitError.self) { try await commit.submit(2) }
    }

    @Test("Many concurrent callers: every one answered with its own result, nothing left waiting")
    func manyCallers() async throws {
        let commit = GroupCommit<Int, Int>(maxBatch: 16) { items in
            await Task.yield()
            return items.map { .success($0 * 2) }
        }
        let sum = try await withThrowingTaskGroup(of: Bool.self) { group in
            for item in 0..<2_000 {
                group.addTask { try await commit.submit(item) == item * 2 }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(sum == 2_000)
        #expect(commit.waitingCount == 0)
    }

    /// Polls `condition` (every millisecond, for at most 10 s).
    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not reached in 10 s")
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// A one-shot gate: `wait()` suspends until `open()` (and returns at once afterwards).
final class AsyncGate: Sendable {
    private let state = NIOLockedValueBox<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLockedValue { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLockedValue { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
