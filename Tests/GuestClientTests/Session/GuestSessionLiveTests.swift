import Foundation
import GuestClient
import Sandbox
import Testing
import WebMessaging

@Suite("Guest session against the sandbox over real sockets", .timeLimit(.minutes(3)))
struct GuestSessionLiveTests {
    static func configuration(_ sandbox: LiveSandbox) -> GuestSessionConfiguration {
        var configuration = GuestSessionConfiguration.custom(
            baseURL: sandbox.baseURL, deploymentId: sandbox.deploymentId)
        configuration.reconnect = ReconnectPolicy(base: .milliseconds(20), cap: .milliseconds(200), maxAttempts: nil)
        configuration.responseTimeout = .seconds(2)
        configuration.heartbeatInterval = .seconds(1)
        configuration.deadSocketTimeout = .seconds(5)
        return configuration
    }

    static let generous = DeploymentConfiguration(
        id: "guest-client-tests", rateLimit: RateLimit(maxRequests: 100_000, windowSeconds: 1))

    @Test("200 messages while the socket is cut 20 times at random: none lost, none duplicated, either side")
    func survivesDrops() async throws {
        try await LiveSandbox.with(deployment: Self.generous) { sandbox in
            let counter = ChaosCounter(limit: 20)
            let session = GuestSession(
                configuration: Self.configuration(sandbox), store: InMemorySessionStore(),
                transport: ChaosTransport(inner: WebSocketGuestTransport(), counter: counter, lifetime: 40...250))
            try await running(session) { log in
                _ = try await session.send(text: "guest-0")
                try await eventually("the conversation exists") { await !sandbox.conversations().isEmpty }
                let conversationId = try #require(await sandbox.conversations().first?.id)
                _ = try await sandbox.state.acceptConversation(conversationId, agent: .defaultAgent)
                for index in 1..<100 {
                    _ = try await session.send(text: "guest-\(index)")
                    _ = try await sandbox.state.sendAgentMessage(conversationId, text: "agent-\(index)")
                    if index % 10 == 0 { try await Task.sleep(for: .milliseconds(30)) }
                }
                _ = try await sandbox.state.sendAgentMessage(conversationId, text: "agent-0")
                try await eventually("every guest message delivered") { try await session.pending().isEmpty }
                try await eventually("the socket was cut 20 times") { await counter.drops == 20 }
                try await eventually("every agent message received") {
                    Set(await log.texts(.outbound)).count == 100
                }
                let stored = try #require(await sandbox.state.conversation(id: conversationId))
                let inbound = stored.messages.filter { $0.direction == .inbound && $0.message.type == .text }
                    .compactMap(\.message.text)
                let rejected = await log.events.filter { if case .rejected = $0 { true } else { false } }
                #expect(rejected.isEmpty, "nothing refused: \(rejected)")
                #expect(inbound.count == 100)
                #expect(Set(inbound) == Set((0..<100).map { "guest-\($0)" }))
                #expect(inbound == (0..<100).map { "guest-\($0)" }, "sent in order")
                let outbound = await log.texts(.outbound)
                #expect(outbound.count == 100, "no agent message reported twice")
                #expect(Set(outbound) == Set((0..<100).map { "agent-\($0)" }))
                #expect(Set(await log.delivered).count == 100)
            }
        }
    }

    @Test("an app restart mid-outbox: a new session on the same store delivers the queue once, in order")
    func restartMidOutbox() async throws {
        try await LiveSandbox.with(deployment: Self.generous) { sandbox in
            let store = InMemorySessionStore()
            let offline = GuestSession(configuration: Self.configuration(sandbox), store: store)
            for index in 0..<5 { _ = try await offline.send(text: "queued-\(index)") }
            #expect(try await offline.pending().count == 5)
            let restarted = GuestSession(configuration: Self.configuration(sandbox), store: store)
            try await running(restarted) { _ in
                try await eventually("the queue drained") { try await restarted.pending().isEmpty }
            }
            let conversation = try #require(await sandbox.conversations().first)
            let texts = conversation.messages.filter { $0.direction == .inbound && $0.message.type == .text }
                .compactMap(\.message.text)
            #expect(texts == (0..<5).map { "queued-\($0)" })
            let offlineToken = try await offline.token()
            #expect(await store.load()?.token == offlineToken)
        }
    }

    @Test("reconnecting with the same token resumes the conversation and fills the gap from history")
    func historyFillsGap() async throws {
        try await LiveSandbox.with(deployment: Self.generous) { sandbox in
            let store = InMemorySessionStore()
            let first = GuestSession(configuration: Self.configuration(sandbox), store: store)
            var conversationId = ""
            try await running(first) { _ in
                _ = try await first.send(text: "hello")
                try await eventually("delivered") { try await first.pending().isEmpty }
                conversationId = try #require(await sandbox.conversations().first?.id)
                _ = try await sandbox.state.acceptConversation(conversationId, agent: .defaultAgent)
            }
            // While the app is closed the agent answers twice.
            _ = try await sandbox.state.sendAgentMessage(conversationId, text: "while you were away 1")
            _ = try await sandbox.state.sendAgentMessage(conversationId, text: "while you were away 2")
            let second = GuestSession(configuration: Self.configuration(sandbox), store: store)
            try await running(second) { log in
                try await eventually("missed messages reported") { await log.texts(.outbound).count == 2 }
                #expect(await log.texts(.outbound) == ["while you were away 1", "while you were away 2"])
                let states = await log.events.compactMap { event -> Bool? in
                    if case .state(.connected(let newSession, _)) = event { return newSession }
                    return nil
                }
                #expect(states.first == false, "the same token resumes the conversation")
            }
            #expect(await sandbox.conversations().count == 1)
        }
    }

    @Test("inactivity expiry: the session starts a new conversation, says so, and the next send succeeds")
    func expiryStartsNewConversation() async throws {
        let deployment = DeploymentConfiguration(
            id: "guest-client-tests", inactivityExpirySeconds: 0.5,
            rateLimit: RateLimit(maxRequests: 100_000, windowSeconds: 1))
        try await LiveSandbox.with(deployment: deployment) { sandbox in
            var configuration = Self.configuration(sandbox)
            configuration.heartbeatInterval = .seconds(60)
            let session = GuestSession(configuration: configuration, store: InMemorySessionStore())
            try await running(session) { log in
                _ = try await session.send(text: "before")
                try await eventually("delivered") { try await session.pending().isEmpty }
                let firstToken = try await session.token()
                try await eventually("expiry noticed") { await log.newConversations >= 1 }
                _ = try await session.send(text: "after")
                try await eventually("delivered after expiry") { try await session.pending().isEmpty }
                #expect(try await session.token() != firstToken)
                let conversations = await sandbox.conversations()
                let texts = conversations.flatMap(\.messages).filter { $0.direction == .inbound }
                    .compactMap(\.message.text)
                #expect(texts.filter { $0 == "after" }.count == 1)
                #expect(conversations.count == 2)
            }
        }
    }

    @Test("reconnect delays follow the configured backoff (injected sleep), then the session gives up")
    func backoffDelays() async throws {
        let delays = RecordedDelays()
        var configuration = GuestSessionConfiguration.custom(baseURL: "http://127.0.0.1:9", deploymentId: "d")
        configuration.reconnect = ReconnectPolicy(base: .seconds(1), cap: .seconds(5), maxAttempts: 5)
        let session = GuestSession(
            configuration: configuration, store: InMemorySessionStore(),
            sleep: { await delays.record($0) }, random: { 0.5 })
        await #expect(throws: GuestSessionError.self) { try await session.run() }
        #expect(
            await delays.delays == [
                .milliseconds(500), .seconds(1), .seconds(2), .milliseconds(2_500), .milliseconds(2_500),
            ])
    }
}
