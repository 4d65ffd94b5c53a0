import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// One `attache serve` process of the replica and process-kill tests: the built CLI, started with
/// its own listen port and a shared configuration, its output in a log file. The test signals it
/// (SIGKILL, SIGTERM) by process id; ``stop()`` kills whatever is left when the test ends.
final class GatewayReplica: @unchecked Sendable {
    let name: String
    let port: Int
    let logURL: URL
    private let process: Process
    private let log: FileHandle
    private let exitedAt = ExitInstant()

    var url: String { "http://127.0.0.1:\(port)" }
    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    /// When the process was seen to exit (its termination handler ran).
    var exitInstant: ContinuousClock.Instant? { exitedAt.instant.withLockedValue { $0 } }

    /// The `attache` binary next to the test bundle (`swift build --build-tests` builds both).
    static func binary() throws -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = directory.appendingPathComponent("attache")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw ReplicaTestError("build the CLI first: swift build --build-tests builds \(binary.path)")
        }
        return binary
    }

    /// A copy of ``binary()`` in `directory`, for a test that starts the CLI many times: a
    /// rebuild of the shared `.build` does not pull it away mid-test.
    static func copyOfBinary(in directory: URL) throws -> URL {
        let copy = directory.appendingPathComponent("attache")
        try FileManager.default.copyItem(at: try binary(), to: copy)
        return copy
    }

    /// Starts `attache serve` (`executable`, by default ``binary()``) on `port` with `settings`
    /// over a clean environment (no caller's `ATTACHE_*` or AWS variables).
    init(name: String, port: Int, settings: [String: String], directory: URL, executable: URL? = nil) throws {
        self.name = name
        self.port = port
        logURL = directory.appendingPathComponent("\(name).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
            throw ReplicaTestError("cannot create \(logURL.path)")
        }
        log = try FileHandle(forWritingTo: logURL)
        process = Process()
        process.executableURL = try executable ?? Self.binary()
        process.arguments = ["serve"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("ATTACHE_") && !$0.key.hasPrefix("AWS_")
        }
        environment.merge(settings) { _, new in new }
        environment["ATTACHE_PORT"] = "\(port)"
        environment["ATTACHE_PUBLIC_URL"] = "http://127.0.0.1:\(port)"
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [exitedAt] _ in exitedAt.instant.withLockedValue { $0 = .now } }
        try process.run()
    }

    /// Waits until `/healthz` answers 200.
    func waitUntilReady(within limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw ReplicaTestError("\(name) exited during start-up:\n\(logTail())")
            }
            var request = HTTPClientRequest(url: url + "/healthz")
            request.method = .GET
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)),
                response.status.code == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ReplicaTestError("\(name) did not answer /healthz within \(limit):\n\(logTail())")
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits (bounded) for the process to exit; its exit status, or `nil` when it is still
    /// running or was ended by a signal.
    func waitForExit(within limit: Duration) async -> (exited: Bool, status: Int32?) {
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard !process.isRunning else { return (false, nil) }
        return (true, process.terminationReason == .exit ? process.terminationStatus : nil)
    }

    /// Kills the process if it still runs, reaps it and closes the log.
    func stop() async {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            _ = await waitForExit(within: .seconds(10))
        }
        try? log.close()
    }

    /// The last lines of the process's output.
    func logTail(lines: Int = 40) -> String {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// The lines of the process's output that contain `needle`.
    func logLines(containing needle: String) -> [String] {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.contains(needle) }.map(String.init)
    }
}

/// When a replica's process exited, set by its termination handler.
final class ExitInstant: Sendable {
    let instant = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
}

/// A failure of the replica test's own machinery or a bounded wait that ran out.
struct ReplicaTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
