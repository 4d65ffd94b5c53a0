import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import Gateway

/// The whole development pipeline as `attache dev` assembles it from configuration: guest
/// credential, ticket, upload to the embedded store's signed URL, completion, scan, promotion.
@Suite("Gateway pipeline assembled from configuration")
struct GatewayPipelineTests {
    @Test("In dev mode a clean PDF ends clean and the EICAR test file ends rejected")
    func devModeEndToEnd() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-pipeline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration.embedded(
            in: directory, origin: "test",
            values: [
                "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1"
            ])
        let logger = Logger(label: "test")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        let app = Application(router: GatewayRouter.make(health: runtime.health, pipeline: pipeline))
        let eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pipeline.worker.run() }
            try await app.test(.router) { client in
                let guest = try await client.json(
                    "/v1/guests", ["sessionToken": "session-token-1234", "deploymentId": "d"], headers: [:])
                let credential = try #require(guest["credential"] as? String)
                let auth: HTTPFields = [.authorization: "Bearer \(credential)"]
                let cases: [(String, String, String)] = [
                    ("report.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "clean"),
                    ("invoice.pdf", eicar, "rejected"),
                ]
                for (name, body, expected) in cases {
                    let ticket = try await client.json(
                        "/v1/uploads", ["filename": name, "size": body.utf8.count, "contentType": "application/pdf"],
                        headers: auth)
                    let fileId = try #require(ticket["fileId"] as? String)
                    let upload = try #require(ticket["upload"] as? [String: Any])
                    let urlText = try #require(upload["url"] as? String)
                    let url = try #require(URLComponents(string: urlText))
                    var putHeaders = HTTPFields()
                    for (key, value) in upload["headers"] as? [String: String] ?? [:] {
                        if let name = HTTPField.Name(key) { putHeaders[name] = value }
                    }
                    let path = url.percentEncodedPath + "?" + (url.percentEncodedQuery ?? "")
                    try await client.execute(
                        uri: path, method: .put, headers: putHeaders, body: ByteBuffer(string: body)
                    ) { response in #expect(response.status == .ok) }
                    _ = try await client.json("/v1/uploads/\(fileId)/complete", ["parts": [Any]()], headers: auth)
                    var state = ""
                    for _ in 0..<100 {
                        let status = try await client.json("/v1/uploads/\(fileId)", nil, headers: auth)
                        state = status["state"] as? String ?? ""
                        if state == "clean" || state == "rejected" { break }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    #expect(state == expected, "\(name)")
                    let inClean = try await pipeline.objects.head(.clean, key: "uploads/\(fileId)")
                    #expect((inClean != nil) == (expected == "clean"), "\(name) in the clean area")
                }
            }
            group.cancelAll()
        }
        try await runtime.close()
    }

    @Test("The embedded store with ATTACHE_PORT=0 and no ATTACHE_PUBLIC_URL is refused with the fix named")
    func embeddedStoreNeedsAKnownAddress() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-pipeline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "test")
        let unknown = try GatewayConfiguration.embedded(in: directory, origin: "test", values: ["ATTACHE_PORT": "0"])
        let runtime = try GatewayRuntime(configuration: unknown, logger: logger)
        #expect {
            _ = try GatewayPipeline(runtime: runtime, logger: logger)
        } throws: { error in
            "\(error)".contains("ATTACHE_PUBLIC_URL") && "\(error)".contains("ATTACHE_PORT=0")
        }
        try await runtime.close()
        let known = try GatewayConfiguration.embedded(
            in: directory, origin: "test", values: ["ATTACHE_PORT": "0", "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1"])
        let knownRuntime = try GatewayRuntime(configuration: known, logger: logger)
        let pipeline = try GatewayPipeline(runtime: knownRuntime, logger: logger)
        #expect(pipeline.localStore?.publicBaseURL == "http://127.0.0.1:1")
        try await knownRuntime.close()
    }
}

extension TestClientProtocol {
    /// Sends JSON (POST) or nothing (GET) and decodes a JSON object from the answer.
    fileprivate func json(_ uri: String, _ body: [String: Any]?, headers: HTTPFields) async throws -> [String: Any] {
        var headers = headers
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        }
        return try await execute(uri: uri, method: body == nil ? .get : .post, headers: headers, body: buffer) {
            response in
            let data = Data(response.body.readableBytesView)
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }
}
