#if canImport(Security)
import Foundation
import GuestClient
import Testing

/// Apple platforms only (this file is not compiled on Linux): the Keychain store round trip.
@Suite("Keychain session store")
struct KeychainSessionStoreTests {
    @Test("token in the Keychain, outbox in the file: saved, loaded anew, cleared; half a store loads as none")
    func roundTrip() async throws {
        let service = "dev.attache.tests.\(UUID().uuidString)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(service)
        let fileURL = directory.appendingPathComponent("guest-session.json")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = KeychainSessionStore(service: service, fileURL: fileURL)
        let session = StoredSession(token: "t-1", deploymentId: "d-1", outbox: [OutboxItem(text: "hi")])
        try await store.save(session)
        #expect(try await KeychainSessionStore(service: service, fileURL: fileURL).load() == session)
        let file = try String(contentsOf: fileURL, encoding: .utf8)
        #expect(!file.contains("t-1"), "the token is not in the file")
        try await store.clear()
        #expect(try await store.load() == nil)
        try await store.save(session)
        try FileManager.default.removeItem(at: fileURL)
        #expect(try await store.load() == nil, "a token without its file is no session")
        try await store.clear()
    }
}
#endif
