import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import Gateway

@Suite("Abandoned-upload recovery in a ServiceGroup")
struct AbandonedUploadRecoveryLifecycleTests {
    @Test("The service posts on its own schedule; a graceful shutdown lets the post in flight finish")
    func gracefulShutdown() async throws {
        let database = RecoveryTestDatabase()
        defer { database.remove() }
        let store = try database.open()
        let cleanAt = Date().addingTimeInterval(-10)
        for _ in 0..<3 {
            try await RecoveryTestDatabase.cleanUpload(in: store, cleanAt: cleanAt, conversationId: "c")
        }
        let genesys = RecordingGenesys(delay: .milliseconds(300))
        let recovery = AbandonedUploadRecovery(
            store: store, genesys: genesys,
            configuration: RecoveryConfiguration(grace: .zero, interval: .milliseconds(20)))
        let group = ServiceGroup(
            services: [recovery], gracefulShutdownSignals: [], logger: Logger(label: "test.recovery-group"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while await genesys.attempts == 0 {
                try await Task.sleep(for: .milliseconds(5))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // The first post was in flight at shutdown: it finished and was recorded; no other began.
        #expect(await genesys.attempts == 1)
        let sent = try #require(await genesys.sent.first?.metadata["attacheFileId"])
        #expect(try await store.recoveryClaim(fileId: sent)?.postedAt != nil)
        let notices = try await store.auditEntries(fileId: nil).filter { $0.action == "recovery.notice" }
        #expect(notices.count == 1)
    }
}
