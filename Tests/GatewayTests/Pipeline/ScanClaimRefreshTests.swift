import Foundation
import NIOCore
import Testing

@testable import Gateway

/// A worker keeps the claim of a scan it is running fresh, so a scan longer than the stale time
/// is never taken over while its worker lives, and a claim nobody refreshes is taken over once
/// the stale time has passed.
@Suite("Scan claims kept fresh while a scan runs")
struct ScanClaimRefreshTests {
    /// Holds every scan until ``open()``.
    actor Gate {
        private var isOpen = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func wait() async {
            if isOpen { return }
            await withCheckedContinuation { waiting.append($0) }
        }

        func open() {
            isOpen = true
            waiting.forEach { $0.resume() }
            waiting.removeAll()
        }
    }

    struct ScanNeverStarted: Error {}

    /// The policy scanner, once the gate opens.
    struct GatedScanner: FileScanner {
        let gate: Gate
        let base = PolicyScanner()
        var name: String { base.name }
        var isAntivirus: Bool { false }
        func version() async throws -> String { try await base.version() }
        func scan(_ bytes: AnyAsyncSequence<ByteBuffer>) async throws -> ScanVerdict {
            await gate.wait()
            return try await base.scan(bytes)
        }
    }

    @Test("A scan running past the stale time keeps its claim; a second worker leaves it alone")
    func longScanKeepsItsClaim() async throws {
        let harness = try PipelineHarness.memory()
        let record = try await harness.upload(PipelineFixtures.pdf())
        let gate = Gate()
        let stale = Duration.seconds(2)
        let holder = harness.worker(scanner: GatedScanner(gate: gate), staleScanAfter: stale)
        let other = harness.worker(scanner: PolicyScanner(), staleScanAfter: stale)
        let event = harness.event(for: record)

        try await withThrowingTaskGroup(of: ScanWorker.Settlement.self) { group in
            group.addTask { await holder.handle(event, attempt: 1) }
            let deadline = ContinuousClock.now + .seconds(10)
            while try await harness.state.upload(fileId: record.fileId)?.state != .scanning {
                guard ContinuousClock.now < deadline else { throw ScanNeverStarted() }
                try await Task.sleep(for: .milliseconds(10))
            }
            let claimedAt = try #require(try await harness.state.upload(fileId: record.fileId)?.updatedAt)
            // Longer than the stale time: without refreshes the claim would look abandoned.
            try await Task.sleep(for: .milliseconds(3_500))
            let refreshedAt = try #require(try await harness.state.upload(fileId: record.fileId)?.updatedAt)
            #expect(refreshedAt.timeIntervalSince(claimedAt) >= 1, "refreshed while scanning")
            #expect(Date().timeIntervalSince(refreshedAt) < 2, "fresher than the stale time")

            let second = await other.handle(event, attempt: 1)
            #expect(second != .done, "the second worker waits instead of taking the scan over")
            #expect(try await harness.state.upload(fileId: record.fileId)?.state == .scanning)

            await gate.open()
            #expect(try await group.next() == .done)
        }
        #expect(try await harness.state.upload(fileId: record.fileId)?.state == .clean)
        #expect(try await harness.state.scanResults(fileId: record.fileId).count == 1, "scanned once")
    }

    @Test("A claim nobody refreshes (its worker died) is taken over after the stale time and finished")
    func abandonedClaimTakenOver() async throws {
        let harness = try PipelineHarness.memory()
        let bytes = PipelineFixtures.pdf()
        let abandoned = PipelineFixtures.record(
            size: bytes.count, state: .scanning, updatedAt: Date().addingTimeInterval(-3))
        try await harness.state.createUpload(abandoned)
        try await harness.putObject(abandoned.objectKey, bytes, "application/pdf")
        let worker = harness.worker(scanner: PolicyScanner(), staleScanAfter: .seconds(2))
        #expect(await worker.handle(harness.event(for: abandoned), attempt: 1) == .done)
        #expect(try await harness.state.upload(fileId: abandoned.fileId)?.state == .clean)
    }

    /// The durations a scan asked its event's delivery to stay hidden for.
    actor HiddenRequests {
        private(set) var durations: [Duration] = []
        func record(_ duration: Duration) { durations.append(duration) }
    }

    @Test(
        "The scan's event is kept hidden at its source from the claim on and at each refresh, for the stale time",
        .timeLimit(.minutes(1)))
    func eventKeptHidden() async throws {
        let harness = try PipelineHarness.memory()
        let record = try await harness.upload(PipelineFixtures.pdf())
        let gate = Gate()
        let stale = Duration.seconds(2)
        let worker = harness.worker(scanner: GatedScanner(gate: gate), staleScanAfter: stale)
        let requests = HiddenRequests()
        try await withThrowingTaskGroup(of: ScanWorker.Settlement.self) { group in
            group.addTask {
                await worker.handle(harness.event(for: record), attempt: 1) { await requests.record($0) }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while await requests.durations.count < 3 {
                guard ContinuousClock.now < deadline else {
                    await gate.open()
                    throw ScanNeverStarted()
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            await gate.open()
            #expect(try await group.next() == .done)
        }
        #expect(await requests.durations.allSatisfy { $0 == stale })
        let settled = await requests.durations.count
        try await Task.sleep(for: .seconds(1))
        #expect(await requests.durations.count == settled, "nothing kept hidden once the scan ended")
    }
}
