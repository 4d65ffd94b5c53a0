import Foundation
import Testing

@testable import Gateway

/// The pure parts of ``GenesysPlatformClient``: URLs, wire mapping, token freshness and caching.
@Suite("Genesys platform client (no network)")
struct GenesysPlatformClientUnitTests {
    @Test(
        "The token URL is login.{region} for api.{region}, else the API base's own host",
        arguments: [
            ("https://api.mypurecloud.com", "https://login.mypurecloud.com/oauth/token"),
            ("https://api.mypurecloud.de/", "https://login.mypurecloud.de/oauth/token"),
            ("https://API.usw2.pure.cloud", "https://login.usw2.pure.cloud/oauth/token"),
            ("http://127.0.0.1:8081", "http://127.0.0.1:8081/oauth/token"),
            ("http://127.0.0.1:8081/", "http://127.0.0.1:8081/oauth/token"),
            ("https://proxy.example.com/genesys", "https://proxy.example.com/genesys/oauth/token"),
        ])
    func tokenURL(apiBase: String, expected: String) {
        #expect(GenesysClientConfiguration.tokenURL(forAPIBase: apiBase) == expected)
        let configuration = GenesysClientConfiguration(apiBaseURL: apiBase, clientID: "a", clientSecret: "b")
        #expect(configuration.tokenURL == expected)
        #expect(!configuration.apiBaseURL.hasSuffix("/"))
    }

    @Test("An explicit token URL wins over the derived one")
    func explicitTokenURL() {
        let configuration = GenesysClientConfiguration(
            apiBaseURL: "https://api.mypurecloud.com", clientID: "a", clientSecret: "b",
            tokenURL: "https://login.example/oauth/token")
        #expect(configuration.tokenURL == "https://login.example/oauth/token")
    }

    @Test("The conversation document maps purposes, user ids and message communications")
    func conversationMapping() throws {
        let json = """
            {"id": "c1", "state": "connected", "participants": [
              {"id": "p1", "purpose": "customer", "messages": [{"id": "m1", "state": "connected", "type": "webmessaging"}]},
              {"id": "p2", "purpose": "agent", "userId": "u1",
               "messages": [{"id": "m2", "state": "disconnected"}, {"id": "m3", "state": "Connected"}]},
              {"id": "p3", "purpose": "workflow"}
            ], "extra": {"ignored": true}}
            """
        let document = try JSONDecoder().decode(GenesysConversationDocument.self, from: Data(json.utf8))
        let conversation = document.conversation(requestedId: "asked")
        #expect(conversation.id == "c1")
        #expect(conversation.participants.map(\.purpose) == ["customer", "agent", "workflow"])
        #expect(conversation.participants[1].communicationStates == ["disconnected", "connected"])
        #expect(conversation.participants[1].communicationIds == ["m2", "m3"])
        #expect(conversation.participants[2].communicationIds.isEmpty)
        #expect(conversation.isConnectedAgent(userId: "u1"))
        #expect(GenesysPlatformClient.communicationForNotices(in: conversation) == "m3")
    }

    @Test("Notices go on a connected agent's communication, else on the customer's")
    func noticeCommunication() {
        func participant(_ purpose: String, _ states: [String], _ ids: [String]) -> GenesysParticipant {
            GenesysParticipant(
                id: UUID().uuidString, purpose: purpose, userId: nil, communicationStates: states,
                communicationIds: ids)
        }
        let customer = participant("customer", ["connected"], ["cust"])
        let alerting = participant("agent", ["alerting"], ["alert"])
        let gone = participant("agent", ["disconnected"], ["gone"])
        let active = participant("agent", ["connected"], ["active"])
        let pick = { (participants: [GenesysParticipant]) in
            GenesysPlatformClient.communicationForNotices(in: GenesysConversation(id: "c", participants: participants))
        }
        #expect(pick([customer]) == "cust")
        #expect(pick([customer, alerting]) == "cust")
        #expect(pick([customer, gone, active]) == "active")
        #expect(pick([customer, active, gone]) == "active")
        #expect(pick([participant("customer", ["disconnected"], ["old"])]) == "old")
        #expect(pick([alerting]) == nil)
    }

    @Test("Metadata travels as key: value lines after the text, sorted by key")
    func textBody() {
        #expect(GenesysPlatformClient.textBody("Hi", metadata: [:]) == "Hi")
        #expect(
            GenesysPlatformClient.textBody("Hi", metadata: ["b": "2", "a": "1"]) == "Hi\na: 1\nb: 2")
    }

    @Test("Path segments are percent-encoded and empty or huge ids are refused")
    func pathSegments() throws {
        #expect(try GenesysPlatformClient.pathSegment("abc-123", name: "id") == "abc-123")
        #expect(try GenesysPlatformClient.pathSegment("../x?y=1", name: "id") == "..%2Fx%3Fy%3D1")
        #expect(throws: GenesysPlatformError.self) { try GenesysPlatformClient.pathSegment("", name: "id") }
        #expect(throws: GenesysPlatformError.self) {
            try GenesysPlatformClient.pathSegment(String(repeating: "a", count: 300), name: "id")
        }
    }

    @Test("A token answer is fresh until the refresh margin, capped at half its lifetime")
    func tokenFreshness() throws {
        let now = Date(timeIntervalSince1970: 1_000)
        let long = try GenesysOAuthToken(
            decoding: Data(#"{"access_token":"t","token_type":"bearer","expires_in":86400}"#.utf8),
            now: now, refreshMargin: .seconds(60))
        #expect(long.isFresh(at: now.addingTimeInterval(86_400 - 61)))
        #expect(!long.isFresh(at: now.addingTimeInterval(86_400 - 60)))
        let short = try GenesysOAuthToken(
            decoding: Data(#"{"access_token":"t","expires_in":10}"#.utf8), now: now, refreshMargin: .seconds(60))
        #expect(short.isFresh(at: now.addingTimeInterval(4)))
        #expect(!short.isFresh(at: now.addingTimeInterval(5)))
        #expect(!short.description.contains("\"t\""))
    }

    @Test(
        "Malformed token answers are typed errors",
        arguments: [
            "not json", #"{"token_type":"bearer"}"#, #"{"access_token":""}"#,
            #"{"access_token":"t","token_type":"mac"}"#,
        ])
    func malformedToken(body: String) {
        #expect(throws: GenesysPlatformError.self) {
            try GenesysOAuthToken(decoding: Data(body.utf8), now: Date(), refreshMargin: .seconds(60))
        }
    }

    @Test("Concurrent callers share one token request; a rejected token is refreshed once")
    func tokenCache() async throws {
        let counter = FetchCounter()
        let cache = GenesysTokenCache(now: { Date(timeIntervalSince1970: 0) }) { () throws(GenesysPlatformError) in
            let n = await counter.next()
            try? await Task.sleep(for: .milliseconds(20))
            return GenesysOAuthToken(
                value: "token-\(n)", expiresAt: .distantFuture, refreshAt: .distantFuture)
        }
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await cache.token() } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(tokens == ["token-1"])
        let refreshed = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await cache.token(replacing: "token-1") } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(refreshed == ["token-2"])
        #expect(await cache.fetchCount == 2)
    }

    @Test("A failed token request is reported and the next call tries again")
    func tokenFailure() async throws {
        let counter = FetchCounter()
        let cache = GenesysTokenCache(now: { Date() }) { () throws(GenesysPlatformError) in
            if await counter.next() == 1 { throw GenesysPlatformError(status: 503, message: "down") }
            return GenesysOAuthToken(value: "ok", expiresAt: .distantFuture, refreshAt: .distantFuture)
        }
        await #expect(throws: GenesysPlatformError(status: 503, message: "down")) { try await cache.token() }
        #expect(try await cache.token() == "ok")
    }

    @Test("The pipeline builds a client only when URL, client id and secret are all set")
    func fromConfiguration() throws {
        func configuration(_ values: [String: String]) throws -> GatewayConfiguration {
            try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: "test", values: values)]))
        }
        let full = [
            "ATTACHE_GENESYS_URL": "https://api.mypurecloud.ie", "ATTACHE_GENESYS_CLIENT_ID": "id",
            "ATTACHE_GENESYS_CLIENT_SECRET": "secret",
        ]
        let client = try #require(GenesysPlatformClient.fromConfiguration(try configuration(full)))
        #expect(client.configuration.tokenURL == "https://login.mypurecloud.ie/oauth/token")
        for missing in full.keys {
            var partial = full
            partial[missing] = nil
            #expect(GenesysPlatformClient.fromConfiguration(try configuration(partial)) == nil, "without \(missing)")
        }
    }
}

private actor FetchCounter {
    private var count = 0

    func next() -> Int {
        count += 1
        return count
    }
}
