import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Gateway

/// The assembled gateway (`attache dev`): the pipeline's sweeper takes the configured periods,
/// and erasure works through the real router and decorated state store.
@Suite("Retention wiring in the assembled gateway")
struct RetentionWiringTests {
    @Test("The pipeline's sweeper uses ATTACHE_RETENTION_*; DELETE /v1/files erases through the real stack")
    func assembled() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-retention-wiring-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration.embedded(
            in: directory, origin: "test",
            values: ["ATTACHE_PUBLIC_URL": "http://127.0.0.1:1", "ATTACHE_RETENTION_CLEAN_DAYS": "3"])
        let logger = Logger(label: "test.retention")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        #expect(pipeline.retention.configuration.cleanDays == 3)
        #expect(pipeline.retention.configuration == configuration.retention)
        let app = Application(router: GatewayRouter.make(health: runtime.health, pipeline: pipeline))
        do {
            try await app.test(.router) { client in
                let auth = try await client.guest()
                let ticket = try await client.ticket(auth: auth, size: 3)
                try await client.call("/v1/files/\(ticket.fileId)", .delete, auth: auth) { response in
                    #expect(response.status == .noContent)
                }
                let status = try await client.call("/v1/uploads/\(ticket.fileId)", .get, auth: auth) { response in
                    try response.decode(UploadAPI.StatusResponse.self)
                }
                #expect(status.state == .deleted)
                let erased = try await pipeline.state.auditEntries(fileId: ticket.fileId).map(\.action)
                #expect(erased.contains("file.erased"))
            }
        } catch {
            try await runtime.close()
            throw error
        }
        try await runtime.close()
    }
}
