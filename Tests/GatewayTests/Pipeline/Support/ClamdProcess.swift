import Clamd
import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A clamd of the test's own, on a free 127.0.0.1 port, with the EICAR-only test database
/// (`ATTACHE_TEST_CLAMD_BIN`, `ATTACHE_TEST_CLAMD_DB`; configured as `scripts/test` does), that
/// the test can kill and start again on the same port.
final class ClamdProcess: @unchecked Sendable {
    /// The port it listens on, the same across restarts.
    let port: Int
    let directory: URL
    let binary: String
    let database: String
    // Touched only by the test task that owns this instance.
    private var process: Process?

    /// `tcp://127.0.0.1:PORT`.
    var address: String { "tcp://127.0.0.1:\(port)" }

    init() throws {
        binary = try TestEnvironment.require(.clamdBinary)
        database = try TestEnvironment.require(.clamdDatabase)
        port = try Self.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-clamd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        let configuration = """
            DatabaseDirectory \(database)
            TemporaryDirectory \(directory.appendingPathComponent("tmp").path)
            TCPSocket \(port)
            TCPAddr 127.0.0.1
            Foreground yes
            LogFile \(directory.appendingPathComponent("clamd.log").path)
            LogTime yes
            StreamMaxLength 200M
            AlertExceedsMax yes
            MaxFileSize 200M
            MaxScanSize 400M
            MaxRecursion 16
            MaxFiles 10000

            """
        try configuration.write(to: configurationFile, atomically: true, encoding: .utf8)
    }

    private var configurationFile: URL { directory.appendingPathComponent("clamd.conf") }

    /// Starts clamd and waits until it answers `PING` (bounded; throws when it exits or never answers).
    func start(limit: Duration = .seconds(90)) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--config-file=\(configurationFile.path)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let client = ClamdClient(address: try ClamdAddress(parsing: address))
        let deadline = ContinuousClock.now + limit
        while true {
            do throws(ClamdError) {
                try await client.ping()
                return
            } catch {
                guard process.isRunning else { throw ClamdProcessError("clamd exited during start-up: \(log())") }
                guard ContinuousClock.now < deadline else {
                    throw ClamdProcessError("clamd did not answer within \(limit): \(error)")
                }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Sends `signal` (SIGKILL, SIGTERM) and waits until the process has exited.
    func stop(signal: Int32 = SIGKILL) async {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        self.process = nil
    }

    /// Stops clamd and removes its files.
    func cleanUp() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The tail of clamd's log, for failure messages.
    func log() -> String {
        let text = (try? String(contentsOf: directory.appendingPathComponent("clamd.log"), encoding: .utf8)) ?? ""
        return String(text.suffix(2_000))
    }

    /// A port nothing listens on right now (bound to 127.0.0.1:0 and released).
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw ClamdProcessError("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw ClamdProcessError("cannot bind a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct ClamdProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
