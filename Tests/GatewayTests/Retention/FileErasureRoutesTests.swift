import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

/// `DELETE /v1/files/{fileId}`: GDPR erasure by the owning guest.
@Suite("File erasure route")
struct FileErasureRoutesTests {
    /// A clean file of the guest behind `auth`, with its bytes in the clean area.
    static func cleanFile(
        _ harness: UploadRoutesHarness, auth: String, client: some TestClientProtocol
    ) async throws -> UploadRecord {
        let ticket = try await client.ticket(auth: auth, size: 3)
        let record = try #require(try await harness.state.upload(fileId: ticket.fileId))
        await harness.objects.put(key: record.objectKey, data: Data([1, 2, 3]))
        try await harness.objects.promote(key: record.objectKey, tags: [:])
        #expect(try await harness.state.transition(fileId: record.fileId, from: [.awaitingUpload], to: .clean))
        return record
    }

    @Test("The owner erases a file: 204, bytes gone, status deleted, audited once; twice is still 204")
    func ownerErases() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let record = try await Self.cleanFile(harness, auth: auth, client: client)
            #expect(await harness.objects.object(.clean, key: record.objectKey) != nil)
            for _ in 0..<2 {
                try await client.call("/v1/files/\(record.fileId)", .delete, auth: auth) { response in
                    #expect(response.status == .noContent)
                    #expect(response.headers[.cacheControl] == "no-store")
                }
            }
            #expect(await harness.objects.object(.clean, key: record.objectKey) == nil)
            #expect(await harness.objects.object(.quarantine, key: record.objectKey) == nil)
            let status = try await client.call("/v1/uploads/\(record.fileId)", .get, auth: auth) { response in
                try response.decode(UploadAPI.StatusResponse.self)
            }
            #expect(status.state == .deleted)
            #expect(status.reason == "erased")
            let audit = try await harness.state.auditEntries(fileId: record.fileId).filter {
                $0.action == "file.erased"
            }
            #expect(audit.count == 1)
            #expect(audit.first?.actor.hasPrefix("guest:") == true)
        }
    }

    @Test("Another guest's file, an unknown or malformed id: 404 and nothing touched; no credential: 401")
    func otherGuest() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let owner = try await client.guest()
            let stranger = try await client.guest()
            let record = try await Self.cleanFile(harness, auth: owner, client: client)
            for id in [
                record.fileId, RandomID.make(), "not-an-id", "..%2F..%2Fetc", String(repeating: "f", count: 400),
            ] {
                try await client.call("/v1/files/\(id)", .delete, auth: stranger) { response in
                    #expect(response.status == .notFound)
                    #expect(response.problemSlug == "upload-not-found")
                }
            }
            try await client.execute(uri: "/v1/files/\(record.fileId)", method: .delete) { response in
                #expect(response.status == .unauthorized)
            }
            #expect(try await harness.state.upload(fileId: record.fileId)?.state == .clean)
            #expect(await harness.objects.object(.clean, key: record.objectKey) != nil)
            #expect(
                try await harness.state.auditEntries(fileId: record.fileId).allSatisfy { $0.action != "file.erased" })
        }
    }

    @Test("After erasure the agent's link and the conversation's list no longer know the file")
    func linkDenied() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let record = try await Self.cleanFile(harness, auth: auth, client: client)
            let genesys = FakeGenesysPlatform()
            genesys.set(FakeGenesysPlatform.conversation("conv-1", agents: [("agent-1", "connected")]))
            let access = FileAccessService(
                state: harness.state, objects: harness.objects, genesys: genesys, linkLifetime: .seconds(60))
            _ = try await access.registerConversation(conversationId: "conv-1", guestId: record.guestId)
            let before = try await access.fileLink(
                conversationId: "conv-1", agentUserId: "agent-1", fileId: record.fileId)
            #expect(before.name == "allowed")
            try await client.call("/v1/files/\(record.fileId)", .delete, auth: auth) { response in
                #expect(response.status == .noContent)
            }
            for channel in FileAccessChannel.allCases {
                let after = try await access.fileLink(
                    conversationId: "conv-1", agentUserId: "agent-1", fileId: record.fileId, channel: channel)
                #expect(after == .denied(.unknownFile))
            }
            #expect(try await access.listFiles(conversationId: "conv-1").isEmpty)
        }
    }
}
