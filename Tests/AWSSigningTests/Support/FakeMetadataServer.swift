import Foundation

/// Runs `Fixtures/fake_metadata_server.py` on a free loopback port for the duration of a test.
final class FakeMetadataServer: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let input: Pipe

    struct StartFailed: Error, CustomStringConvertible {
        let description: String
    }

    init(python: String) throws {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake_metadata_server.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        let reader = output.fileHandleForReading
        while true {
            let byte = reader.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw StartFailed(description: "fake_metadata_server.py did not print its port")
        }
        self.port = port
    }

    /// Stops the server by closing its stdin, and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
