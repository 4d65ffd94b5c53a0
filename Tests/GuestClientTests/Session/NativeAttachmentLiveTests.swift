import Foundation
import GuestClient
import NIOConcurrencyHelpers
import Sandbox
import Testing
import WebMessaging

/// The native Genesys attachment path (`onAttachment` → PUT → `UploadSuccessEvent` → `onMessage`)
/// against the sandbox over real sockets and real HTTP.
@Suite("Native attachments against the sandbox", .timeLimit(.minutes(2)))
struct NativeAttachmentLiveTests {
    /// PDFs and images up to 64 KiB, the default blocked extensions.
    static let deployment = DeploymentConfiguration(
        id: "guest-client-tests", allowedInboundFileTypes: ["application/pdf", "image/*"], maxFileSizeKB: 64,
        rateLimit: RateLimit(maxRequests: 100_000, windowSeconds: 1))

    static func file(_ name: String, bytes: Int) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("native-attachments-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        var data = Data("%PDF-1.7\n".utf8)
        data.append(Data((0..<max(0, bytes - data.count)).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        try data.write(to: url)
        return url
    }

    @Test("A PDF goes up natively and reaches the conversation as an attachment the agent sees, once")
    func attachmentReachesTheAgent() async throws {
        let url = try Self.file("receipt.pdf", bytes: 20_000)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try await LiveSandbox.with(deployment: Self.deployment) { sandbox in
            let session = GuestSession(
                configuration: GuestSessionLiveTests.configuration(sandbox), store: InMemorySessionStore())
            let steps = NIOLockedValueBox<[NativeAttachmentProgress]>([])
            try await running(session) { log in
                let sent = try await session.sendNativeAttachment(fileURL: url, text: "the receipt") { step in
                    steps.withLockedValue { $0.append(step) }
                }
                #expect(sent.fileName == "receipt.pdf")
                #expect(sent.fileType == "application/pdf")
                #expect(sent.fileSize == 20_000)
                #expect(!sent.downloadURL.isEmpty)
                try await eventually("the message carrying it was delivered") {
                    await log.delivered.contains(sent.clientMessageId)
                }
                let conversation = try #require(await sandbox.conversations().first)
                let carrying = conversation.messages.filter { record in
                    record.direction == .inbound && !record.message.attachments.isEmpty
                }
                #expect(carrying.count == 1, "the attachment message is stored once")
                let attachment = try #require(carrying.first?.message.attachments.first)
                #expect(attachment.id == sent.attachmentId)
                #expect(attachment.filename == "receipt.pdf")
                #expect(attachment.mime == "application/pdf")
                #expect(attachment.fileSize == 20_000)
                #expect(carrying.first?.message.text == "the receipt")
                let stored = try #require(await sandbox.state.attachment(id: sent.attachmentId))
                #expect(stored.data == (try Data(contentsOf: url)), "the agent gets the same bytes")
                let echoed = await log.events.contains { event in
                    guard case .message(let message) = event else { return false }
                    return message.attachments.contains { $0.id == sent.attachmentId }
                }
                #expect(echoed, "the guest sees its own attachment message")
                #expect(try await session.pending().isEmpty)
                #expect(
                    steps.withLockedValue { $0 } == [
                        .requestingURL(attachmentId: sent.attachmentId), .uploading(bytes: 20_000), .confirming,
                        .queued(clientMessageId: sent.clientMessageId),
                    ])
            }
        }
    }

    @Test("Oversize, blocked extension and disallowed type are refused with typed 4002/4001 errors; nothing queued")
    func refusalsAreTyped() async throws {
        let large = try Self.file("large.pdf", bytes: 70 * 1_024)
        let blocked = try Self.file("tool.exe", bytes: 2_000)
        let zip = try Self.file("bundle.zip", bytes: 2_000)
        defer {
            for url in [large, blocked, zip] {
                try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
            }
        }
        try await LiveSandbox.with(deployment: Self.deployment) { sandbox in
            let session = GuestSession(
                configuration: GuestSessionLiveTests.configuration(sandbox), store: InMemorySessionStore())
            try await running(session) { _ in
                let cases: [(URL, String?, ErrorCode)] = [
                    (large, nil, .fileSizeInvalid),
                    (blocked, "application/pdf", .fileTypeInvalid),
                    (zip, "application/zip", .fileTypeInvalid),
                ]
                for (url, type, code) in cases {
                    do {
                        _ = try await session.sendNativeAttachment(fileURL: url, contentType: type)
                        Issue.record("\(url.lastPathComponent) was accepted")
                    } catch let error as NativeAttachmentError {
                        #expect(error.kind == .refused, "\(url.lastPathComponent): \(error)")
                        #expect(error.code == code, "\(url.lastPathComponent): \(error)")
                        #expect(!error.message.isEmpty)
                    }
                }
                #expect(try await session.pending().isEmpty, "no message queued for a refused file")
                let inbound = await sandbox.conversations().flatMap(\.messages).filter { $0.direction == .inbound }
                #expect(inbound.isEmpty)
            }
        }
    }

    @Test("deleteAttachment removes an uploaded attachment; an unknown id is a typed 4009")
    func deleteAttachment() async throws {
        let url = try Self.file("photo.pdf", bytes: 4_000)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try await LiveSandbox.with(deployment: Self.deployment) { sandbox in
            let session = GuestSession(
                configuration: GuestSessionLiveTests.configuration(sandbox), store: InMemorySessionStore())
            try await running(session) { log in
                let sent = try await session.sendNativeAttachment(fileURL: url)
                try await eventually("delivered") { await log.delivered.contains(sent.clientMessageId) }
                #expect(await sandbox.state.attachment(id: sent.attachmentId) != nil)
                try await session.deleteAttachment(id: sent.attachmentId)
                #expect(await sandbox.state.attachment(id: sent.attachmentId) == nil)
                do {
                    try await session.deleteAttachment(id: UUID().uuidString.lowercased())
                    Issue.record("an unknown attachment was deleted")
                } catch let error as NativeAttachmentError {
                    #expect(error.kind == .server)
                    #expect(error.code == .attachmentNotFound)
                }
            }
        }
    }

    @Test("The README's native attachment example compiles and sends the file")
    func readmeExample() async throws {
        let photo = try Self.file("receipt.pdf", bytes: 3_000)
        defer { try? FileManager.default.removeItem(at: photo.deletingLastPathComponent()) }
        try await LiveSandbox.with(deployment: Self.deployment) { sandbox in
            let session = GuestSession(
                configuration: GuestSessionLiveTests.configuration(sandbox), store: InMemorySessionStore())
            try await running(session) { _ in
                // README native example, begin
                do {
                    let sent = try await session.sendNativeAttachment(fileURL: photo, text: "the receipt")
                    print("attachment", sent.attachmentId, "queued as", sent.clientMessageId)
                } catch let error as NativeAttachmentError where error.kind == .refused {
                    print("refused:", error.code?.rawValue ?? 0, error.message)  // 4001 type, 4002 size, 4004/4005 name
                }
                // README native example, end
                try await eventually("delivered") { try await session.pending().isEmpty }
                #expect(await sandbox.conversations().flatMap(\.messages).contains { !$0.message.attachments.isEmpty })
            }
        }
    }

    /// Records the native PUTs (method, headers) and forwards them.
    final class PutRecorder: UploadHTTPTransport {
        let inner = AsyncHTTPUploadTransport()
        let puts = NIOLockedValueBox<[(method: String, headers: [String: String], bytes: Int)]>([])

        func execute(_ request: UploadHTTPRequest) async throws -> UploadHTTPResponse {
            puts.withLockedValue { $0.append((request.method, request.headers, request.body?.count ?? 0)) }
            return try await inner.execute(request)
        }
    }

    @Test("The file goes up in one PUT carrying exactly the PresignedUrlResponse's headers")
    func putCarriesExactlyThePresignedHeaders() async throws {
        let url = try Self.file("plan.pdf", bytes: 5_000)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try await LiveSandbox.with(deployment: Self.deployment) { sandbox in
            let recorder = PutRecorder()
            let session = GuestSession(
                configuration: GuestSessionLiveTests.configuration(sandbox), store: InMemorySessionStore(),
                attachmentTransport: recorder)
            try await running(session) { _ in
                _ = try await session.sendNativeAttachment(fileURL: url, contentType: "application/pdf")
                let puts = recorder.puts.withLockedValue { $0 }
                #expect(puts.count == 1)
                #expect(puts.first?.method == "PUT")
                #expect(puts.first?.headers == ["Content-Type": "application/pdf"], "the sandbox's presigned headers")
                #expect(puts.first?.bytes == 5_000)
            }
        }
    }

    /// Adds bytes to every PUT body: a file that grew after it was declared.
    struct InflatingTransport: UploadHTTPTransport {
        let inner = AsyncHTTPUploadTransport()
        let extra: Int

        func execute(_ request: UploadHTTPRequest) async throws -> UploadHTTPResponse {
            var request = request
            request.body?.append(Data(repeating: 0x41, count: extra))
            return try await inner.execute(request)
        }
    }

    @Test("Bytes beyond the cap after a valid declaration: UploadFailureEvent surfaces as a typed 4002, nothing queued")
    func uploadFailureIsTyped() async throws {
        let url = try Self.file("grown.pdf", bytes: 60 * 1_024)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try await LiveSandbox.with(deployment: Self.deployment) { sandbox in
            let session = GuestSession(
                configuration: GuestSessionLiveTests.configuration(sandbox), store: InMemorySessionStore(),
                attachmentTransport: InflatingTransport(extra: 4 * 1_024 + 1))
            try await running(session) { _ in
                do {
                    _ = try await session.sendNativeAttachment(fileURL: url)
                    Issue.record("accepted")
                } catch let error as NativeAttachmentError {
                    #expect(error.kind == .uploadFailed, "\(error)")
                    #expect(error.code == .fileSizeInvalid)
                }
                #expect(try await session.pending().isEmpty)
            }
        }
    }
}
