import AsyncHTTPClient
import Clamd
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport

/// A dependency the test runs itself (moto's server, clamd) on a free loopback port, so a fault
/// test may pause it (SIGSTOP: the port still accepts connections, nothing answers), resume it
/// (SIGCONT) or stop it without touching the services other tests share.
final class StoppableService: @unchecked Sendable {
    let name: String
    let port: Int
    let directory: URL
    private let process: Process

    var isRunning: Bool { process.isRunning }

    private init(name: String, port: Int, directory: URL, executable: String, arguments: [String]) throws {
        self.name = name
        self.port = port
        self.directory = directory
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let log = directory.appendingPathComponent("\(name).out")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw ReplicaTestError("cannot create \(log.path)")
        }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Whether the test can start both: moto in `ATTACHE_TEST_PYTHON` (as `scripts/test`
    /// installs it), the clamd binary and its test database (always true under `CI=true`).
    static var available: Bool {
        TestEnvironment.isAvailable(.python) && TestEnvironment.isAvailable(.clamdBinary)
            && TestEnvironment.isAvailable(.clamdDatabase)
    }

    /// moto's server (`ATTACHE_TEST_PYTHON -m moto.server`), answering on `/moto-api/`.
    static func moto(directory: URL) async throws -> StoppableService {
        let python = try TestEnvironment.require(.python)
        let port = try await RecoveryEndToEndHarness.freeLoopbackPort()
        let service = try StoppableService(
            name: "moto", port: port, directory: directory, executable: python,
            arguments: ["-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"])
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, service.isRunning {
            var request = HTTPClientRequest(url: "\(service.url)/moto-api/")
            request.method = .GET
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)),
                response.status.code == 200
            {
                return service
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        await service.stop()
        throw ReplicaTestError("moto did not start on port \(port)")
    }

    /// clamd with the test database (`ATTACHE_TEST_CLAMD_BIN`, `ATTACHE_TEST_CLAMD_DB`),
    /// configured as `scripts/test` does, answering `PING`.
    static func clamd(directory: URL) async throws -> StoppableService {
        let binary = try TestEnvironment.require(.clamdBinary)
        let database = try TestEnvironment.require(.clamdDatabase)
        let port = try await RecoveryEndToEndHarness.freeLoopbackPort()
        let temporary = directory.appendingPathComponent("clamd-tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let configuration = directory.appendingPathComponent("clamd.conf")
        try """
        DatabaseDirectory \(database)
        TemporaryDirectory \(temporary.path)
        TCPSocket \(port)
        TCPAddr 127.0.0.1
        Foreground yes
        StreamMaxLength 200M
        AlertExceedsMax yes
        MaxFileSize 200M
        MaxScanSize 200M
        MaxRecursion 16
        MaxFiles 10000

        """.write(to: configuration, atomically: true, encoding: .utf8)
        let service = try StoppableService(
            name: "clamd", port: port, directory: directory, executable: binary,
            arguments: ["--config-file=\(configuration.path)"])
        let client = ClamdClient(address: try ClamdAddress(parsing: service.address))
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline, service.isRunning {
            if (try? await client.ping()) != nil { return service }
            try await Task.sleep(for: .milliseconds(200))
        }
        await service.stop()
        throw ReplicaTestError("clamd did not start on port \(port)")
    }

    /// `http://127.0.0.1:PORT`.
    var url: String { "http://127.0.0.1:\(port)" }
    /// `tcp://127.0.0.1:PORT`.
    var address: String { "tcp://127.0.0.1:\(port)" }

    /// SIGSTOP: the process is frozen, its port still accepts connections.
    func pause() {
        if process.isRunning { kill(process.processIdentifier, SIGSTOP) }
    }

    /// SIGCONT.
    func resume() {
        if process.isRunning { kill(process.processIdentifier, SIGCONT) }
    }

    /// Kills the process (resumed first, so it can die) and waits for it.
    func stop() async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGCONT)
        kill(process.processIdentifier, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
