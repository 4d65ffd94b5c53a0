import Foundation
import Testing

@testable import Gateway

/// While the scanner is down the worker takes no new events (each would only spend a delivery:
/// with SQS, one of its receives toward the dead-letter queue); it probes the scanner and takes
/// events again once it answers.
@Suite("Scan worker: no intake while the scanner is down")
struct ScanWorkerOutageIntakeTests {
    @Test("Events published during an outage wait at the source; after it, every file is promoted")
    func eventsWaitDuringOutage() async throws {
        let harness = try PipelineHarness.memory()
        let queue = try #require(harness.events as? LocalEventQueue)
        let outage = OutageScanner(base: PolicyScanner(), down: true)
        let first = try await harness.upload(PipelineFixtures.pdf())
        try await harness.run(harness.worker(scanner: outage)) {
            try await harness.announce(first)
            try await Self.waitUntil("the first scan was refused") { await outage.refusals >= 1 }
            var later: [UploadRecord] = []
            for _ in 0..<5 {
                let created = try await harness.upload(PipelineFixtures.pdf())
                // As stored (the database keeps milliseconds), before its event is published.
                let record = try #require(try await harness.state.upload(fileId: created.fileId))
                try await harness.announce(record)
                later.append(record)
            }
            // The probes go on (on the worker's backoff) while the events wait.
            let refusals = await outage.refusals
            try await Self.waitUntil("the scanner was probed three more times") {
                await outage.refusals >= refusals + 3
            }
            // A taken event claims its upload (`scanning`) and hands it back (`uploaded`), which
            // moves the row's `updated_at`; an event left at the source leaves the row as stored.
            // At most one can have been taken between the first refusal and the pause (the
            // worker may already have been waiting for it).
            var touched = 0
            for record in later {
                let now = try #require(try await harness.state.upload(fileId: record.fileId))
                #expect(now.state == .uploaded)
                if now.updatedAt != record.updatedAt { touched += 1 }
            }
            #expect(touched <= 1, "uploads claimed by the worker during the outage: \(touched)")
            #expect(await queue.inFlightCount <= 1)
            await outage.setDown(false)
            for record in [first] + later {
                #expect(try await harness.waitForFinalState(record.fileId).state == .clean)
            }
        }
        #expect(harness.counter.promotions == 6)
    }

    /// Polls `condition` every 10 ms for at most 60 s (a hang guard, not a speed check).
    static func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("not reached in 60 s: \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
