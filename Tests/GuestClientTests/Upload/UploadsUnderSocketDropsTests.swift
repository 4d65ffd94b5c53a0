import Foundation
import GuestClient
import Sandbox
import Testing
import WebMessaging

/// The attachment flow while the guest's WebSocket keeps dying: files go up through the live
/// gateway (dev mode) and each is announced in the conversation through the session's outbox
/// (`S3_FILE_UPLOADED` with `attacheFileId`, as `attache chat --attach` does), over a transport
/// that cuts the socket at random moments.
@Suite("Uploads while the guest socket is cut", .timeLimit(.minutes(3)))
struct UploadsUnderSocketDropsTests {
    static let keyword = "S3_FILE_UPLOADED"

    @Test("Six files uploaded while the socket is cut 16 times: each ends clean and is announced exactly once")
    func uploadsSurviveDrops() async throws {
        let files = try (0..<6).map { index in
            try TestFile.make(size: index.isMultiple(of: 2) ? 300_000 : 9 << 20, seed: UInt64(700 + index))
        }
        defer { files.forEach { $0.remove() } }
        try await LiveSandbox.with(deployment: GuestSessionLiveTests.generous) { sandbox in
            try await LiveGateway.with { gateway in
                // Armed once the conversation exists, so all 16 cuts fall among the uploads and
                // their announcements rather than in the set-up.
                let counter = ChaosCounter(limit: 16, armed: false)
                let session = GuestSession(
                    configuration: GuestSessionLiveTests.configuration(sandbox), store: InMemorySessionStore(),
                    transport: ChaosTransport(inner: WebSocketGuestTransport(), counter: counter, lifetime: 40...250))
                try await running(session) { _ in
                    _ = try await session.send(text: "hello")
                    try await eventually("the conversation exists") { await !sandbox.conversations().isEmpty }
                    let uploader = GatewayUploaderLiveTests.uploader(
                        gateway, token: GatewayUploaderLiveTests.token(), transport: RecordingTransport())
                    await counter.arm()
                    let fileIds = try await withThrowingTaskGroup(of: String.self) { group in
                        for (index, file) in files.enumerated() {
                            group.addTask {
                                let result = try await uploader.upload(
                                    GatewayUploadRequest(
                                        fileURL: file.url, filename: "scan-\(index).pdf", contentType: "application/pdf"
                                    ))
                                // Announce only once the socket has been cut at least once, so
                                // every announcement crosses a reconnect however fast the upload.
                                try await eventually("a cut during the uploads") { await counter.drops >= 1 }
                                _ = try await session.send(
                                    text: Self.keyword, metadata: ["attacheFileId": result.fileId])
                                return result.fileId
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    try await eventually("every announcement delivered") { try await session.pending().isEmpty }
                    try await eventually("the socket was cut 16 times") { await counter.drops == 16 }

                    for fileId in fileIds {
                        #expect(try await uploader.waitForFinalState(fileId: fileId).state == .clean)
                    }
                    let conversationId = try #require(await sandbox.conversations().first?.id)
                    let stored = try #require(await sandbox.state.conversation(id: conversationId))
                    let announced = stored.messages.filter {
                        $0.direction == .inbound && $0.message.text == Self.keyword
                    }
                    .compactMap { $0.message.metadata?["attacheFileId"] }
                    #expect(announced.count == files.count, "each announcement delivered once: \(announced)")
                    #expect(Set(announced) == Set(fileIds))
                }
            }
        }
    }
}
