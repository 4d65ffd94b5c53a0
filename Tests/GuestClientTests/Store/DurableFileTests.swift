import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import GuestClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Atomic renames are durable only once the new file and then its directory are synced: the
/// stores' writes, observed through their system calls.
@Suite("Durable file writes", .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd")))
struct DurableFileTests {
    /// The system calls of one write, with the paths they concern.
    final class CallLog: Sendable {
        private let calls = NIOLockedValueBox<[String]>([])
        var all: [String] { calls.withLockedValue { $0 } }
        func append(_ call: String) { calls.withLockedValue { $0.append(call) } }
    }

    static func path(of descriptor: Int32) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")) ?? "?"
    }

    /// Real system calls, logged; `failSyncOf` makes the `fsync` of a path with that suffix fail.
    static func recording(_ log: CallLog, failSyncOf failing: String? = nil) -> DurableFile {
        DurableFile(
            sync: { descriptor in
                let path = Self.path(of: descriptor)
                log.append("fsync \(path)")
                if let failing, path.hasSuffix(failing) { return -1 }
                return fsync(descriptor)
            },
            rename: { from, to in
                log.append("rename \(from) \(to)")
                return rename(from, to)
            })
    }

    static func directory() throws -> URL {
        // Resolved, so that it matches what /proc/self/fd reports.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("durable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    /// The write's calls are: fsync of the temporary file, rename over the target, fsync of the directory.
    static func expectDurableOrder(_ calls: [String], target: String, directory: String) {
        #expect(calls.count == 3, "\(calls)")
        guard calls.count == 3 else { return }
        let temporary = String(calls[0].dropFirst("fsync ".count))
        #expect(temporary.hasPrefix(directory + "/.") && temporary.hasSuffix(".tmp"), "\(calls)")
        #expect(calls[1] == "rename \(temporary) \(target)")
        #expect(calls[2] == "fsync \(directory)")
    }

    @Test("FileSessionStore: temporary file synced, renamed, then the directory synced, before save returns")
    func sessionStoreSyncsFileThenDirectory() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("session.json").path
        let log = CallLog()
        let store = FileSessionStore(path: path, file: Self.recording(log))
        let session = StoredSession(token: "t", deploymentId: "d", outbox: [OutboxItem(text: "hi")])
        try await store.save(session)
        Self.expectDurableOrder(log.all, target: path, directory: directory.path)
        #expect(try await FileSessionStore(path: path).load() == session)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("FileUploadResumeStore: the same order for every save")
    func resumeStoreSyncsFileThenDirectory() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("uploads.json").path
        let log = CallLog()
        let store = FileUploadResumeStore(path: path, file: Self.recording(log))
        let state = UploadResumeState(
            key: "k", fileId: "f", uploadId: "u", partSize: 8, partCount: 2, size: 16, filename: "a.pdf",
            contentType: "application/pdf")
        try await store.save(state)
        Self.expectDurableOrder(log.all, target: path, directory: directory.path)
        #expect(try await FileUploadResumeStore(path: path).load(key: "k") == state)
    }

    @Test("A failed fsync of the new file leaves the old content and no temporary file; save throws")
    func failedFileSyncKeepsTheOldFile() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("session.json").path
        let old = StoredSession(token: "old", deploymentId: "d")
        try await FileSessionStore(path: path).save(old)
        let log = CallLog()
        let store = FileSessionStore(path: path, file: Self.recording(log, failSyncOf: ".tmp"))
        await #expect(throws: SessionStoreError.self) {
            try await store.save(StoredSession(token: "new", deploymentId: "d"))
        }
        #expect(!log.all.contains { $0.hasPrefix("rename") }, "never renamed before the sync")
        #expect(try await FileSessionStore(path: path).load() == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["session.json"])
    }

    @Test("A failed fsync of the directory after the rename is an error: the save is not known durable")
    func failedDirectorySyncThrows() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("uploads.json").path
        let store = FileUploadResumeStore(path: path, file: Self.recording(CallLog(), failSyncOf: directory.path))
        let state = UploadResumeState(
            key: "k", fileId: "f", uploadId: nil, partSize: 4, partCount: 1, size: 4, filename: "a.pdf",
            contentType: "application/pdf")
        await #expect(throws: UploadResumeStoreError.self) { try await store.save(state) }
    }
}
