import Foundation
import GuestClient
import Sandbox
import Testing

/// `attache chat --json`, the built binary, driven through a whole conversation by a script.
@Suite("attache chat --json")
struct ChatCommandTests {
    /// The `attache` binary next to the test bundle (`swift build --build-tests` builds both).
    static var binary: URL? {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("attache"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/attache"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test(
        "a scripted conversation: send, agent reply with a PDF shown with its resolved type, quit",
        .timeLimit(.minutes(2)))
    func scriptedConversation() async throws {
        let binary = try #require(Self.binary, "build the attache binary first (swift build --build-tests)")
        try await LiveSandbox.with { sandbox in
            let sessionFile = FileManager.default.temporaryDirectory.appendingPathComponent("chat-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: sessionFile) }
            let process = Process()
            process.executableURL = binary
            process.arguments = [
                "chat", "--json", "--url", sandbox.baseURL, "--deployment", sandbox.deploymentId,
                "--session-file", sessionFile.path,
            ]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            let lines = LineCollector()
            let handle = output.fileHandleForReading
            // Reading a pipe blocks: a thread of its own, ending at end of output.
            Thread {
                var buffer = Data()
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    buffer.append(chunk)
                    while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                        buffer.removeSubrange(buffer.startIndex...newline)
                        lines.append(line)
                    }
                }
            }.start()
            defer { if process.isRunning { process.terminate() } }
            input.fileHandleForWriting.write(Data("Hello from the script\n".utf8))
            try await eventually("the message delivered") { lines.records.contains { $0.event == "delivered" } }
            let conversationId = try #require(await sandbox.conversations().first?.id)
            _ = try await sandbox.state.acceptConversation(conversationId, agent: .defaultAgent)
            _ = try await sandbox.state.sendAgentMessage(
                conversationId, text: "Here is the form", attachments: [SampleAttachment.pdf.agentAttachment])
            try await eventually("the agent's attachment shown") {
                lines.records.contains { $0.attachments?.first?.category == "pdf" }
            }
            input.fileHandleForWriting.write(Data("/quit\n".utf8))
            try await eventually("the process exited", limit: .seconds(30)) { !process.isRunning }
            #expect(process.terminationStatus == 0)
            let records = lines.records
            let agent = try #require(
                records.first { $0.event == "message" && $0.direction == "Outbound" && $0.text != nil })
            #expect(agent.text == "Here is the form")
            #expect(agent.attachments?.first?.mimeType == "application/pdf")
            #expect(agent.attachments?.first?.previewable == true)
            let mine = records.filter { $0.event == "message" && $0.direction == "Inbound" }
            #expect(mine.map(\.text) == ["Hello from the script"])
            #expect(FileManager.default.fileExists(atPath: sessionFile.path), "the token persists between runs")
        }
    }
}

/// Output lines of the chat process, decoded, in order (appended from the reading thread).
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var decoded: [GuestEventRecord] = []

    func append(_ line: String) {
        guard let record = try? JSONDecoder().decode(GuestEventRecord.self, from: Data(line.utf8)) else { return }
        lock.withLock { decoded.append(record) }
    }

    var records: [GuestEventRecord] { lock.withLock { decoded } }
}
