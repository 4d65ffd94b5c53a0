import Foundation
import NIOHTTP1
import Testing

/// The embedded object store when the file system refuses a write with `EFBIG`: `attache serve`
/// (dev mode, `ATTACHE_STORE=local:…`) runs as a child process with `RLIMIT_FSIZE` at 2 MiB
/// (`ulimit -f 2048`, `SIGXFSZ` ignored so the write fails instead of killing it), a real limit of
/// the kernel that needs no privileges; ``DiskFullTests`` covers `ENOSPC` on a tmpfs, which needs
/// root to mount.
///
/// A 3 MiB PUT must get 507 `InsufficientStorage`, leave no temporary file and no object, be
/// refused by `complete`, and the gateway must go on serving (a 1 MiB file is promoted).
@Suite("Failures: file size limit for the embedded store", .serialized)
struct FileSizeLimitTests {
    @Test("a write refused with EFBIG answers 507 and keeps nothing")
    func fileSizeLimit() async throws {
        let binary = try GatewayReplica.binary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-fsize-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try await RecoveryEndToEndHarness.freeLoopbackPort()
        let root = directory.appendingPathComponent("objects")
        let log = directory.appendingPathComponent("gateway.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw FailureTestError("cannot create \(log.path)")
        }
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #"trap '' XFSZ; ulimit -f 2048; exec "$0" serve"#, binary.path]
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("ATTACHE_") && !$0.key.hasPrefix("AWS_")
        }
        environment.merge([
            "ATTACHE_HOST": "127.0.0.1", "ATTACHE_PORT": "\(port)", "ATTACHE_PUBLIC_URL": "http://127.0.0.1:\(port)",
            "ATTACHE_DATABASE_URL": "sqlite:\(directory.path)/state.sqlite", "ATTACHE_STORE": "local:\(root.path)",
        ]) { _, new in new }
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let client = FailureClient(baseURL: "http://127.0.0.1:\(port)")
        let up = await FailureClient.eventually(within: .seconds(30)) {
            (try? await client.send(.GET, "/livez").status) == 200
        }
        guard up else {
            throw FailureTestError(
                "the gateway did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        let credential = try await client.registerGuest()

        let large = Data(repeating: UInt8(ascii: "b"), count: 3 << 20)
        let refusedTicket = try FailureClient.ticket(
            in: try await client.requestTicket(filename: "large.txt", size: large.count, credential: credential))
        let refused = try await client.put(large, refusedTicket)
        print("file size limit test: PUT answered \(refused.status): \(refused.text)")
        #expect(refused.status == 507, "EFBIG answers 507, not \(refused.status)")
        #expect(refused.text.contains("<Code>InsufficientStorage</Code>"))
        let temporary =
            (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path)) ?? []
        #expect(temporary.isEmpty, "no temporary file is left: \(temporary)")
        let quarantined =
            FileManager.default.enumerator(atPath: root.appendingPathComponent("quarantine").path)?
            .compactMap { $0 as? String }.filter { $0.contains(refusedTicket.fileId) } ?? []
        #expect(quarantined.isEmpty, "no object or sidecar: \(quarantined)")
        #expect(try await client.complete(refusedTicket.fileId, credential: credential).status == 409)
        #expect(try await client.state(refusedTicket.fileId, credential: credential) == "awaiting_upload")

        let fits = Data(repeating: UInt8(ascii: "c"), count: 1 << 20)
        let ticket = try FailureClient.ticket(
            in: try await client.requestTicket(filename: "fits.txt", size: fits.count, credential: credential))
        #expect(try await client.put(fits, ticket).status == 200)
        #expect(try await client.complete(ticket.fileId, credential: credential).status == 200)
        #expect(
            try await client.waitForFinalState(ticket.fileId, credential: credential, within: .seconds(30)) == "clean")
        #expect(process.isRunning, "the gateway survived the refused write")
    }
}
