import Clamd
import Foundation
import NIOCore
import NIOPosix
import TestSupport

/// A private clamd for tests that need special limits or must stop it: its own config, the
/// test signature database from `ATTACHE_TEST_CLAMD_DB`, a free loopback port (and optionally a
/// Unix socket), started from `ATTACHE_TEST_CLAMD_BIN`.
final class OwnClamd {
    let process: Process
    let directory: URL
    let tcpAddress: ClamdAddress
    let unixAddress: ClamdAddress?

    /// Starts clamd with the given extra configuration lines and waits until it answers PING.
    init(extraConfiguration: [String], unixSocket: Bool = false) async throws {
        let binary = try TestEnvironment.require(.clamdBinary)
        let database = try TestEnvironment.require(.clamdDatabase)
        directory = try TestData.temporaryDirectory()
        let port = try await freeLoopbackPort()
        tcpAddress = .tcp(host: "127.0.0.1", port: port)
        let socketPath = directory.appendingPathComponent("clamd.sock").path
        unixAddress = unixSocket ? .unix(path: socketPath) : nil
        var lines = [
            "DatabaseDirectory \(database)",
            "TemporaryDirectory \(directory.path)",
            "TCPSocket \(port)",
            "TCPAddr 127.0.0.1",
            "Foreground yes",
            "LogFile \(directory.appendingPathComponent("clamd.log").path)",
        ]
        if unixSocket { lines.append("LocalSocket \(socketPath)") }
        lines += extraConfiguration
        let config = directory.appendingPathComponent("clamd.conf")
        try lines.joined(separator: "\n").appending("\n").write(to: config, atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--config-file=\(config.path)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let client = ClamdClient(address: tcpAddress, configuration: .init(connectTimeout: .seconds(1)))
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                try await client.ping()
                return
            } catch {
                guard ContinuousClock.now < deadline, process.isRunning else {
                    stop()
                    throw OwnClamdError.didNotStart(log: log)
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// clamd's log so far, for failure messages.
    var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("clamd.log"), encoding: .utf8)) ?? "(no log)"
    }

    /// Kills clamd at once (SIGKILL), as a crash would.
    func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Stops clamd and removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    enum OwnClamdError: Error, CustomStringConvertible {
        case didNotStart(log: String)
        var description: String {
            switch self {
            case .didNotStart(let log): "own clamd did not answer PING within 30 s; log:\n\(log)"
            }
        }
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
func freeLoopbackPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}
