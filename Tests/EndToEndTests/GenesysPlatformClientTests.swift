import AsyncHTTPClient
import Foundation
import Gateway
import NIOConcurrencyHelpers
import Testing
import WebMessaging

@testable import Sandbox

/// ``GenesysPlatformClient`` against the sandbox's OAuth and Conversations API on loopback.
@Suite("Genesys platform client against the sandbox")
struct GenesysPlatformClientTests {
    static func client(
        _ sandbox: GenesysSandboxHarness,
        secret: String = GenesysSandboxHarness.client.secret,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> GenesysPlatformClient {
        GenesysPlatformClient(
            configuration: GenesysClientConfiguration(
                apiBaseURL: sandbox.baseURL + "/", clientID: GenesysSandboxHarness.client.id, clientSecret: secret),
            now: now
        )
    }

    @Test("One token request serves many concurrent calls")
    func tokenIsCached() async throws {
        try await GenesysSandboxHarness.with { (sandbox) async throws in
            let (conversationId, _, _) = try await sandbox.startConversation()
            let client = Self.client(sandbox)
            let found = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await client.conversation(id: conversationId) != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(found == 20)
            for _ in 0..<5 { _ = try await client.conversation(id: conversationId) }
            #expect(await sandbox.requests.count("/oauth/token") == 1)
            #expect(await client.tokenRequestCount == 1)
        }
    }

    @Test("A token the platform rejects with 401 is replaced once and the call succeeds")
    func refreshesOn401() async throws {
        // The sandbox's tokens live one second; the client's clock stands still, so it keeps
        // using its token until the sandbox answers 401.
        let frozen = Date()
        let shortLived = PlatformConfiguration(tokenLifetimeSeconds: 1)
        try await GenesysSandboxHarness.with(platformConfiguration: shortLived) { (sandbox) async throws in
            let (conversationId, _, _) = try await sandbox.startConversation()
            let client = Self.client(sandbox, now: { frozen })
            #expect(try await client.conversation(id: conversationId) != nil)
            #expect(await sandbox.requests.count("/oauth/token") == 1)
            try await Task.sleep(for: .milliseconds(1_300))
            #expect(try await client.conversation(id: conversationId) != nil)
            #expect(await sandbox.requests.count("/oauth/token") == 2)
            #expect(await client.tokenRequestCount == 2)
        }
    }

    @Test("A token is replaced before it expires without a 401")
    func refreshesBeforeExpiry() async throws {
        let clock = GenesysTestClock(Date())
        try await GenesysSandboxHarness.with { (sandbox) async throws in
            let (conversationId, _, _) = try await sandbox.startConversation()
            let client = Self.client(sandbox, now: { clock.now })
            _ = try await client.conversation(id: conversationId)
            clock.advance(by: 86_400 - 120)
            _ = try await client.conversation(id: conversationId)
            #expect(await sandbox.requests.count("/oauth/token") == 1)
            clock.advance(by: 90)  // inside the 60 s refresh margin
            _ = try await client.conversation(id: conversationId)
            #expect(await sandbox.requests.count("/oauth/token") == 2)
        }
    }

    @Test("An unknown conversation is nil, not an error")
    func unknownConversationIsNil() async throws {
        try await GenesysSandboxHarness.with { (sandbox) async throws in
            let client = Self.client(sandbox)
            #expect(try await client.conversation(id: UUID().uuidString) == nil)
            #expect(try await client.conversation(id: "../../oauth/token?x=1") == nil)
        }
    }

    @Test("An agent counts as connected only between accepting and disconnecting")
    func connectedAgent() async throws {
        try await GenesysSandboxHarness.with { (sandbox) async throws in
            let (conversationId, _, _) = try await sandbox.startConversation()
            let client = Self.client(sandbox)
            let agentId = GenesysSandboxHarness.agent.id
            let waiting = try #require(try await client.conversation(id: conversationId))
            #expect(waiting.participants.map(\.purpose) == ["customer"])
            #expect(waiting.participants.first?.isConnected == true)
            #expect(!waiting.isConnectedAgent(userId: agentId))

            try await sandbox.state.alertAgent(conversationId, agent: GenesysSandboxHarness.agent)
            let alerting = try #require(try await client.conversation(id: conversationId))
            #expect(alerting.participants.last?.communicationStates == ["alerting"])
            #expect(!alerting.isConnectedAgent(userId: agentId))

            try await sandbox.state.acceptConversation(conversationId, agent: GenesysSandboxHarness.agent)
            let connected = try #require(try await client.conversation(id: conversationId))
            #expect(connected.isConnectedAgent(userId: agentId))
            #expect(!connected.isConnectedAgent(userId: "someone-else"))
            #expect(connected.participants.last?.communicationIds.first?.isEmpty == false)

            try await sandbox.state.disconnectAgent(conversationId, agentUserId: agentId)
            let ended = try #require(try await client.conversation(id: conversationId))
            #expect(!ended.isConnectedAgent(userId: agentId))
        }
    }

    @Test("A notice goes on the connected agent's communication, else on the customer's as a system message")
    func sendMessage() async throws {
        try await GenesysSandboxHarness.with { (sandbox) async throws in
            let client = Self.client(sandbox)
            let (waitingId, _, _) = try await sandbox.startConversation()
            try await client.sendMessage(
                conversationId: waitingId, text: "Notice one", metadata: ["attacheFileId": "f1"])
            let waiting = try #require(await sandbox.state.conversation(id: waitingId))
            let system = try #require(waiting.messages.last)
            #expect(system.message.text == "Notice one\nattacheFileId: f1")
            #expect(system.participantId == "system")
            #expect(system.message.direction == .outbound)

            let (activeId, _, _) = try await sandbox.startConversation()
            let agent = try await sandbox.state.acceptConversation(activeId, agent: GenesysSandboxHarness.agent)
            try await client.sendMessage(conversationId: activeId, text: "Notice two", metadata: [:])
            let active = try #require(await sandbox.state.conversation(id: activeId))
            let sent = try #require(active.messages.last)
            #expect(sent.message.text == "Notice two")
            #expect(sent.participantId == agent.id)
        }
    }

    @Test("Sending into an unknown conversation throws a 404 error")
    func sendToUnknownConversation() async throws {
        try await GenesysSandboxHarness.with { (sandbox) async throws in
            let client = Self.client(sandbox)
            let error = await Self.platformError {
                try await client.sendMessage(conversationId: UUID().uuidString, text: "x", metadata: [:])
            }
            #expect(error?.status == 404)
        }
    }

    @Test("A wrong client secret is a 401 error that does not contain the secret")
    func wrongSecret() async throws {
        try await GenesysSandboxHarness.with { (sandbox) async throws in
            let secret = "wrong-secret-that-must-not-leak"
            let client = Self.client(sandbox, secret: secret)
            let error = try #require(await Self.platformError { _ = try await client.conversation(id: "c") })
            #expect(error.status == 401)
            #expect(!error.description.contains(secret))
            #expect(error.description.contains("invalid_client"))
        }
    }

    @Test("An unreachable platform is an error without a status")
    func unreachable() async throws {
        let client = GenesysPlatformClient(
            configuration: GenesysClientConfiguration(
                apiBaseURL: "http://127.0.0.1:9", clientID: "a", clientSecret: "b", requestTimeout: .seconds(5))
        )
        let error = try #require(await Self.platformError { _ = try await client.conversation(id: "x") })
        #expect(error.status == nil)
    }

    /// The ``GenesysPlatformError`` `body` throws, or `nil` (recording an issue for other errors).
    static func platformError(_ body: () async throws -> Void) async -> GenesysPlatformError? {
        do {
            try await body()
            Issue.record("expected a GenesysPlatformError")
        } catch let error as GenesysPlatformError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    @Test("users/me: a user token resolves to its user, an unknown token to nil, a client token is an error")
    func usersMe() async throws {
        try await GenesysSandboxHarness.with { (sandbox) async throws in
            let client = Self.client(sandbox)
            let agentToken = await sandbox.platform.tokens.issue(
                to: GenesysSandboxHarness.client.id, userId: GenesysSandboxHarness.agent.id
            ).accessToken
            #expect(try await client.userId(forUserToken: agentToken) == GenesysSandboxHarness.agent.id)
            #expect(try await client.userId(forUserToken: "not-a-real-token") == nil)
            #expect(try await client.userId(forUserToken: "") == nil)
            #expect(try await client.userId(forUserToken: "bad token\nx") == nil)
            // A client-credentials token has no user: Genesys answers 400, which is not a clean no.
            let clientToken = await sandbox.platform.tokens.issue(to: GenesysSandboxHarness.client.id).accessToken
            let error = await Self.optionalPlatformError { _ = try await client.userId(forUserToken: clientToken) }
            #expect(error?.status == 400)
            #expect(error.map { !$0.description.contains(clientToken) } ?? false)
            // users/me never spends the gateway's own client credentials.
            #expect(await sandbox.requests.count("/oauth/token") == 0)
        }
    }

    /// The ``GenesysPlatformError`` `body` throws, if any.
    static func optionalPlatformError(_ body: () async throws -> Void) async -> GenesysPlatformError? {
        do {
            try await body()
        } catch let error as GenesysPlatformError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }
}

/// A clock tests move by hand.
final class GenesysTestClock: Sendable {
    private let storage: NIOLockedValueBox<Date>

    init(_ start: Date) {
        storage = NIOLockedValueBox(start)
    }

    var now: Date { storage.withLockedValue { $0 } }

    func advance(by seconds: TimeInterval) {
        storage.withLockedValue { $0.addTimeInterval(seconds) }
    }
}
