import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

/// The per-guest quota holds under concurrency: the total and the insert happen in one
/// transaction, so tickets requested at the same time cannot together exceed it.
@Suite("Per-guest quota under concurrent ticket requests")
struct QuotaRaceTests {
    @Test("Twenty concurrent ticket requests of 30 bytes under a 100-byte quota: exactly three admitted")
    func concurrentTickets() async throws {
        let harness = try UploadRoutesHarness(
            policy: UploadPolicy(perGuestQuota: 100),
            options: UploadRoutes.Options(
                guestLimiter: RateLimiter(capacity: 1_000, refillPerSecond: 1_000),
                addressLimiter: RateLimiter(capacity: 1_000, refillPerSecond: 1_000)
            )
        )
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await client.call(
                            "/v1/uploads", .post, auth: auth,
                            body: ["filename": "part-\(index).pdf", "size": 30, "contentType": "application/pdf"]
                        ) { response in (response.status, response.problemSlug) }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == .created }.count == 3)
            #expect(statuses.filter { $0.0 == .forbidden && $0.1 == "quota-exceeded" }.count == 17)
        }
        let audit = try await harness.state.auditEntries(fileId: nil)
        #expect(audit.filter { $0.action == "upload.ticket" }.count == 3)
        let guestIds = Set(audit.compactMap { $0.actor.hasPrefix("guest:") ? String($0.actor.dropFirst(6)) : nil })
        let guestId = try #require(guestIds.first)
        let live = try await harness.state.totalSize(guestId: guestId, states: UploadService.quotaStates)
        #expect(live == 90)
    }

    @Test("The store refuses atomically: concurrent quota-checked inserts never pass the quota")
    func storeLevel() async throws {
        let store = try makeTemporaryStateStore()
        let admissions = try await withThrowingTaskGroup(of: QuotaAdmission.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    var record = PipelineFixtures.record(size: 10, state: .awaitingUpload)
                    record.guestId = "guest-quota"
                    return try await store.createUpload(
                        record, audit: nil, withinQuota: 105, countedStates: UploadService.quotaStates)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(admissions.filter { $0 == .admitted }.count == 10)
        #expect(try await store.totalSize(guestId: "guest-quota", states: UploadService.quotaStates) == 100)
        #expect(admissions.contains(.refused(usedBytes: 100)))
    }
}
