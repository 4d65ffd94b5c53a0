import Foundation
import NIOCore

@testable import Gateway

/// An in-memory ``ObjectStore`` for pipeline tests: objects, tags and a count of promotions.
actor MemoryObjectStore: ObjectStore {
    struct Object {
        var bytes: [UInt8]
        var tags: [String: String]
    }

    private var areas: [ObjectArea: [String: Object]] = [.quarantine: [:], .clean: [:]]
    private(set) var promotions = 0

    /// Puts an object into an area (as a completed upload would).
    func put(_ area: ObjectArea = .quarantine, key: String, bytes: [UInt8]) {
        areas[area, default: [:]][key] = Object(bytes: bytes, tags: [:])
    }

    /// The object in an area, if any.
    func object(_ area: ObjectArea, key: String) -> Object? {
        areas[area]?[key]
    }

    func signedPut(
        key: String, contentType: String, contentLength: Int64, expires: Duration
    ) async throws
        -> SignedObjectRequest
    {
        throw ReadFailed()
    }

    func createMultipartUpload(key: String, contentType: String) async throws -> String { throw ReadFailed() }

    func signedUploadPart(
        key: String, uploadID: String, partNumber: Int, expires: Duration
    ) async throws
        -> SignedObjectRequest
    {
        throw ReadFailed()
    }

    func listParts(key: String, uploadID: String) async throws -> [StoredPart] { [] }

    func completeMultipartUpload(key: String, uploadID: String, parts: [StoredPart]) async throws {}

    func abortMultipartUpload(key: String, uploadID: String) async throws {}

    func head(_ area: ObjectArea, key: String) async throws -> StoredObject? {
        areas[area]?[key].map {
            StoredObject(size: Int64($0.bytes.count), etag: nil, contentType: nil, lastModified: nil)
        }
    }

    func read(_ area: ObjectArea, key: String) async throws -> AnyAsyncSequence<ByteBuffer> {
        guard let object = areas[area]?[key] else { throw ReadFailed() }
        return PipelineFixtures.stream(object.bytes, chunk: 64 * 1024)
    }

    func promote(key: String, tags: [String: String]) async throws {
        if let object = areas[.quarantine]?[key] {
            areas[.clean, default: [:]][key] = Object(bytes: object.bytes, tags: tags)
            areas[.quarantine]?[key] = nil
            promotions += 1
        } else if areas[.clean]?[key] == nil {
            throw ReadFailed()
        }
    }

    func tag(_ area: ObjectArea, key: String, tags: [String: String]) async throws {
        guard areas[area]?[key] != nil else { throw ReadFailed() }
        areas[area]?[key]?.tags = tags
    }

    func delete(_ area: ObjectArea, key: String) async throws {
        areas[area]?[key] = nil
    }

    func signedGet(
        key: String, expires: Duration, contentDisposition: String, contentType: String
    ) async throws
        -> SignedObjectRequest
    {
        throw ReadFailed()
    }
}

/// A scanner that is unreachable while `down`, and otherwise asks the wrapped scanner.
actor OutageScanner: FileScanner {
    nonisolated let base: any FileScanner
    private(set) var down: Bool
    private(set) var refusals = 0

    init(base: any FileScanner, down: Bool) {
        self.base = base
        self.down = down
    }

    nonisolated var name: String { base.name }
    nonisolated var isAntivirus: Bool { base.isAntivirus }

    func setDown(_ value: Bool) { down = value }

    func version() async throws -> String {
        try checkUp()
        return try await base.version()
    }

    func scan(_ bytes: AnyAsyncSequence<ByteBuffer>) async throws -> ScanVerdict {
        try checkUp()
        return try await base.scan(bytes)
    }

    private func checkUp() throws {
        if down {
            refusals += 1
            throw ScannerUnavailable(scanner: name, reason: "connection refused (test outage)")
        }
    }
}
