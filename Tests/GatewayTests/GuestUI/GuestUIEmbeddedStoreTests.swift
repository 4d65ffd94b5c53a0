import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import Gateway

/// With the embedded store, the guest page's uploads go to the gateway's own origin: the
/// presigned URLs are under the public URL the page is served from, the CSP needs nothing more,
/// and the PUT answers carry the `ETag` a script reads (same-origin, so no CORS is involved).
@Suite("Guest UI with the embedded store")
struct GuestUIEmbeddedStoreTests {
    static let publicURL = "https://chat.example.com"

    @Test("Upload URLs are on the page's origin and the PUT answers carry ETag, with no CORS headers")
    func sameOrigin() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-guest-ui-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration.embedded(
            in: directory, origin: "test",
            values: [
                "ATTACHE_PUBLIC_URL": Self.publicURL,
                "ATTACHE_PART_SIZE": "5MiB",
            ])
        let settings = GuestUISettings(configuration: configuration)
        #expect(settings.objectStoreOrigins == [Self.publicURL])
        let logger = Logger(label: "test")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        let router = GatewayRouter.make(health: runtime.health, pipeline: pipeline, guest: settings)
        do {
            try await Application(router: router).test(.router) { client in
                let guest = try await Self.post(
                    client, "/v1/guests", ["sessionToken": "session-token-guest-ui", "deploymentId": "d"], [:])
                let credential = try #require(guest["credential"] as? String)
                let auth: HTTPFields = [.authorization: "Bearer \(credential)"]
                for size in [1_000, 6 << 20] {
                    let ticket = try await Self.post(
                        client, "/v1/uploads",
                        ["filename": "scan.pdf", "size": size, "contentType": "application/pdf"], auth)
                    let requests = Self.signedRequests(ticket)
                    #expect(!requests.isEmpty)
                    for request in requests {
                        let url = try #require(request["url"] as? String)
                        #expect(url.hasPrefix(Self.publicURL + "/v1/objects/"), "\(url)")
                        let components = try #require(URLComponents(string: url))
                        var headers: HTTPFields = [.origin: Self.publicURL]
                        for (key, value) in request["headers"] as? [String: String] ?? [:] {
                            if let name = HTTPField.Name(key), key != "content-length" { headers[name] = value }
                        }
                        let body = ByteBuffer(repeating: 0x25, count: size > 1_000 ? 5 << 20 : size)
                        let path = components.percentEncodedPath + "?" + (components.percentEncodedQuery ?? "")
                        try await client.execute(uri: path, method: .put, headers: headers, body: body) { response in
                            #expect(response.status == .ok)
                            #expect(response.headers[.eTag]?.isEmpty == false)
                            #expect(response.headers[.accessControlAllowOrigin] == nil)
                        }
                        break
                    }
                }
            }
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
    }

    /// The single PUT or the first part URLs of a ticket.
    static func signedRequests(_ ticket: [String: Any]) -> [[String: Any]] {
        if let upload = ticket["upload"] as? [String: Any] {
            if upload["url"] != nil { return [upload] }
            if let parts = upload["parts"] as? [[String: Any]] { return parts }
        }
        return []
    }

    static func post(
        _ client: some TestClientProtocol, _ uri: String, _ body: [String: Any], _ headers: HTTPFields
    ) async throws -> [String: Any] {
        var headers = headers
        headers[.contentType] = "application/json"
        let buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        return try await client.execute(uri: uri, method: .post, headers: headers, body: buffer) { response in
            try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
        }
    }
}
