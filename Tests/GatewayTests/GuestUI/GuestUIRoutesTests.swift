import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

@Suite("Guest UI routes")
struct GuestUIRoutesTests {
    static let connection = GuestUIConfiguration(
        deploymentId: "sandbox-deployment-0000-0000-000000000000", webSocketURL: "ws://127.0.0.1:8081/v1",
        apiURL: "http://127.0.0.1:8081")

    func withApp(
        _ settings: GuestUISettings? = GuestUISettings(connection: connection),
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = GatewayRouter.make(health: HealthMonitor(checks: []), guest: settings)
        try await Application(router: router).test(.router, body)
    }

    func expectGuestHeaders(_ headers: HTTPFields) {
        let csp = headers[.contentSecurityPolicy] ?? ""
        #expect(csp.hasPrefix("default-src 'self';"), "\(csp)")
        #expect(csp.contains("connect-src 'self' ws://127.0.0.1:8081 http://127.0.0.1:8081"), "\(csp)")
        #expect(csp.contains("frame-ancestors 'none'"), "\(csp)")
        #expect(headers[.xContentTypeOptions] == "nosniff")
    }

    @Test("GET / serves index.html with an ETag, no-cache and the guest CSP")
    func page() async throws {
        let index = try #require(GuestUIAssets().index)
        try await withApp { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.eTag] == index.etag)
                #expect(Data(response.body.readableBytesView) == index.data)
                expectGuestHeaders(response.headers)
            }
        }
    }

    @Test("GET /guest.css is CSS; every bundled module is served as JavaScript")
    func files() async throws {
        let assets = GuestUIAssets()
        let modules = assets.paths.filter { $0.hasPrefix("js/") }
        #expect(modules.contains("js/file-types.js"))
        try await withApp { client in
            try await client.execute(uri: "/guest.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                expectGuestHeaders(response.headers)
            }
            for path in modules {
                try await client.execute(uri: "/" + path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == "text/javascript; charset=utf-8", "\(path)")
                    #expect(response.headers[.cacheControl] == "no-cache")
                    #expect(response.headers[.eTag] == assets.files[path]?.etag)
                }
            }
        }
    }

    @Test("A matching If-None-Match is 304 without a body; a stale one gets the file")
    func conditional() async throws {
        let etag = try #require(GuestUIAssets().module(named: "file-types.js")?.etag)
        try await withApp { client in
            try await client.execute(uri: "/js/file-types.js", method: .get, headers: [.ifNoneMatch: etag]) {
                response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == etag)
            }
            try await client.execute(
                uri: "/js/file-types.js", method: .get, headers: [.ifNoneMatch: "\"stale\", W/\(etag)"]
            ) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/js/file-types.js", method: .get, headers: [.ifNoneMatch: "\"stale\""]) {
                response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes > 0)
            }
        }
    }

    @Test(
        "Unknown files and traversal attempts are 404 problems, never a file from elsewhere",
        arguments: [
            "/js/missing.js", "/js/..%2Fopenapi.yaml", "/js/%2e%2e%2fREADME.md", "/js/../openapi.yaml",
            "/js/app.JS", "/js/.hidden.js", "/js/app.js%00.css", "/js/guest.css", "/js/index.html",
            "/js/widget%2Fdom.js", "/js/..%5c..%5cPackage.swift", "/js/", "/guest.js", "/index.html",
        ])
    func notFound(uri: String) async throws {
        try await withApp { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect([.notFound].contains(response.status), "\(uri) → \(response.status)")
                let body = String(buffer: response.body)
                #expect(!body.contains("openapi:") && !body.contains("PackageDescription"), "\(uri)")
                if response.status == .notFound, response.headers[.contentType] == "application/problem+json" {
                    #expect(body.contains(#""type":"https:\/\/attache.dev\/problems\/not-found""#))
                }
            }
        }
    }

    @Test("GET /v1/guest/config is the BRIEF's JSON, briefly cacheable")
    func config() async throws {
        let policy = UploadPolicy(maxFileSize: 50 << 20, partSize: 6 << 20, perGuestQuota: 200 << 20)
        let settings = GuestUISettings(connection: Self.connection, policy: policy)
        try await withApp(settings) { client in
            try await client.execute(uri: "/v1/guest/config", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.cacheControl] == "public, max-age=60")
                expectGuestHeaders(response.headers)
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(json["deploymentId"] as? String == "sandbox-deployment-0000-0000-000000000000")
                #expect(json["webSocketURL"] as? String == "ws://127.0.0.1:8081/v1")
                #expect(json["apiBaseURL"] as? String == "http://127.0.0.1:8081")
                #expect(json["keyword"] as? String == "S3_FILE_UPLOADED")
                #expect(json["fileIdMetadataKey"] as? String == "attacheFileId")
                #expect(json["guestIdAttribute"] as? String == "attacheGuestId")
                let body = try #require(json["policy"] as? [String: Any])
                #expect(
                    Set(body.keys) == ["maxFileSize", "partSize", "allowedTypes", "blockedExtensions", "quotaBytes"])
                #expect(body["maxFileSize"] as? Int == 50 << 20)
                #expect(body["partSize"] as? Int == 6 << 20)
                #expect(body["quotaBytes"] as? Int == 200 << 20)
                let allowed = try #require(body["allowedTypes"] as? [String])
                #expect(
                    allowed.contains("application/pdf") && allowed.contains("audio/*") && allowed.contains("video/*"))
                #expect(!allowed.contains("image/svg+xml"))
                let blocked = try #require(body["blockedExtensions"] as? [String])
                #expect(blocked == blocked.sorted() && blocked.contains("exe") && blocked.contains("svg"))
            }
        }
    }

    @Test("The policy in the configuration is the one the gateway enforces")
    func policyFromConfiguration() throws {
        let configuration = try GatewayConfiguration(
            layers: ConfigurationLayers([
                ConfigurationSource(
                    origin: "test",
                    values: [
                        "ATTACHE_MAX_FILE_SIZE": "20MiB", "ATTACHE_ALLOWED_TYPES": "application/pdf,image/*",
                        "ATTACHE_BLOCKED_EXTENSIONS": "pdfx", "ATTACHE_GUEST_QUOTA": "64MiB",
                        "ATTACHE_PART_SIZE": "5MiB",
                    ])
            ]))
        let policy = GuestUIAPI.Policy(GuestUISettings(configuration: configuration).policy)
        #expect(policy.maxFileSize == 20 << 20)
        #expect(policy.partSize == 5 << 20)
        #expect(policy.quotaBytes == 64 << 20)
        #expect(policy.allowedTypes == ["application/pdf", "image/*"])
        #expect(policy.blockedExtensions.contains("pdfx") && policy.blockedExtensions.contains("exe"))
    }

    @Test(
        "Unconfigured, the config answers 503 naming the variables to set",
        arguments: [
            (GuestUIConfiguration(), "ATTACHE_GUEST_DEPLOYMENT_ID, ATTACHE_GUEST_WEBSOCKET_URL, ATTACHE_GUEST_API_URL"),
            (GuestUIConfiguration(deploymentId: "d", apiURL: "https://api.x"), "Set ATTACHE_GUEST_WEBSOCKET_URL ("),
        ])
    func unconfigured(connection: GuestUIConfiguration, named: String) async throws {
        try await withApp(GuestUISettings(connection: connection)) { client in
            try await client.execute(uri: "/v1/guest/config", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.cacheControl] == "no-store")
                let body = String(buffer: response.body)
                #expect(body.contains(#"problems\/guest-ui-not-configured""#))
                #expect(body.contains(named), "\(body)")
            }
        }
        try await withApp(nil) { client in
            try await client.execute(uri: "/v1/guest/config", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }
}
