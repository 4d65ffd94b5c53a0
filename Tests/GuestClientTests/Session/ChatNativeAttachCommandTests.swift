import Foundation
import NIOConcurrencyHelpers
import Sandbox
import Testing
import WebMessaging

/// `attache chat --json` with `/attach-native PATH` against the sandbox: the built binary sends a
/// file through the native Genesys attachment path; an oversize one is a typed failure line.
@Suite("attache chat /attach-native")
struct ChatNativeAttachCommandTests {
    /// Every JSON object line the process prints.
    final class JSONLines: Sendable {
        private let lines = NIOLockedValueBox<[[String: any Sendable]]>([])

        static func reading(_ handle: FileHandle) -> JSONLines {
            let collector = JSONLines()
            Thread {
                var buffer = Data()
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    buffer.append(chunk)
                    while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = Data(buffer[buffer.startIndex..<newline])
                        buffer.removeSubrange(buffer.startIndex...newline)
                        if let object = try? JSONSerialization.jsonObject(with: line) as? [String: any Sendable] {
                            collector.lines.withLockedValue { $0.append(object) }
                        }
                    }
                }
            }.start()
            return collector
        }

        func events(_ name: String) -> [[String: any Sendable]] {
            lines.withLockedValue { $0.filter { $0["event"] as? String == name } }
        }
    }

    @Test("/attach-native sends a PDF the agent sees; an oversize file prints a failed line with code 4002")
    func attachNative() async throws {
        let binary = try #require(ChatCommandTests.binary, "build the attache binary first (swift build --build-tests)")
        let small = try NativeAttachmentLiveTests.file("invoice.pdf", bytes: 8_000)
        let large = try NativeAttachmentLiveTests.file("scan.pdf", bytes: 80 * 1_024)
        defer {
            for url in [small, large] { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        }
        try await LiveSandbox.with(deployment: NativeAttachmentLiveTests.deployment) { sandbox in
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
            defer { if process.isRunning { process.terminate() } }
            let lines = JSONLines.reading(output.fileHandleForReading)

            input.fileHandleForWriting.write(Data("/attach-native \(small.path)\n/attach-native \(large.path)\n".utf8))
            try await eventually("both reported") { lines.events("nativeAttachment").count == 2 }
            let reports = lines.events("nativeAttachment")
            let sent = try #require(reports.first { $0["status"] as? String == "sent" })
            let failed = try #require(reports.first { $0["status"] as? String == "failed" })
            let attachmentId = try #require(sent["attachmentId"] as? String)
            #expect(sent["fileType"] as? String == "application/pdf")
            #expect(failed["filename"] as? String == "scan.pdf")
            #expect(failed["kind"] as? String == "refused")
            #expect(failed["code"] as? Int == 4002)

            try await eventually("the agent sees the attachment") {
                await sandbox.conversations().flatMap(\.messages).contains { record in
                    record.direction == .inbound && record.message.attachments.contains { $0.id == attachmentId }
                }
            }
            try await eventually("the guest's own message event shows the resolved type") {
                lines.events("message").contains { line in
                    let attachments = line["attachments"] as? [[String: any Sendable]] ?? []
                    return attachments.contains {
                        $0["id"] as? String == attachmentId && $0["category"] as? String == "pdf"
                    }
                }
            }
            input.fileHandleForWriting.write(Data("/quit\n".utf8))
            try await eventually("the process exited", limit: .seconds(30)) { !process.isRunning }
            #expect(process.terminationStatus == 0)
        }
    }
}
