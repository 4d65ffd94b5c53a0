import Foundation
import HTTPTypes
import Testing

@testable import Gateway

@Suite("Widget security headers")
struct WidgetSecurityHeadersTests {
    @Test("The CSP allows nothing by default, scripts and styles from the gateway, previews from the store")
    func policy() {
        let csp = WidgetSecurityHeaders.contentSecurityPolicy(
            mediaOrigins: ["https://clean.s3.eu-west-1.amazonaws.com"],
            frameAncestors: ["https://apps.mypurecloud.ie", "http://127.0.0.1:8081"])
        let directives = Dictionary(
            uniqueKeysWithValues: csp.split(separator: ";").map { part -> (String, String) in
                let words = part.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
                return (String(words[0]), words.count > 1 ? String(words[1]) : "")
            })
        #expect(directives["default-src"] == "'none'")
        #expect(directives["script-src"] == "'self'")
        #expect(directives["style-src"] == "'self'")
        #expect(directives["connect-src"] == "'self'")
        for name in ["img-src", "media-src", "frame-src"] {
            #expect(directives[name] == "'self' https://clean.s3.eu-west-1.amazonaws.com")
        }
        #expect(directives["frame-ancestors"] == "https://apps.mypurecloud.ie http://127.0.0.1:8081")
        #expect(directives["base-uri"] == "'none'")
        #expect(!csp.contains("unsafe"))
    }

    @Test("Sources that would break the policy are dropped; no ancestors means 'none'")
    func injection() {
        let csp = WidgetSecurityHeaders.contentSecurityPolicy(
            mediaOrigins: ["https://ok.example", "https://x; script-src *"],
            frameAncestors: ["'unsafe-inline'"])
        #expect(!csp.contains("script-src *"))
        #expect(csp.contains("frame-ancestors 'none'"))
        #expect(csp.contains("img-src 'self' https://ok.example;"))
    }

    @Test("Every widget response header is set")
    func fields() {
        let fields = WidgetSecurityHeaders.fields(settings: WidgetSettings())
        #expect(fields[.cacheControl] == "no-store")
        #expect(fields[.xContentTypeOptions] == "nosniff")
        #expect(fields[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
        #expect(fields[.contentSecurityPolicy]?.contains("frame-ancestors https://*.mypurecloud.com") == true)
    }

    @Test(
        "The login base follows the API base",
        arguments: [
            ("https://api.mypurecloud.com", "https://login.mypurecloud.com"),
            ("https://api.euw2.pure.cloud/", "https://login.euw2.pure.cloud"),
            ("http://127.0.0.1:8081", "http://127.0.0.1:8081"),
        ])
    func loginBase(api: String, login: String) {
        #expect(WidgetSettings.loginBase(forAPIBase: api) == login)
    }

    @Test("Configuration: frame ancestors default to Agent Workspace; bad values are refused")
    func configuration() throws {
        let defaults = try GatewayConfiguration(layers: ConfigurationLayers([]))
        #expect(defaults.widgetFrameAncestors.contains("https://*.pure.cloud"))
        let custom = try GatewayConfiguration(
            layers: ConfigurationLayers([
                .init(
                    origin: "test", values: ["ATTACHE_WIDGET_FRAME_ANCESTORS": "https://a.example, https://b.example"])
            ]))
        #expect(custom.widgetFrameAncestors == ["https://a.example", "https://b.example"])
        #expect(throws: ConfigurationError.self) {
            _ = try GatewayConfiguration(
                layers: ConfigurationLayers([
                    .init(origin: "test", values: ["ATTACHE_WIDGET_FRAME_ANCESTORS": "https://a; script-src *"])
                ]))
        }
    }
}
