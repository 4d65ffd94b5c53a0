import Foundation
import NIOConcurrencyHelpers

@testable import Gateway

/// An in-memory ``GenesysPlatform``: conversations the test sets, or a failure it sets.
final class FakeGenesysPlatform: GenesysPlatform, Sendable {
    private let conversations = NIOLockedValueBox<[String: GenesysConversation]>([:])
    private let failure = NIOLockedValueBox<GenesysPlatformError?>(nil)
    private let lookups = NIOLockedValueBox(0)

    /// How many conversation lookups were made.
    var lookupCount: Int { lookups.withLockedValue { $0 } }

    func set(_ conversation: GenesysConversation) {
        conversations.withLockedValue { $0[conversation.id] = conversation }
    }

    func fail(with error: GenesysPlatformError?) {
        failure.withLockedValue { $0 = error }
    }

    /// A conversation with a customer and agents in the given message states.
    static func conversation(_ id: String, agents: [(userId: String, state: String)]) -> GenesysConversation {
        var participants = [
            GenesysParticipant(
                id: UUID().uuidString.lowercased(), purpose: "customer", userId: nil,
                communicationStates: ["connected"])
        ]
        for agent in agents {
            participants.append(
                GenesysParticipant(
                    id: UUID().uuidString.lowercased(), purpose: "agent", userId: agent.userId,
                    communicationStates: [agent.state]))
        }
        return GenesysConversation(id: id, participants: participants)
    }

    func conversation(id: String) async throws -> GenesysConversation? {
        lookups.withLockedValue { $0 += 1 }
        if let error = failure.withLockedValue({ $0 }) { throw error }
        return conversations.withLockedValue { $0[id] }
    }

    func sendMessage(conversationId: String, text: String, metadata: [String: String]) async throws {}

    func userId(forUserToken token: String) async throws -> String? { nil }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_900_000_000)) {
        current = NIOLockedValueBox(start)
    }

    var now: Date { current.withLockedValue { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
    }

    var closure: @Sendable () -> Date { { self.now } }
}

/// The access service over a temp-file GRDB store, the embedded object store and a fake Genesys.
struct AccessHarness {
    let state: GRDBUploadStateStore
    let objects: LocalObjectStore
    let genesys = FakeGenesysPlatform()
    let clock = TestClock()
    let conversationId = UUID().uuidString.lowercased()
    let agentId = UUID().uuidString.lowercased()
    let guestId = RandomID.make()

    init() throws {
        state = try makeTemporaryStateStore()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("attache-access-\(UUID().uuidString)")
        objects = try LocalObjectStore(
            root: root, publicBaseURL: "http://127.0.0.1:9", secret: Array(repeating: UInt8(7), count: 32),
            events: nil)
    }

    func service(lifetime: Duration = .seconds(60), withGenesys: Bool = true) -> FileAccessService {
        FileAccessService(
            state: state, objects: objects, genesys: withGenesys ? genesys : nil, linkLifetime: lifetime,
            now: clock.closure)
    }

    /// Stores an upload of `guestId` (default: the harness guest) in `state`.
    @discardableResult
    func upload(
        guest: String? = nil,
        filename: String = "invoice.pdf",
        contentType: String = "application/pdf",
        detectedType: String? = "application/pdf",
        state uploadState: UploadState = .clean,
        size: Int64 = 1_234
    ) async throws -> UploadRecord {
        let record = UploadRecord(
            fileId: RandomID.make(), guestId: guest ?? guestId, filename: filename, contentType: contentType,
            size: size, state: uploadState, detectedType: detectedType, createdAt: clock.now)
        try await state.createUpload(record)
        return record
    }

    /// Makes the harness agent connected (or in `state`) in the harness conversation.
    func agent(_ agentState: String = "connected", userId: String? = nil) {
        genesys.set(
            FakeGenesysPlatform.conversation(conversationId, agents: [(userId ?? agentId, agentState)]))
    }

    /// The link audit rows, oldest first.
    func linkAudit() async throws -> [AuditEntry] {
        try await state.auditEntries(fileId: nil).filter { $0.action.hasPrefix("link.") }
    }
}

/// The query parameters of a URL, decoded.
func queryItems(_ url: String) -> [String: String] {
    var result: [String: String] = [:]
    for item in URLComponents(string: url)?.queryItems ?? [] { result[item.name] = item.value ?? "" }
    return result
}
