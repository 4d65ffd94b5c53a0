import Foundation
import GuestClient
import Testing

@Suite("File session store")
struct FileSessionStoreTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("guest-\(UUID().uuidString)/session.json").path
    }

    @Test("a saved session loads back after a new store opens the file (an app restart)")
    func roundTrip() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let session = StoredSession(
            token: "t-1", deploymentId: "d-1",
            outbox: [OutboxItem(id: "m-1", text: "hi", metadata: ["attacheFileId": "f"], attempted: true)])
        #expect(try await FileSessionStore(path: path).load() == nil)
        try await FileSessionStore(path: path).save(session)
        #expect(try await FileSessionStore(path: path).load() == session)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "the token is private")
        try await FileSessionStore(path: path).clear()
        #expect(try await FileSessionStore(path: path).load() == nil)
    }

    @Test("a corrupt file is a clear error naming the file, not a silent new identity")
    func corruptFile() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        await #expect {
            try await FileSessionStore(path: path).load()
        } throws: { error in
            (error as? SessionStoreError)?.path == path
        }
    }

    @Test("a session for another deployment is not reused")
    func otherDeployment() async throws {
        let store = InMemorySessionStore(StoredSession(token: "old", deploymentId: "other"))
        let session = GuestSession(
            configuration: .custom(baseURL: "http://127.0.0.1:9", deploymentId: "mine"), store: store)
        #expect(try await session.token() != "old")
        #expect(await store.load()?.deploymentId == "mine")
    }

    @Test("region configurations use Genesys's host names")
    func regionURLs() {
        let configuration = GuestSessionConfiguration.region("mypurecloud.de", deploymentId: "a b")
        #expect(configuration.webSocketURL == "wss://webmessaging.mypurecloud.de/v1?deploymentId=a%20b")
        #expect(configuration.apiBaseURL == "https://api.mypurecloud.de")
        #expect(
            GuestSessionConfiguration.custom(baseURL: "http://127.0.0.1:8081/", deploymentId: "d").webSocketURL
                == "ws://127.0.0.1:8081/v1?deploymentId=d")
    }
}
