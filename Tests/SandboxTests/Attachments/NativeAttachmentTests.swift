import Foundation
import NIOHTTP1
import Testing
import WebMessaging

@testable import Sandbox

/// The native Genesys attachment flow: onAttachment → PresignedUrlResponse → PUT → UploadSuccessEvent.
@Suite("Native attachments over a real WebSocket")
struct NativeAttachmentTests {
    static let deployment = DeploymentConfiguration(
        id: "files", allowedInboundFileTypes: ["image/*", "application/pdf"], maxFileSizeKB: 1
    )

    func requestUpload(
        _ guest: GuestTestSocket,
        id: String,
        name: String,
        type: String,
        size: Int
    ) async throws -> ServerMessage {
        try guest.send(
            .onAttachment(
                OnAttachmentRequest(
                    token: guest.token, attachmentId: id, fileName: name, fileType: type, fileSize: size,
                    tracingId: "att-\(id)"
                )))
        return try #require(try await guest.next())
    }

    @Test("upload, success event, download, send in a message, get and delete")
    func fullFlow() async throws {
        try await SandboxHarness.with(SandboxHarness.configuration(deployment: Self.deployment)) { sandbox in
            try await sandbox.withGuest { guest in
                let session = try await guest.configure(deploymentId: sandbox.deploymentId)
                #expect(session.allowedMedia?.inbound?.fileTypes?.map(\.type) == ["image/*", "application/pdf"])
                let bytes = Data([0x89, 0x50, 0x4E, 0x47] + Array(repeating: 7, count: 100))
                let presigned = try await requestUpload(
                    guest, id: "a-1", name: "cat.png", type: "image/png", size: bytes.count
                )
                guard case .presignedUrlResponse(let upload) = presigned.body else {
                    throw HarnessError("expected PresignedUrlResponse, got \(presigned.className)")
                }
                #expect(presigned.tracingId == "att-a-1")
                let headers = upload.headers.map { ($0.key, $0.value) }
                #expect(try await sandbox.http(.PUT, upload.url, headers: headers, body: bytes).status == 200)
                let success = try await guest.next(.uploadSuccessEvent)
                guard case .uploadSuccessEvent(let event) = success.body else { throw HarnessError("no success") }
                #expect(event.attachmentId == "a-1")
                let download = try await sandbox.http(.GET, event.downloadUrl)
                #expect(download.status == 200)
                #expect(download.body == bytes)
                #expect(try await sandbox.http(.PUT, upload.url, body: bytes).status == 403)

                let echo = try await guest.say("see attached", attachmentIds: ["a-1"])
                guard case .structuredMessage(let message) = echo.body else { throw HarnessError("no echo") }
                let attachment = try #require(message.attachments.first)
                #expect(attachment.filename == "cat.png")
                #expect(attachment.mediaType == .image)
                #expect(attachment.fileSize == bytes.count)

                try guest.send(.getAttachment(GetAttachmentRequest(token: guest.token, attachmentId: "a-1")))
                let url = try await guest.next(.presignedUrlResponse)
                guard case .presignedUrlResponse(let got) = url.body else { throw HarnessError("no url") }
                // The shape Genesys's transport SDK reads as a refreshed download URL, not an upload URL.
                #expect(got.headers.isEmpty)
                #expect(got.fileSize == bytes.count)
                #expect(try await sandbox.http(.GET, got.url).body == bytes)

                try guest.send(.deleteAttachment(DeleteAttachmentRequest(token: guest.token, attachmentId: "a-1")))
                let deleted = try await guest.next(.attachmentDeletedResponse)
                guard case .attachmentDeletedResponse(let body) = deleted.body else { throw HarnessError("no delete") }
                #expect(body.attachmentId == "a-1")
                #expect(try await sandbox.http(.GET, got.url).status == 404)
            }
        }
    }

    @Test("disallowed type, blocked extension, declared size and bad names give GenerateUrlError codes")
    func rejectedRequests() async throws {
        try await SandboxHarness.with(SandboxHarness.configuration(deployment: Self.deployment)) { sandbox in
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                let cases: [(String, String, Int, ErrorCode)] = [
                    ("movie.mp4", "video/mp4", 10, .fileTypeInvalid),
                    ("tool.exe", "application/pdf", 10, .fileTypeInvalid),
                    ("big.pdf", "application/pdf", 2_048, .fileSizeInvalid),
                    ("../etc/passwd", "application/pdf", 10, .fileNameInvalid),
                    (String(repeating: "n", count: 300) + ".pdf", "application/pdf", 10, .fileNameTooLong),
                ]
                for (index, (name, type, size, code)) in cases.enumerated() {
                    let reply = try await requestUpload(guest, id: "r-\(index)", name: name, type: type, size: size)
                    guard case .generateUrlError(let error) = reply.body else {
                        Issue.record("\(name): expected GenerateUrlError, got \(reply.className)")
                        continue
                    }
                    #expect(error.errorCode == code, "\(name)")
                    #expect(error.attachmentId == "r-\(index)")
                }
            }
        }
    }

    @Test("an upload larger than the cap gives UploadFailureEvent 4002; unknown attachments in messages give 4009")
    func oversizedUpload() async throws {
        try await SandboxHarness.with(SandboxHarness.configuration(deployment: Self.deployment)) { sandbox in
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                let presigned = try await requestUpload(
                    guest, id: "b-1", name: "doc.pdf", type: "application/pdf", size: 10
                )
                guard case .presignedUrlResponse(let upload) = presigned.body else { throw HarnessError("no url") }
                let status = try await sandbox.http(.PUT, upload.url, body: Data(count: 1_025)).status
                #expect(status == 400)
                let failure = try await guest.next(.uploadFailureEvent)
                guard case .uploadFailureEvent(let event) = failure.body else { throw HarnessError("no failure") }
                #expect(event.errorCode == .fileSizeInvalid)

                let pending = try await requestUpload(
                    guest, id: "b-2", name: "doc.pdf", type: "application/pdf", size: 10
                )
                #expect(pending.className == .presignedUrlResponse)
                #expect(try await guest.say("early", attachmentIds: ["b-2"]).code == 4010)
                #expect(try await guest.say("unknown", attachmentIds: ["zzz"]).code == 4009)
            }
        }
    }
}
