import Foundation
import NIOCore

@testable import Gateway

/// Wraps an ``ObjectStore`` and counts the promotions asked of it, so "one promotion" can be
/// checked against any store (S3 in moto, the embedded store, memory).
final class CountingObjectStore: ObjectStore, @unchecked Sendable {
    let base: any ObjectStore
    // Guarded by `lock`.
    private let lock = NSLock()
    private var promoteCalls = 0

    init(base: any ObjectStore) {
        self.base = base
    }

    /// How many times ``promote(key:tags:)`` succeeded.
    var promotions: Int { lock.withLock { promoteCalls } }

    func promote(key: String, tags: [String: String]) async throws {
        try await base.promote(key: key, tags: tags)
        lock.withLock { promoteCalls += 1 }
    }

    func signedPut(
        key: String, contentType: String, contentLength: Int64, expires: Duration
    ) async throws -> SignedObjectRequest {
        try await base.signedPut(key: key, contentType: contentType, contentLength: contentLength, expires: expires)
    }

    func createMultipartUpload(key: String, contentType: String) async throws -> String {
        try await base.createMultipartUpload(key: key, contentType: contentType)
    }

    func signedUploadPart(
        key: String, uploadID: String, partNumber: Int, expires: Duration
    ) async throws -> SignedObjectRequest {
        try await base.signedUploadPart(key: key, uploadID: uploadID, partNumber: partNumber, expires: expires)
    }

    func listParts(key: String, uploadID: String) async throws -> [StoredPart] {
        try await base.listParts(key: key, uploadID: uploadID)
    }

    func completeMultipartUpload(key: String, uploadID: String, parts: [StoredPart]) async throws {
        try await base.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
    }

    func abortMultipartUpload(key: String, uploadID: String) async throws {
        try await base.abortMultipartUpload(key: key, uploadID: uploadID)
    }

    func head(_ area: ObjectArea, key: String) async throws -> StoredObject? {
        try await base.head(area, key: key)
    }

    func read(_ area: ObjectArea, key: String) async throws -> AnyAsyncSequence<ByteBuffer> {
        try await base.read(area, key: key)
    }

    func tag(_ area: ObjectArea, key: String, tags: [String: String]) async throws {
        try await base.tag(area, key: key, tags: tags)
    }

    func delete(_ area: ObjectArea, key: String) async throws {
        try await base.delete(area, key: key)
    }

    func signedGet(
        key: String, expires: Duration, contentDisposition: String, contentType: String
    ) async throws -> SignedObjectRequest {
        try await base.signedGet(
            key: key, expires: expires, contentDisposition: contentDisposition, contentType: contentType)
    }
}
