import Foundation
import Testing

@testable import Gateway

/// The scan worker and the access service record into ``GatewayMetrics``: every scan result,
/// and every link decision by decision, reason and channel.
@Suite("Scan and link metrics")
struct ScanAndLinkMetricsTests {
    @Test("Scans count as clean, rejected or error (scanner unavailable), each with its duration and wait")
    func scanResults() async throws {
        let harness = try PipelineHarness.memory()
        let metrics = GatewayMetrics()
        let outage = OutageScanner(base: PolicyScanner(), down: false)
        let worker = ScanWorker(
            events: harness.events, store: harness.store, state: harness.state, scanner: outage, metrics: metrics)
        let clean = try await harness.upload(PipelineFixtures.pdf())
        let infected = try await harness.upload(PipelineFixtures.eicar)
        let unscanned = try await harness.upload(PipelineFixtures.pdf(), filename: "later.pdf")
        #expect(await worker.handle(Self.event(clean), attempt: 1) == .done)
        #expect(await worker.handle(Self.event(infected), attempt: 1) == .done)
        await outage.setDown(true)
        #expect(await worker.handle(Self.event(unscanned), attempt: 1) != .done)
        #expect(try await harness.state.upload(fileId: unscanned.fileId)?.state == .uploaded)

        let text = PrometheusText(metrics.exposition())
        #expect(text.total("attache_scans_total", ["result": "clean"]) == 1)
        #expect(text.total("attache_scans_total", ["result": "rejected"]) == 1)
        #expect(text.total("attache_scans_total", ["result": "error"]) == 1)
        for result in ["clean", "rejected", "error"] {
            #expect(text.total("attache_scan_duration_seconds_count", ["result": result]) == 1, "\(result)")
            #expect(
                text.total("attache_scan_duration_seconds_bucket", ["result": result, "le": "+Inf"]) == 1, "\(result)")
        }
        #expect(text.total("attache_scan_wait_seconds_count") == 3)
        for record in [clean, infected, unscanned] {
            #expect(!metrics.exposition().contains(record.fileId))
        }
    }

    @Test("Link decisions count by decision, reason and channel; an allowed one is a minted link")
    func linkDecisions() async throws {
        let harness = try AccessHarness()
        let metrics = GatewayMetrics()
        let service = FileAccessService(
            state: harness.state, objects: harness.objects, genesys: harness.genesys, now: harness.clock.closure,
            metrics: metrics)
        let ready = try await harness.upload()
        let scanning = try await harness.upload(state: .scanning)
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent()
        let conversation = harness.conversationId
        let agent = harness.agentId
        _ = try await service.fileLink(conversationId: conversation, agentUserId: agent, fileId: ready.fileId)
        _ = try await service.fileLink(
            conversationId: conversation, agentUserId: agent, fileId: ready.fileId, channel: .widget)
        _ = try await service.fileLink(conversationId: conversation, agentUserId: agent, fileId: scanning.fileId)
        _ = try await service.fileLink(conversationId: conversation, agentUserId: "someone-else", fileId: ready.fileId)
        _ = try await service.fileLink(conversationId: "other", agentUserId: agent, fileId: ready.fileId)

        let text = PrometheusText(metrics.exposition())
        #expect(text.total("attache_links_total", ["decision": "allowed", "reason": "none"]) == 2)
        #expect(text.total("attache_links_total", ["decision": "allowed", "channel": "widget"]) == 1)
        #expect(text.total("attache_links_total", ["decision": "pending", "reason": "not-clean"]) == 1)
        #expect(text.total("attache_links_total", ["decision": "denied", "reason": "agent-not-connected"]) == 1)
        #expect(text.total("attache_links_total", ["decision": "denied", "reason": "other-conversation"]) == 1)
        let exposition = metrics.exposition()
        for value in [ready.fileId, scanning.fileId, conversation, agent, "someone-else"] {
            #expect(!exposition.contains(value))
        }
    }

    static func event(_ record: UploadRecord) -> ObjectCreatedEvent {
        ObjectCreatedEvent(key: record.objectKey, size: record.size, etag: nil)
    }
}
