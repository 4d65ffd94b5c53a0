import Foundation
import Testing

@testable import Gateway

@Suite("Agent token resolver")
struct AgentTokenResolverTests {
    /// A users/me that answers from a table, fails with a set error, and counts calls.
    final class Platform: GenesysPlatform, @unchecked Sendable {
        let lock = NSLock()
        var calls = 0
        var error: GenesysPlatformError?
        let users: [String: String]

        init(users: [String: String]) { self.users = users }

        func conversation(id: String) async throws -> GenesysConversation? { nil }
        func sendMessage(conversationId: String, text: String, metadata: [String: String]) async throws {}
        func userId(forUserToken token: String) async throws -> String? {
            let error = lock.withLock {
                calls += 1
                return self.error
            }
            if let error { throw error }
            return users[token]
        }
        var callCount: Int { lock.withLock { calls } }
    }

    @Test("Answers are cached by token until they expire, then asked again")
    func caching() async throws {
        let platform = Platform(users: ["t1": "user-1"])
        let clock = TestClock()
        let resolver = AgentTokenResolver(genesys: platform, lifetime: .seconds(60), now: clock.closure)
        #expect(try await resolver.userId(forToken: "t1") == "user-1")
        #expect(try await resolver.userId(forToken: "t1") == "user-1")
        #expect(platform.callCount == 1)
        await #expect(throws: AgentTokenResolver.Failure.rejected) { try await resolver.userId(forToken: "nope") }
        await #expect(throws: AgentTokenResolver.Failure.rejected) { try await resolver.userId(forToken: "nope") }
        #expect(platform.callCount == 2)
        clock.advance(by: 61)
        #expect(try await resolver.userId(forToken: "t1") == "user-1")
        #expect(platform.callCount == 3)
    }

    @Test("A 4xx from Genesys is a rejected token; a 5xx or no answer is unavailable and not cached")
    func failures() async throws {
        let platform = Platform(users: ["t1": "user-1"])
        let resolver = AgentTokenResolver(genesys: platform)
        platform.lock.withLock { platform.error = GenesysPlatformError(status: 400, message: "no user context") }
        await #expect(throws: AgentTokenResolver.Failure.rejected) { try await resolver.userId(forToken: "cc") }
        platform.lock.withLock { platform.error = GenesysPlatformError(status: 503, message: "down") }
        await #expect(throws: AgentTokenResolver.Failure.self) { try await resolver.userId(forToken: "t1") }
        platform.lock.withLock { platform.error = nil }
        #expect(try await resolver.userId(forToken: "t1") == "user-1")
        let none = AgentTokenResolver(genesys: nil)
        await #expect(throws: AgentTokenResolver.Failure.self) { try await none.userId(forToken: "t1") }
        await #expect(throws: AgentTokenResolver.Failure.rejected) { try await none.userId(forToken: "") }
    }

    @Test("Download links' origins come from the store: the embedded store, a custom S3 endpoint, or AWS")
    func mediaOrigins() throws {
        func settings(_ values: [String: String]) throws -> WidgetSettings {
            WidgetSettings(
                configuration: try GatewayConfiguration(
                    layers: ConfigurationLayers([.init(origin: "t", values: values)])))
        }
        #expect(
            try settings(["ATTACHE_PUBLIC_URL": "https://files.example.com"]).mediaOrigins == [
                "https://files.example.com"
            ])
        let s3 = [
            "ATTACHE_STORE": "s3", "ATTACHE_QUARANTINE_BUCKET": "q", "ATTACHE_CLEAN_BUCKET": "clean-files",
            "AWS_REGION": "eu-west-1",
        ]
        #expect(
            try settings(s3).mediaOrigins == [
                "https://clean-files.s3.eu-west-1.amazonaws.com", "https://s3.eu-west-1.amazonaws.com",
            ])
        var moto = s3
        moto["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:5000"
        #expect(try settings(moto).mediaOrigins == ["http://127.0.0.1:5000"])
        let genesys = try settings([
            "ATTACHE_GENESYS_URL": "https://api.mypurecloud.ie", "ATTACHE_WIDGET_CLIENT_ID": "c",
        ])
        #expect(genesys.authorizeURL == "https://login.mypurecloud.ie/oauth/authorize")
        #expect(genesys.clientId == "c")
    }
}
