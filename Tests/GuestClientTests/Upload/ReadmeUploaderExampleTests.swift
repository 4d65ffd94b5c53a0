import Foundation
import GuestClient
import Sandbox
import Testing
import WebMessaging

/// The README's uploader example, compiled and run against a live gateway and sandbox so it
/// cannot rot.
@Suite("README uploader example")
struct ReadmeUploaderExampleTests {
    @Test("the README's uploader example uploads a file and announces it to the conversation")
    func readmeUploaderExample() async throws {
        let sample = try TestFile.make(size: 9 << 20, seed: 8)
        defer { sample.remove() }
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with { gateway in
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("readme-upload-\(UUID())")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: directory) }
                let session = GuestSession(
                    configuration: .custom(baseURL: sandbox.baseURL, deploymentId: sandbox.deploymentId),
                    store: InMemorySessionStore())
                let deploymentId = sandbox.deploymentId
                let file = sample.url
                let resumePath = directory.appendingPathComponent("uploads.json").path
                let gatewayURL = gateway.baseURL
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await session.run() }

                    // README example, begin
                    let uploader = GatewayUploader(
                        configuration: GatewayUploaderConfiguration(gatewayURL: gatewayURL),  // concurrency, retry
                        credentials: .guestSession(token: try await session.token(), deploymentId: deploymentId),
                        resumeStore: FileUploadResumeStore(path: resumePath)
                    )
                    let upload = uploader.start(GatewayUploadRequest(fileURL: file, contentType: "application/pdf"))
                    for await step in upload.progress { print("\(Int(step.fraction * 100)) %") }
                    let result = try await upload.result()  // completed; the gateway scans it next
                    try await session.send(text: "S3_FILE_UPLOADED", metadata: ["attacheFileId": result.fileId])
                    // README example, end

                    try await eventually("the announcement delivered") {
                        await sandbox.conversations().flatMap(\.messages).contains {
                            $0.message.metadata?["attacheFileId"] == result.fileId
                        }
                    }
                    #expect(try await uploader.waitForFinalState(fileId: result.fileId).state == .clean)
                    group.cancelAll()
                }
            }
        }
    }
}
