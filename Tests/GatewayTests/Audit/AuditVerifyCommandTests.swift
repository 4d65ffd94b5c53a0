import Foundation
import GRDB
import Testing

@testable import Gateway

/// `attache audit verify` as an operator runs it: the built binary next to the test bundle,
/// against a temporary SQLite database.
@Suite("attache audit verify (CLI)")
struct AuditVerifyCommandTests {
    struct Run {
        var status: Int32
        var output: String
    }

    private func attache() throws -> URL {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("attache")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the CLI first (swift build --build-tests builds \(binary.path))")
        return binary
    }

    private func verify(_ path: String, _ arguments: [String] = [], in directory: URL) throws -> Run {
        let process = Process()
        process.executableURL = try attache()
        process.arguments = ["audit", "verify", "--database-url", "sqlite:\(path)"] + arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ATTACHE_") }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    @Test("Exit 0 with the head for an intact chain; 1 naming the entry once it is edited; 1 for a lost anchor")
    func intactThenBroken() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-audit-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let database = try StateDatabase(location: .sqlite(path: path))
        let store = try GRDBUploadStateStore(database: database)
        let entries = try await AuditChainFixture.append(store, count: 3)
        let head = try #require(await AuditSealer(store: store).sealPass().head)

        let intact = try verify(path, ["--anchor", head.description], in: directory)
        #expect(intact.status == 0, "\(intact.output)")
        #expect(intact.output.contains("Audit chain intact: 3 entries sealed, head \(head)"), "\(intact.output)")

        let target = try #require(entries[1].id)
        try await store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET actor = 'system' WHERE id = ?", arguments: [target])
        }
        try await database.close()
        let broken = try verify(path, in: directory)
        #expect(broken.status == 1, "\(broken.output)")
        #expect(
            broken.output.contains("Audit chain BROKEN: entry-altered at chain position 2, audit entry #\(target)"),
            "\(broken.output)")

        let lost = try verify(path, ["--anchor", "9:\(head.hash)"], in: directory)
        #expect(lost.status == 1, "\(lost.output)")

        let malformed = try verify(path, ["--anchor", "nonsense"], in: directory)
        #expect(malformed.status != 0 && malformed.status != 1, "a usage error, not a verdict: \(malformed.output)")
    }
}
