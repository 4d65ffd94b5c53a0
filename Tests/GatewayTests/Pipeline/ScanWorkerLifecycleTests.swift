import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@testable import Gateway

@Suite("Scan worker in a ServiceGroup")
struct ScanWorkerLifecycleTests {
    /// A scanner that takes its time, so a scan is in flight when shutdown begins.
    struct SlowScanner: FileScanner {
        let base = PolicyScanner()
        var name: String { base.name }
        var isAntivirus: Bool { false }
        func version() async throws -> String { try await base.version() }
        func scan(_ bytes: AnyAsyncSequence<ByteBuffer>) async throws -> ScanVerdict {
            try await Task.sleep(for: .milliseconds(400))
            return try await base.scan(bytes)
        }
    }

    @Test("Graceful shutdown stops taking events but lets the scan in flight finish")
    func gracefulShutdown() async throws {
        let harness = try PipelineHarness.memory()
        let record = try await harness.upload(PipelineFixtures.pdf())
        let group = ServiceGroup(
            services: [harness.worker(scanner: SlowScanner())],
            gracefulShutdownSignals: [],
            logger: Logger(label: "test.service-group")
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await harness.announce(record)
            let deadline = ContinuousClock.now + .seconds(5)
            while try await harness.state.upload(fileId: record.fileId)?.state != .scanning,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(10))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let final = try #require(try await harness.state.upload(fileId: record.fileId))
        #expect(final.state == .clean)
    }
}
