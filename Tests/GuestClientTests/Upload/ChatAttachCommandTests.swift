import Foundation
import GuestClient
import Sandbox
import Testing
import WebMessaging

/// `attache chat --json` with `/attach PATH`: the built binary uploads a file through a live
/// gateway (dev mode) and announces it to the sandbox conversation with `S3_FILE_UPLOADED` and
/// metadata `attacheFileId`.
@Suite("attache chat /attach")
struct ChatAttachCommandTests {
    @Test("/attach uploads through the gateway with progress lines, then sends S3_FILE_UPLOADED with the file id")
    func attachUploadsAndAnnounces() async throws {
        let binary = try #require(ChatCommandTests.binary, "build the attache binary first (swift build --build-tests)")
        let file = try TestFile.make(size: 12 << 20, seed: 7)
        defer { file.remove() }
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with { gateway in
                let sessionFile = FileManager.default.temporaryDirectory.appendingPathComponent("chat-\(UUID()).json")
                defer {
                    try? FileManager.default.removeItem(at: sessionFile)
                    try? FileManager.default.removeItem(atPath: sessionFile.path + ".uploads.json")
                }
                let process = Process()
                process.executableURL = binary
                process.arguments = [
                    "chat", "--json", "--url", sandbox.baseURL, "--deployment", sandbox.deploymentId,
                    "--session-file", sessionFile.path, "--gateway", gateway.baseURL,
                ]
                let input = Pipe()
                let output = Pipe()
                process.standardInput = input
                process.standardOutput = output
                try process.run()
                defer { if process.isRunning { process.terminate() } }
                let lines = RawLines.reading(output.fileHandleForReading)

                input.fileHandleForWriting.write(Data("/attach \(file.url.path)\n".utf8))
                try await eventually("the upload announced") {
                    lines.uploads.contains { $0.status == "sent" }
                }
                let sent = try #require(lines.uploads.first { $0.status == "sent" })
                let fileId = try #require(sent.fileId)
                let uploads = lines.uploads
                var progress: [UploadLine] = []
                for line in uploads where line.status == "progress" { progress.append(line) }
                #expect(progress.last?.bytesSent == file.size)
                #expect(progress.last?.partCount == 2)
                #expect(progress.first?.bytesSent == 0)

                try await eventually("the sandbox received the announcement") {
                    await sandbox.conversations().flatMap(\.messages).contains {
                        $0.message.text == "S3_FILE_UPLOADED" && $0.message.metadata?["attacheFileId"] == fileId
                    }
                }
                input.fileHandleForWriting.write(Data("/quit\n".utf8))
                try await eventually("the process exited", limit: .seconds(30)) { !process.isRunning }
                #expect(process.terminationStatus == 0)

                let uploader = GatewayUploader(
                    configuration: GatewayUploaderConfiguration(gatewayURL: gateway.baseURL),
                    credentials: .guestSession(
                        token: try #require(await sandboxToken(sessionFile)), deploymentId: sandbox.deploymentId))
                #expect(try await uploader.waitForFinalState(fileId: fileId).state == .clean)
                #expect(try gateway.cleanObjectSHA256() == file.sha256)
            }
        }
    }

    /// The session token `attache chat` persisted (the same guest may read its file's state).
    func sandboxToken(_ sessionFile: URL) async -> String? {
        try? await FileSessionStore(path: sessionFile.path).load()?.token
    }
}

/// One `{"event":"upload",…}` line of `attache chat --json`.
struct UploadLine: Decodable, Sendable {
    var event: String
    var status: String
    var fileId: String?
    var bytesSent: Int64?
    var totalBytes: Int64?
    var partCount: Int?
    var state: String?
    var error: String?
}

/// The upload lines a process prints, read on a thread of their own.
final class RawLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [UploadLine] = []

    static func reading(_ handle: FileHandle) -> RawLines {
        let collector = RawLines()
        Thread {
            var buffer = Data()
            while case let chunk = handle.availableData, !chunk.isEmpty {
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Data(buffer[buffer.startIndex..<newline])
                    buffer.removeSubrange(buffer.startIndex...newline)
                    if let upload = try? JSONDecoder().decode(UploadLine.self, from: line), upload.event == "upload" {
                        collector.lock.withLock { collector.lines.append(upload) }
                    }
                }
            }
        }.start()
        return collector
    }

    /// The upload lines so far.
    var uploads: [UploadLine] { lock.withLock { lines } }
}
