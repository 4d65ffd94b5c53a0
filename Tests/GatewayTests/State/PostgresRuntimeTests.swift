import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TestSupport
import Testing

@testable import Gateway

/// The gateway selecting the PostgreSQL store from `ATTACHE_DATABASE_URL`: configuration errors,
/// `/healthz`, a ticket stored through the assembled pipeline, and the pool's lifecycle.
@Suite("PostgreSQL selected by ATTACHE_DATABASE_URL")
struct PostgresRuntimeTests {
    static func configuration(database: String, directory: URL) throws -> GatewayConfiguration {
        try GatewayConfiguration(
            layers: ConfigurationLayers([
                .init(
                    origin: "test",
                    values: [
                        "ATTACHE_DATABASE_URL": database,
                        "ATTACHE_STORE": "local:\(directory.path)/objects",
                        "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1",
                    ])
            ]))
    }

    @Test(
        "A postgres:// URL without user, host or database, or with another sslmode, is a configuration error without the password",
        arguments: [
            "postgres://db.example/attache", "postgres://u:pw-secret@/attache", "postgres://u:pw-secret@db",
            "postgresql://u:pw-secret@db/attache?sslmode=verify-full", "postgres://u:pw-secret@db/a?timeout=3",
            "postgres://u:pw-secret@db:70000/attache",
        ])
    func invalidURL(url: String) throws {
        do {
            _ = try DatabaseLocation(parsing: url, origin: "test")
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.code == "config.invalid_value")
            #expect(error.description.contains("ATTACHE_DATABASE_URL"))
            #expect(!error.description.contains("pw-secret"), "\(error)")
        }
    }

    @Test("A valid URL is parsed: user, password, host, port, database and sslmode")
    func validURL() throws {
        let settings = try PostgresConnectionSettings(
            url: "postgresql://att%40che:p%3Ass@db.internal:6543/state?sslmode=require")
        #expect(settings.username == "att@che")
        #expect(settings.password == "p:ss")
        #expect(settings.host == "db.internal")
        #expect(settings.port == 6543)
        #expect(settings.database == "state")
        #expect(settings.tls == .require)
        #expect(!settings.description.contains("p:ss"))
        #expect(!String(reflecting: settings).contains("p:ss"))
        let plain = try PostgresConnectionSettings(url: "postgres://u@localhost/d?sslmode=disable")
        #expect(plain.port == 5432)
        #expect(plain.password == nil)
        #expect(plain.tls == .disable)
        #expect(try PostgresConnectionSettings(url: "postgres://u@localhost/d").tls == .prefer)
    }

    // No elapsed-time assertion (shared, noisy machines): the time limit only guards against a hang.
    @Test("An unreachable server fails the database health check, without the password", .timeLimit(.minutes(1)))
    func unreachable() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-pg-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let configuration = try Self.configuration(
            database: "postgres://attache:pw-secret@127.0.0.1:1/attache?sslmode=disable", directory: directory)
        let runtime = try GatewayRuntime(configuration: configuration, logger: Logger(label: "test.pg"))
        let report = await runtime.health.report()
        let database = try #require(report.checks.first { $0.name == "database" })
        #expect(database.status == .fail)
        #expect(!database.detail.contains("pw-secret"))
        try await runtime.close()
    }

    @Test(
        "The pipeline stores through PostgreSQL: /healthz reports it, a ticket lands in the database, close stops the pool",
        .enabled(if: TestEnvironment.isAvailable(.postgres)))
    func pipeline() async throws {
        let url = try TestEnvironment.require(.postgres)
        // trust authentication ignores the password; it is there to show it is never printed.
        let withPassword = url.replacingOccurrences(of: "://attache@", with: "://attache:pw-secret@")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-pg-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try Self.configuration(database: withPassword, directory: directory)
        let logger = Logger(label: "test.pg")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        #expect(pipeline.state is PostgresUploadStateStore)
        let report = await runtime.health.report()
        let database = try #require(report.checks.first { $0.name == "database" })
        #expect(database.status == .ok, "\(database.detail)")
        #expect(database.detail.contains("PostgreSQL"))
        #expect(!database.detail.contains("pw-secret"))

        let app = Application(router: GatewayRouter.make(health: runtime.health, pipeline: pipeline))
        try await app.test(.router) { client in
            let guest = try await client.postJSON(
                "/v1/guests", ["sessionToken": "session-\(UUID())", "deploymentId": "d"], headers: [:])
            let credential = try #require(guest["credential"] as? String)
            let ticket = try await client.postJSON(
                "/v1/uploads", ["filename": "a.pdf", "size": 10, "contentType": "application/pdf"],
                headers: [.authorization: "Bearer \(credential)"])
            let fileId = try #require(ticket["fileId"] as? String)
            let stored = try #require(try await pipeline.state.upload(fileId: fileId))
            #expect(stored.state == .awaitingUpload)
            #expect(try await pipeline.state.auditEntries(fileId: fileId).map(\.action).contains("upload.ticket"))
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("pw-secret"))
            }
        }
        try await runtime.close()
        let closed = await runtime.health.report()
        #expect(closed.checks.first { $0.name == "database" }?.status == .fail)
    }
}

extension TestClientProtocol {
    /// Posts JSON and decodes a JSON object from the answer.
    fileprivate func postJSON(_ uri: String, _ body: [String: Any], headers: HTTPFields) async throws -> [String: Any] {
        var headers = headers
        headers[.contentType] = "application/json"
        let buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        return try await execute(uri: uri, method: .post, headers: headers, body: buffer) { response in
            let data = Data(response.body.readableBytesView)
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }
}
