import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore

@testable import Gateway

/// A ``GenesysPlatform`` whose users/me answers from a token table (and counts the calls);
/// conversations come from the access harness's fake.
final class TokenGenesysPlatform: GenesysPlatform, Sendable {
    let inner: FakeGenesysPlatform
    let tokens: [String: String]
    private let calls = NIOLockedValueBox(0)

    init(inner: FakeGenesysPlatform, tokens: [String: String]) {
        self.inner = inner
        self.tokens = tokens
    }

    var userLookups: Int { calls.withLockedValue { $0 } }

    func conversation(id: String) async throws -> GenesysConversation? {
        try await inner.conversation(id: id)
    }

    func sendMessage(conversationId: String, text: String, metadata: [String: String]) async throws {}

    func userId(forUserToken token: String) async throws -> String? {
        calls.withLockedValue { $0 += 1 }
        if token == "client-credentials-token" {
            throw GenesysPlatformError(status: 400, message: "This request requires a user context.")
        }
        return tokens[token]
    }
}

/// The widget routes over the access harness (temp GRDB store, embedded object store, fake
/// Genesys with tokens `agent-token` for the harness agent and `other-token` for another user).
struct WidgetHarness {
    let access = try! AccessHarness()
    let otherAgent = UUID().uuidString.lowercased()
    let genesys: TokenGenesysPlatform
    let settings = WidgetSettings(
        clientId: "widget-client", authorizeURL: "http://127.0.0.1:9/oauth/authorize",
        frameAncestors: ["http://127.0.0.1:8081"], mediaOrigins: ["http://127.0.0.1:9"])

    init() {
        genesys = TokenGenesysPlatform(
            inner: access.genesys, tokens: ["agent-token": access.agentId, "other-token": otherAgent])
    }

    var service: WidgetService {
        WidgetService(
            access: FileAccessService(
                state: access.state, objects: access.objects, genesys: genesys, now: access.clock.closure),
            genesys: genesys, objects: access.objects, audit: access.state, now: access.clock.closure)
    }

    func app() -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        WidgetRoutes.add(to: router, service: service, settings: settings)
        return Application(router: router)
    }

    /// Binds the harness guest to the harness conversation and connects the harness agent.
    func connect() async throws {
        _ = try await access.state.bindConversation(
            guestId: access.guestId, conversationId: access.conversationId, at: access.clock.now)
        access.agent()
    }

    /// Stores `bytes` as a clean object for `record`.
    func storeClean(_ record: UploadRecord, bytes: [UInt8]) async throws {
        let body = AsyncStream<ByteBuffer> { continuation in
            continuation.yield(ByteBuffer(bytes: bytes))
            continuation.finish()
        }
        _ = try await access.objects.receiveObject(
            key: record.objectKey, contentType: record.contentType, contentLength: Int64(bytes.count), body: body)
        try await access.objects.promote(key: record.objectKey, tags: [:])
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    static func json(_ object: [String: String]) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }
}

extension TestResponse {
    /// The widget problem body, when the response is one.
    var widgetProblem: WidgetProblem.Body? {
        guard headers[.contentType] == "application/problem+json" else { return nil }
        return try? JSONDecoder().decode(WidgetProblem.Body.self, from: Data(body.readableBytesView))
    }
}
