import Gateway
import Testing

@Suite("Genesys public URL")
struct GenesysPublicURLTests {
    @Test(
        "Accepted: https anywhere, http on loopback only; trailing slashes dropped",
        arguments: [
            ("https://attache.example.com", "https://attache.example.com"),
            ("https://attache.example.com/", "https://attache.example.com"),
            ("HTTPS://Attache.Example.com:8443/gw//", "HTTPS://Attache.Example.com:8443/gw"),
            ("  https://attache.example.com  ", "https://attache.example.com"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://localhost:8080/", "http://localhost:8080"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ])
    func accepted(raw: String, base: String) throws {
        let url = try GenesysPublicURL(raw)
        #expect(url.base == base)
        #expect(url.appending("/v1/x") == base + "/v1/x")
    }

    @Test(
        "The origin drops any path prefix, which the widget's sign-in redirect depends on",
        arguments: [
            ("https://attache.example.com/", "https://attache.example.com", false),
            ("https://attache.example.com:8443/gw/attache/", "https://attache.example.com:8443", true),
            ("http://[::1]:8080", "http://[::1]:8080", false),
        ])
    func origin(raw: String, origin: String, prefixed: Bool) throws {
        let url = try GenesysPublicURL(raw)
        #expect(url.origin == origin)
        #expect(url.hasPathPrefix == prefixed)
        #expect(InteractionWidgetConfiguration(publicURL: url).oauthRedirectURI == origin + "/widget/")
    }

    @Test(
        "Refused, with the reason",
        arguments: [
            ("http://attache.example.com", "requires https://"),
            ("http://127.0.0.1.example.com", "requires https://"),
            ("http://10.0.0.5:8080", "requires https://"),
            ("ftp://attache.example.com", "scheme must be https"),
            ("attache.example.com", "not a URL"),
            ("https://", "no host"),
            ("https://user:pw@attache.example.com", "credentials"),
            ("https://attache.example.com/?a=1", "query or fragment"),
            ("https://attache.example.com/#top", "contains '#'"),
            ("https://attache.example.com/${input.x}", "contains '$'"),
            ("https://attache.example.com/a b", "contains ' '"),
            ("https://attache.example.com/\"x", "contains '\"'"),
        ])
    func refused(raw: String, reason: String) {
        #expect {
            try GenesysPublicURL(raw)
        } throws: { error in
            guard case .invalidPublicURL(let value, let message) = error as? GenesysExportError else { return false }
            return value == raw && message.contains(reason)
        }
    }

    @Test("Empty or missing: the error says which flag and variable to set")
    func missing() throws {
        #expect(throws: GenesysExportError.missingPublicURL) { try GenesysPublicURL("  ") }
        #expect(throws: GenesysExportError.missingPublicURL) {
            try GenesysPublicURL.resolve(ConfigurationLayers([.environment([:])]))
        }
        #expect(GenesysExportError.missingPublicURL.description.contains("--public-url"))
        #expect(GenesysExportError.missingPublicURL.description.contains("ATTACHE_PUBLIC_URL"))
    }

    @Test("Resolution: the flag wins over the environment, and a bad value names its origin")
    func resolution() throws {
        let flag = ConfigurationSource(origin: "command line", values: ["ATTACHE_PUBLIC_URL": "https://flag.example"])
        let environment = ConfigurationSource.environment(["ATTACHE_PUBLIC_URL": "http://env.example"])
        #expect(try GenesysPublicURL.resolve(ConfigurationLayers([flag, environment])).base == "https://flag.example")
        #expect {
            try GenesysPublicURL.resolve(ConfigurationLayers([environment]))
        } throws: { error in
            (error as? GenesysExportError)?.description.contains("ATTACHE_PUBLIC_URL from environment") == true
        }
    }
}
