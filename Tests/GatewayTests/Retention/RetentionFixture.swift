import Foundation
import NIOCore
import TestSupport

@testable import Gateway

/// Records and objects of the retention tests: uploads of a given age (before ``now``) and real
/// objects in an embedded store.
enum RetentionFixture {
    /// The injected "now" of every retention test.
    static let now = Date(timeIntervalSince1970: 1_900_000_000)

    /// An upload in `state`, last changed `ageDays` before ``now``.
    static func record(_ state: UploadState, guestId: String = "guest-bound", ageDays: Double) -> UploadRecord {
        let changed = now.addingTimeInterval(-ageDays * 86_400)
        return UploadRecord(
            fileId: RandomID.make(), guestId: guestId, filename: "report.pdf", contentType: "application/pdf",
            size: 3, state: state, createdAt: changed.addingTimeInterval(-60), updatedAt: changed)
    }

    /// Runs `body` with a fresh embedded object store.
    static func withLocalObjects<T: Sendable>(_ body: (LocalObjectStore) async throws -> T) async throws -> T {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent(TestEnvironment.uniqueName("attache-retention"), isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try LocalObjectStore(
            root: root, publicBaseURL: "http://127.0.0.1:1", secret: Array("retention-test-secret".utf8), events: nil)
        return try await body(store)
    }

    /// Writes a 3-byte object into quarantine, and promotes it to clean when `area` is clean.
    static func put(_ store: LocalObjectStore, key: String, area: ObjectArea) async throws {
        let body = AsyncStream<ByteBuffer> { continuation in
            continuation.yield(ByteBuffer(bytes: [1, 2, 3]))
            continuation.finish()
        }
        _ = try await store.receiveObject(key: key, contentType: "application/pdf", contentLength: 3, body: body)
        if area == .clean { try await store.promote(key: key, tags: [:]) }
    }

    /// Whether the object exists in either area.
    static func exists(_ store: LocalObjectStore, key: String) async throws -> Bool {
        for area in ObjectArea.allCases where try await store.head(area, key: key) != nil { return true }
        return false
    }
}
