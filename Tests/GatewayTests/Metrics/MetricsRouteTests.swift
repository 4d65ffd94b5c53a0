import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import Gateway

/// `GET /metrics` after real traffic through the development pipeline (embedded store,
/// built-in scanner): the named series are there with sane values, and no label carries an id.
@Suite("Prometheus metrics at /metrics")
struct MetricsRouteTests {
    /// What the traffic left behind.
    struct Observed: Sendable {
        var fileId: String
        var credential: String
        var exposition: String
        var contentType: String?
    }

    @Test("After a ticket, an upload and a scan, /metrics has the request, upload, scan and link series")
    func exposesTheNamedSeries() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration.embedded(
            in: directory, origin: "test",
            values: [
                "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1"
            ])
        let logger = Logger(label: "test.metrics")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        let app = Application(router: GatewayRouter.make(health: runtime.health, pipeline: pipeline))
        let filename = "quarterly-report.pdf"
        let body = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        let observed = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pipeline.worker.run() }
            defer { group.cancelAll() }
            return try await app.test(.router) { client in
                let guest = try await client.json(
                    "/v1/guests", ["sessionToken": "session-token-metrics", "deploymentId": "d"], headers: [:])
                let credential = try #require(guest["credential"] as? String)
                let auth: HTTPFields = [.authorization: "Bearer \(credential)"]
                let ticket = try await client.json(
                    "/v1/uploads", ["filename": filename, "size": body.utf8.count, "contentType": "application/pdf"],
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
                try await client.execute(uri: path, method: .put, headers: putHeaders, body: ByteBuffer(string: body)) {
                    #expect($0.status == .ok)
                }
                _ = try await client.json("/v1/uploads/\(fileId)/complete", ["parts": [Any]()], headers: auth)
                var state = ""
                for _ in 0..<200 where state != "clean" && state != "rejected" {
                    try await Task.sleep(for: .milliseconds(50))
                    state = try await client.json("/v1/uploads/\(fileId)", nil, headers: auth)["state"] as? String ?? ""
                }
                #expect(state == "clean")
                // A link decision (no Genesys configured here: denied) and a request for an unknown path.
                _ = try await pipeline.access.fileLink(conversationId: "conv-1", agentUserId: "agent-1", fileId: fileId)
                _ = try await pipeline.access.fileLink(conversationId: "conv-1", agentUserId: "agent-1", fileId: "nope")
                try await client.execute(uri: "/no/such/path/\(fileId)", method: .get) { _ in }
                try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
                return try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    return Observed(
                        fileId: fileId, credential: credential, exposition: String(buffer: response.body),
                        contentType: response.headers[.contentType])
                }
            }
        }
        try await runtime.close()
        let (fileId, credential, exposition) = (observed.fileId, observed.credential, observed.exposition)

        #expect(observed.contentType == "text/plain; version=0.0.4; charset=utf-8")
        let text = PrometheusText(exposition)
        // Requests, by route pattern (the concrete path holds the file id), method and status.
        #expect(text.types["attache_http_requests_total"] == "counter")
        #expect(text.types["attache_http_request_duration_seconds"] == "histogram")
        #expect(
            text.total("attache_http_requests_total", ["method": "POST", "status": "201", "route": "/v1/uploads"]) >= 1)
        let statusRoutes = Set(
            text.samples("attache_http_requests_total", ["method": "GET"]).map { $0.labels["route"] ?? "" })
        #expect(statusRoutes.contains { $0.hasPrefix("/v1/uploads/") && !$0.contains(fileId) })
        #expect(text.total("attache_http_requests_total", ["route": "unmatched", "status": "404"]) == 1)
        let buckets = text.samples("attache_http_request_duration_seconds_bucket", ["route": "/v1/uploads"])
        #expect(buckets.count > 5)
        #expect(buckets.first { $0.labels["le"] == "+Inf" }?.value ?? 0 >= 1)
        #expect(text.total("attache_http_request_duration_seconds_count", ["route": "/v1/uploads"]) >= 1)
        #expect(text.total("attache_http_request_duration_seconds_sum", ["route": "/v1/uploads"]) > 0)
        // Uploads by the state they entered.
        // `uploaded` is skipped when the scan worker claims the object before the complete call
        // lands (the embedded store announces the object as soon as it is written).
        for state in ["awaiting_upload", "scanning", "clean"] {
            #expect(text.total("attache_upload_transitions_total", ["state": state]) >= 1, "\(state)")
        }
        #expect(text.total("attache_upload_transitions_total", ["state": "uploaded"]) <= 1)
        // The scan: one clean result, its duration, and the wait before it.
        #expect(text.total("attache_scans_total", ["result": "clean"]) == 1)
        #expect(text.total("attache_scan_duration_seconds_count", ["result": "clean"]) == 1)
        #expect(text.total("attache_scan_duration_seconds_bucket", ["result": "clean", "le": "+Inf"]) == 1)
        #expect(text.total("attache_scan_wait_seconds_count") == 1)
        // Link decisions by decision and reason, never by file or conversation.
        #expect(text.total("attache_links_total", ["decision": "denied", "reason": "unknown-file"]) == 1)
        #expect(text.total("attache_links_total", ["decision": "denied"]) == 2)
        #expect(text.total("attache_links_total", ["decision": "allowed"]) == 0)
        // Dependencies, refreshed by /readyz.
        for dependency in ["objectStore", "queue", "scanner", "database"] {
            #expect(text.total("attache_dependency_up", ["dependency": dependency]) == 1, "\(dependency)")
        }
        // Bounded labels: no id, filename, conversation, user or credential anywhere.
        for secret in [fileId, filename, "conv-1", "agent-1", credential, "session-token-metrics"] {
            #expect(!exposition.contains(secret), "the exposition names \(secret)")
        }
        let labelNames = Set(text.samples.flatMap(\.labels.keys))
        #expect(
            labelNames.isSubset(of: [
                "route", "method", "status", "le", "state", "result", "decision", "reason", "channel", "dependency",
            ]))
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
            try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
        }
    }
}
