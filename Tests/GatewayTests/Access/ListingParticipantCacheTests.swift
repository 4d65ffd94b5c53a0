import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

/// The participant-check cache of file listings: used by listings, never by links; entries
/// expire by the injected clock.
@Suite("Listing participant cache")
struct ListingParticipantCacheTests {
    static func service(_ harness: AccessHarness, lifetime: Duration = .seconds(5)) -> FileAccessService {
        FileAccessService(
            state: harness.state, objects: harness.objects, genesys: harness.genesys, now: harness.clock.closure,
            listingCacheLifetime: lifetime)
    }

    static func list(
        _ service: FileAccessService, _ harness: AccessHarness, agent: String? = nil
    ) async
        -> FileLinkDenial?
    {
        await service.listingParticipantDenial(
            conversationId: harness.conversationId, agentUserId: agent ?? harness.agentId)
    }

    static func link(
        _ service: FileAccessService, _ harness: AccessHarness, _ fileId: String
    ) async throws
        -> FileLinkDecision
    {
        try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: fileId, channel: .widget)
    }

    @Test("Listings reuse the conversation until it expires by the clock; links ask Genesys every time")
    func listCachedLinkNot() async throws {
        let harness = try AccessHarness()
        let service = Self.service(harness)
        let file = try await harness.upload()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent()
        for _ in 0..<3 {
            #expect(await Self.list(service, harness) == nil)
        }
        #expect(harness.genesys.lookupCount == 1)
        for round in 1...3 {
            guard case .allowed = try await Self.link(service, harness, file.fileId) else {
                Issue.record("expected a link")
                return
            }
            #expect(harness.genesys.lookupCount == 1 + round, "every link asks Genesys")
        }
        harness.clock.advance(by: 4.999)
        #expect(await Self.list(service, harness) == nil)
        #expect(harness.genesys.lookupCount == 4, "still fresh: the links did not refresh or use the listing entry")
        harness.clock.advance(by: 0.001)
        #expect(await Self.list(service, harness) == nil)
        #expect(harness.genesys.lookupCount == 5, "expired after 5 s")
        #expect(await Self.list(service, harness) == nil)
        #expect(harness.genesys.lookupCount == 5)
    }

    @Test("An agent who disconnects gets no link at once; the listing follows when the cached answer expires")
    func disconnect() async throws {
        let harness = try AccessHarness()
        let service = Self.service(harness)
        let file = try await harness.upload()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent()
        #expect(await Self.list(service, harness) == nil)
        harness.agent("disconnected")
        #expect(try await Self.link(service, harness, file.fileId) == .denied(.agentNotConnected))
        #expect(await Self.list(service, harness) == nil, "the listing rests on the answer of up to 5 s ago")
        harness.clock.advance(by: 5)
        #expect(await Self.list(service, harness) == .agentNotConnected)
    }

    @Test("Other agents are checked against the same cached conversation")
    func sharedByAgents() async throws {
        let harness = try AccessHarness()
        let service = Self.service(harness)
        harness.agent()
        #expect(await Self.list(service, harness) == nil)
        #expect(await Self.list(service, harness, agent: "someone-else") == .agentNotConnected)
        #expect(await Self.list(service, harness, agent: "") == .agentNotConnected)
        #expect(harness.genesys.lookupCount == 1)
    }

    @Test("A zero lifetime asks Genesys for every listing")
    func disabled() async throws {
        let harness = try AccessHarness()
        let service = Self.service(harness, lifetime: .zero)
        harness.agent()
        for round in 1...3 {
            #expect(await Self.list(service, harness) == nil)
            #expect(harness.genesys.lookupCount == round)
        }
    }

    @Test("Not found and Genesys failures are not cached")
    func notCached() async throws {
        let harness = try AccessHarness()
        let service = Self.service(harness)
        #expect(await Self.list(service, harness) == .conversationNotFound)
        #expect(await Self.list(service, harness) == .conversationNotFound)
        #expect(harness.genesys.lookupCount == 2)
        harness.agent()
        harness.genesys.fail(with: GenesysPlatformError(status: 503, message: "unavailable"))
        #expect(await Self.list(service, harness) == .genesysUnavailable)
        harness.genesys.fail(with: nil)
        #expect(await Self.list(service, harness) == nil)
        #expect(await Self.list(service, harness) == nil)
        #expect(harness.genesys.lookupCount == 4)
    }

    @Test("Concurrent listings of one conversation share one lookup")
    func concurrentMisses() async throws {
        let genesys = GatedGenesys(FakeGenesysPlatform.conversation("conv", agents: [("agent", "connected")]))
        let clock = TestClock()
        let cache = ListingParticipantCache(genesys: genesys, lifetime: .seconds(5), now: clock.closure)
        try await withThrowingTaskGroup(of: GenesysConversation?.self) { group in
            for _ in 0..<20 {
                group.addTask { try await cache.conversation(id: "conv") }
            }
            while genesys.started == 0 { try await Task.sleep(for: .milliseconds(2)) }
            genesys.open()
            for try await conversation in group {
                #expect(conversation?.isConnectedAgent(userId: "agent") == true)
            }
        }
        #expect(genesys.started == 1)
    }

    @Test("At most `capacity` conversations are kept; expired ones make room")
    func capacity() async throws {
        let fake = FakeGenesysPlatform()
        for id in ["a", "b", "c", "d"] { fake.set(FakeGenesysPlatform.conversation(id, agents: [])) }
        let clock = TestClock()
        let cache = ListingParticipantCache(genesys: fake, lifetime: .seconds(5), capacity: 2, now: clock.closure)
        for id in ["a", "b", "c"] { _ = try await cache.conversation(id: id) }
        #expect(await cache.count == 2)
        _ = try await cache.conversation(id: "c")
        #expect(fake.lookupCount == 4, "c was looked up but not kept")
        _ = try await cache.conversation(id: "a")
        #expect(fake.lookupCount == 4)
        clock.advance(by: 5)
        _ = try await cache.conversation(id: "d")
        #expect(await cache.count == 1)
    }

    @Test("Through the widget API: periodic listings share a lookup, each link asks")
    func widgetRoutes() async throws {
        let harness = WidgetHarness()
        try await harness.connect()
        let file = try await harness.access.upload()
        let app = harness.app()
        try await app.test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(
                    uri: "/v1/widget/files?conversationId=\(harness.access.conversationId)", method: .get,
                    headers: WidgetHarness.bearer("agent-token")
                ) { response in
                    #expect(response.status == .ok)
                }
            }
            #expect(harness.access.genesys.lookupCount == 1)
            for round in 1...2 {
                try await client.execute(
                    uri: "/v1/widget/files/\(file.fileId)/link", method: .post,
                    headers: WidgetHarness.bearer("agent-token"),
                    body: WidgetHarness.json(["conversationId": harness.access.conversationId])
                ) { response in
                    #expect(response.status == .ok)
                }
                #expect(harness.access.genesys.lookupCount == 1 + round)
            }
        }
    }
}

/// A ``GenesysPlatform`` whose conversation lookups wait until the test opens the gate.
final class GatedGenesys: GenesysPlatform, Sendable {
    private let answer: GenesysConversation
    private let state = NIOLockedValueBox<(started: Int, open: Bool)>((0, false))

    init(_ answer: GenesysConversation) {
        self.answer = answer
    }

    var started: Int { state.withLockedValue { $0.started } }

    func open() {
        state.withLockedValue { $0.open = true }
    }

    func conversation(id: String) async throws -> GenesysConversation? {
        state.withLockedValue { $0.started += 1 }
        while !state.withLockedValue({ $0.open }) { try await Task.sleep(for: .milliseconds(2)) }
        return answer
    }

    func sendMessage(conversationId: String, text: String, metadata: [String: String]) async throws {}

    func userId(forUserToken token: String) async throws -> String? { nil }
}
