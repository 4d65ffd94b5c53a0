import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

@testable import Gateway

/// Two guests, each with a clean file in its own conversation, each conversation with its own
/// connected agent, and an agent who is in neither: the people hostile requests impersonate.
struct HostileWorld: Sendable {
    let ownerToken = "owner-session-\(UUID().uuidString)"
    let owner: String
    let ownerId: String
    let ownerFile: String
    let ownerConversation = UUID().uuidString.lowercased()
    let ownerAgent = UUID().uuidString.lowercased()
    let intruder: String
    let intruderId: String
    let intruderFile: String
    let intruderConversation = UUID().uuidString.lowercased()
    let intruderAgent = UUID().uuidString.lowercased()
    let outsiderAgent = UUID().uuidString.lowercased()
    /// The owner's agent's signed download URL for the owner's file (from the setup).
    let ownerLink: String

    static let pdf = PipelineFixtures.pdf(padding: 100)

    init(_ gateway: HostileGateway, client: any TestClientProtocol) async throws {
        owner = try await client.guest(token: ownerToken, deployment: "dep-1")
        ownerId = Self.guestId(owner)
        ownerFile = try await gateway.uploadClean(Self.pdf, filename: "owner.pdf", auth: owner, client: client)
        intruder = try await client.guest(token: "intruder-session-\(UUID().uuidString)", deployment: "dep-1")
        intruderId = Self.guestId(intruder)
        intruderFile = try await gateway.uploadClean(Self.pdf, filename: "intruder.pdf", auth: intruder, client: client)
        try await gateway.register(guestId: ownerId, conversationId: ownerConversation, client: client)
        try await gateway.register(guestId: intruderId, conversationId: intruderConversation, client: client)
        gateway.genesys.set(
            FakeGenesysPlatform.conversation(ownerConversation, agents: [(ownerAgent, "connected")]))
        gateway.genesys.set(
            FakeGenesysPlatform.conversation(intruderConversation, agents: [(intruderAgent, "connected")]))
        // Each guest's keyword message reached its agent: the files are announced (a file-link
        // call naming a file of its conversation records that, whoever asks), as in production.
        var links: [String] = []
        for (conversation, agent, file) in [
            (ownerConversation, ownerAgent, ownerFile), (intruderConversation, intruderAgent, intruderFile),
        ] {
            let link = try await gateway.link(conversationId: conversation, userId: agent, fileId: file, client: client)
            guard link.decision == "allowed" else { throw HostileError("setup link \(link.decision) \(link.reason)") }
            links.append(link.url)
        }
        ownerLink = links[0]
    }

    /// The guest id inside a `Bearer v1.<guestId>.<exp>.<mac>` header value.
    static func guestId(_ auth: String) -> String {
        let pieces = auth.dropFirst("Bearer ".count).split(separator: ".")
        return pieces.count == 4 ? String(pieces[1]) : ""
    }

    /// The owner's bearer header.
    var ownerHeaders: HTTPFields { [.authorization: owner, .contentType: "application/json"] }
}
