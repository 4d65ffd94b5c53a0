import HTTPTypes
import Testing

@testable import Gateway

@Suite("Guest UI Content-Security-Policy")
struct GuestUISecurityHeadersTests {
    static let connection = GuestUIConfiguration(
        deploymentId: "d", webSocketURL: "wss://webmessaging.mypurecloud.com/v1", apiURL: "https://api.mypurecloud.com")

    func directives(_ policy: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for directive in policy.split(separator: ";") {
            let words = directive.split(separator: " ").map(String.init)
            guard let name = words.first else { continue }
            result[name] = Array(words.dropFirst())
        }
        return result
    }

    @Test("S3: the page may connect to itself, the WebSocket, the API and the quarantine bucket, nothing else")
    func s3() throws {
        let configuration = try GatewayConfiguration(
            layers: ConfigurationLayers([
                ConfigurationSource(
                    origin: "test",
                    values: [
                        "ATTACHE_STORE": "s3", "ATTACHE_QUARANTINE_BUCKET": "acme-quarantine",
                        "ATTACHE_CLEAN_BUCKET": "acme-clean", "AWS_REGION": "eu-west-1",
                        "ATTACHE_GUEST_DEPLOYMENT_ID": "d",
                        "ATTACHE_GUEST_WEBSOCKET_URL": "wss://webmessaging.mypurecloud.ie/v1",
                        "ATTACHE_GUEST_API_URL": "https://api.mypurecloud.ie",
                    ])
            ]))
        let settings = GuestUISettings(configuration: configuration)
        let fields = GuestUISecurityHeaders.fields(settings: settings)
        let csp = directives(try #require(fields[.contentSecurityPolicy]))
        #expect(csp["default-src"] == ["'self'"])
        #expect(csp["script-src"] == ["'self'"])
        #expect(csp["style-src"] == ["'self'"])
        #expect(
            csp["connect-src"] == [
                "'self'", "wss://webmessaging.mypurecloud.ie", "https://api.mypurecloud.ie",
                "https://acme-quarantine.s3.eu-west-1.amazonaws.com", "https://s3.eu-west-1.amazonaws.com",
            ])
        #expect(
            csp["img-src"] == [
                "'self'", "blob:", "data:", "https://api.mypurecloud.ie", "https://api-downloads.mypurecloud.ie",
            ])
        #expect(csp["media-src"] == csp["img-src"])
        #expect(csp["frame-ancestors"] == ["'none'"])
        #expect(csp["object-src"] == ["'none'"])
        #expect(csp["base-uri"] == ["'none'"])
        #expect(fields[.xContentTypeOptions] == "nosniff")
        #expect(fields[WidgetSecurityHeaders.referrerPolicy] == "no-referrer")
    }

    @Test("A custom S3 endpoint (moto, MinIO) is the object store origin; the sandbox serves attachments itself")
    func customEndpointAndSandbox() throws {
        let configuration = try GatewayConfiguration(
            layers: ConfigurationLayers([
                ConfigurationSource(
                    origin: "test",
                    values: [
                        "ATTACHE_STORE": "s3", "ATTACHE_QUARANTINE_BUCKET": "q", "ATTACHE_CLEAN_BUCKET": "c",
                        "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:5000",
                        "ATTACHE_GUEST_DEPLOYMENT_ID": "d", "ATTACHE_GUEST_WEBSOCKET_URL": "ws://127.0.0.1:8081/v1",
                        "ATTACHE_GUEST_API_URL": "http://127.0.0.1:8081",
                    ])
            ]))
        let settings = GuestUISettings(configuration: configuration)
        #expect(settings.connectOrigins == ["ws://127.0.0.1:8081", "http://127.0.0.1:8081", "http://127.0.0.1:5000"])
        #expect(settings.attachmentOrigins == ["http://127.0.0.1:8081"])
    }

    @Test("The embedded store is the gateway's own origin")
    func embeddedStore() throws {
        let configuration = try GatewayConfiguration(
            layers: ConfigurationLayers([
                ConfigurationSource(origin: "test", values: ["ATTACHE_PUBLIC_URL": "https://files.example.com"])
            ]))
        #expect(GuestUISettings(configuration: configuration).objectStoreOrigins == ["https://files.example.com"])
    }

    @Test("Unconfigured: only the gateway itself")
    func unconfigured() {
        let policy = GuestUISecurityHeaders.contentSecurityPolicy(connectOrigins: [], mediaOrigins: [])
        #expect(directives(policy)["connect-src"] == ["'self'"])
        #expect(directives(policy)["img-src"] == ["'self'", "blob:", "data:"])
    }

    @Test("A value that would break out of the policy is dropped")
    func injection() {
        let policy = GuestUISecurityHeaders.contentSecurityPolicy(
            connectOrigins: ["https://ok.example", "https://x.example; script-src *", "'unsafe-inline'"],
            mediaOrigins: ["https://a.example 'unsafe-eval'"])
        #expect(directives(policy)["connect-src"] == ["'self'", "https://ok.example"])
        #expect(directives(policy)["img-src"] == ["'self'", "blob:", "data:"])
        #expect(!policy.contains("unsafe"))
    }
}
