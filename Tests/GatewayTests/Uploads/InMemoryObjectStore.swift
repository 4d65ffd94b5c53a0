import Foundation
import NIOCore

@testable import Gateway

/// A tiny in-memory ``ObjectStore`` for pure route logic; "uploads" are simulated by calling
/// ``put(key:data:)`` and ``putPart(uploadID:partNumber:data:)`` directly.
enum FakeStoreError: Error { case noSuchUpload, invalidPart, noSuchKey }

actor InMemoryObjectStore: ObjectStore {
    struct Object {
        var data: Data
        var contentType: String?
        var tags: [String: String] = [:]
    }

    struct Upload {
        var key: String
        var contentType: String
        var parts: [Int: Data] = [:]
    }

    private(set) var objects: [String: Object] = [:]
    private(set) var uploads: [String: Upload] = [:]
    private var counter = 0

    private func id(_ area: ObjectArea, _ key: String) -> String { "\(area.rawValue)/\(key)" }

    static func etag(_ data: Data) -> String { "\"\(data.count)-\(data.hashValue & 0xffff_ffff)\"" }

    // Simulated client uploads.

    func put(key: String, data: Data) { objects[id(.quarantine, key)] = Object(data: data, contentType: nil) }

    @discardableResult
    func putPart(uploadID: String, partNumber: Int, data: Data) -> String {
        uploads[uploadID]?.parts[partNumber] = data
        return Self.etag(data)
    }

    func object(_ area: ObjectArea, key: String) -> Data? { objects[id(area, key)]?.data }

    // ObjectStore.

    func signedPut(
        key: String, contentType: String, contentLength: Int64, expires: Duration
    ) async throws
        -> SignedObjectRequest
    {
        SignedObjectRequest(
            method: "PUT", url: "memory://quarantine/\(key)?sig=x",
            headers: ["Content-Type": contentType, "Content-Length": "\(contentLength)"],
            expiresAt: Date().addingTimeInterval(Double(expires.components.seconds)))
    }

    func createMultipartUpload(key: String, contentType: String) async throws -> String {
        counter += 1
        let uploadID = "upload-\(counter)"
        uploads[uploadID] = Upload(key: key, contentType: contentType)
        return uploadID
    }

    func signedUploadPart(
        key: String, uploadID: String, partNumber: Int, expires: Duration
    ) async throws
        -> SignedObjectRequest
    {
        SignedObjectRequest(
            method: "PUT", url: "memory://quarantine/\(key)?uploadId=\(uploadID)&part=\(partNumber)",
            headers: [:], expiresAt: Date().addingTimeInterval(Double(expires.components.seconds)))
    }

    func listParts(key: String, uploadID: String) async throws -> [StoredPart] {
        guard let upload = uploads[uploadID] else { throw FakeStoreError.noSuchUpload }
        return upload.parts.keys.sorted().compactMap { number in
            upload.parts[number].map { StoredPart(partNumber: number, etag: Self.etag($0), size: Int64($0.count)) }
        }
    }

    func completeMultipartUpload(key: String, uploadID: String, parts: [StoredPart]) async throws {
        guard let upload = uploads[uploadID] else { throw FakeStoreError.noSuchUpload }
        var data = Data()
        for part in parts {
            guard let bytes = upload.parts[part.partNumber] else { throw FakeStoreError.invalidPart }
            data.append(bytes)
        }
        objects[id(.quarantine, key)] = Object(data: data, contentType: upload.contentType)
        uploads[uploadID] = nil
    }

    func abortMultipartUpload(key: String, uploadID: String) async throws { uploads[uploadID] = nil }

    func head(_ area: ObjectArea, key: String) async throws -> StoredObject? {
        objects[id(area, key)].map {
            StoredObject(
                size: Int64($0.data.count), etag: Self.etag($0.data), contentType: $0.contentType,
                lastModified: nil)
        }
    }

    func read(_ area: ObjectArea, key: String) async throws -> AnyAsyncSequence<ByteBuffer> {
        guard let object = objects[id(area, key)] else { throw FakeStoreError.noSuchKey }
        let buffer = ByteBuffer(bytes: object.data)
        return AnyAsyncSequence(
            AsyncStream<ByteBuffer> { continuation in
                continuation.yield(buffer)
                continuation.finish()
            })
    }

    func promote(key: String, tags: [String: String]) async throws {
        if let object = objects.removeValue(forKey: id(.quarantine, key)) {
            objects[id(.clean, key)] = Object(data: object.data, contentType: object.contentType, tags: tags)
        }
    }

    func tag(_ area: ObjectArea, key: String, tags: [String: String]) async throws {
        objects[id(area, key)]?.tags = tags
    }

    func delete(_ area: ObjectArea, key: String) async throws { objects[id(area, key)] = nil }

    func signedGet(
        key: String, expires: Duration, contentDisposition: String, contentType: String
    ) async throws
        -> SignedObjectRequest
    {
        SignedObjectRequest(method: "GET", url: "memory://clean/\(key)", headers: [:], expiresAt: Date())
    }
}
