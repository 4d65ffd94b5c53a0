import Foundation
import Testing

@testable import Gateway

@Suite("Conversation binding store")
struct ConversationBindingStoreTests {
    @Test("Binding is idempotent and assigns the guest's unassigned uploads")
    func bind() async throws {
        let harness = try AccessHarness()
        let a = try await harness.upload()
        let b = try await harness.upload(state: .scanning)
        let conversation = harness.conversationId
        let at = harness.clock.now
        #expect(
            try await harness.state.bindConversation(guestId: harness.guestId, conversationId: conversation, at: at)
                == 2)
        #expect(
            try await harness.state.bindConversation(guestId: harness.guestId, conversationId: conversation, at: at)
                == 2)
        #expect(try await harness.state.guests(conversationId: conversation) == [harness.guestId])
        for record in [a, b] {
            #expect(try await harness.state.upload(fileId: record.fileId)?.conversationId == conversation)
        }
        // A second conversation of the same guest takes none of the assigned files.
        let second = UUID().uuidString.lowercased()
        #expect(
            try await harness.state.bindConversation(
                guestId: harness.guestId, conversationId: second, at: at.addingTimeInterval(5)) == 0)
        #expect(try await harness.state.conversations(guestId: harness.guestId) == [second, conversation])
    }

    @Test("assignConversation keeps the first owner")
    func assign() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload()
        let first = UUID().uuidString.lowercased()
        #expect(try await harness.state.assignConversation(fileId: record.fileId, conversationId: first) == first)
        #expect(
            try await harness.state.assignConversation(
                fileId: record.fileId, conversationId: UUID().uuidString.lowercased()) == first)
        #expect(try await harness.state.assignConversation(fileId: RandomID.make(), conversationId: first) == nil)
    }

    @Test("markAnnounced records the first time only")
    func announce() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload()
        let at = harness.clock.now
        #expect(try await harness.state.announcedAt(fileId: record.fileId) == nil)
        #expect(try await harness.state.markAnnounced(fileId: record.fileId, at: at))
        #expect(try await harness.state.markAnnounced(fileId: record.fileId, at: at.addingTimeInterval(9)) == false)
        #expect(try await harness.state.announcedAt(fileId: record.fileId) == at)
        #expect(try await harness.state.markAnnounced(fileId: RandomID.make(), at: at) == false)
    }

    @Test("cleanUploads: assigned files and unassigned files of bound guests, clean only")
    func cleanUploads() async throws {
        let harness = try AccessHarness()
        let conversation = harness.conversationId
        let assigned = try await harness.upload()
        try await harness.state.bindConversation(
            guestId: harness.guestId, conversationId: conversation, at: harness.clock.now)
        harness.clock.advance(by: 1)
        let unassigned = try await harness.upload()
        _ = try await harness.upload(state: .rejected)
        let stranger = try await harness.upload(guest: RandomID.make())
        _ = try await harness.state.assignConversation(fileId: stranger.fileId, conversationId: conversation)
        harness.clock.advance(by: 1)
        let files = try await harness.state.cleanUploads(conversationId: conversation)
        #expect(Set(files.map(\.fileId)) == [assigned.fileId, unassigned.fileId, stranger.fileId])
    }
}
