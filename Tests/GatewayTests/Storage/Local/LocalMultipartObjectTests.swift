import Foundation
import NIOCore
import Testing

@testable import Gateway

/// A completed multipart upload in the embedded store is the uploaded parts themselves (hard
/// links in a folder), read back in order: completion and promotion move no bytes.
@Suite("Local object store: objects assembled from parts")
struct LocalMultipartObjectTests {
    typealias Chunks = LocalObjectStoreTests.CountingChunks

    static func bytes(of part: Int) -> [UInt8] {
        [UInt8](repeating: UInt8(part), count: part + 1)
    }

    static func readAll(_ store: LocalObjectStore, _ area: ObjectArea, _ key: String) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in try await store.read(area, key: key) { bytes += Array(buffer.readableBytesView) }
        return bytes
    }

    static func inode(_ url: URL) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? NSNumber)?.intValue
    }

    @Test("12 listed parts of 13 are read back in order, linked rather than copied, promoted and deleted whole")
    func assembledObject() async throws {
        let (store, _, root) = try LocalObjectStoreTests.makeStore(minimumPartSize: 1)
        defer { try? FileManager.default.removeItem(at: root) }
        let key = "uploads/assembled"
        let uploadID = try await store.createMultipartUpload(key: key, contentType: "application/pdf")
        var parts: [StoredPart] = []
        for number in 1...13 {
            parts.append(
                try await store.receivePart(
                    key: key, uploadID: uploadID, partNumber: number, contentLength: nil,
                    body: Chunks([Self.bytes(of: number)])))
        }
        // Part 7 is uploaded but left out of the completion, as S3 allows.
        let listed = parts.filter { $0.partNumber != 7 }
        let firstPart = root.appendingPathComponent("multipart/\(uploadID)/1.part")
        let uploadedInode = try #require(try Self.inode(firstPart))
        try await store.completeMultipartUpload(key: key, uploadID: uploadID, parts: listed)

        let expected = listed.flatMap { Self.bytes(of: $0.partNumber) }
        #expect(try await Self.readAll(store, .quarantine, key) == expected)
        let head = try #require(try await store.head(.quarantine, key: key))
        #expect(head.size == Int64(expected.count))
        #expect(head.etag?.hasSuffix("-12\"") == true)
        let object = root.appendingPathComponent("quarantine/\(key)")
        #expect(try Self.inode(object.appendingPathComponent("@00001")) == uploadedInode, "linked, not copied")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("multipart/\(uploadID)").path))

        try await store.promote(key: key, tags: ["attache-scan": "clean"])
        #expect(try await store.head(.quarantine, key: key) == nil)
        #expect(try await Self.readAll(store, .clean, key) == expected)
        let promoted = root.appendingPathComponent("clean/\(key)/@00001")
        #expect(try Self.inode(promoted) == uploadedInode, "promoted without copying")

        try await store.delete(.clean, key: key)
        #expect(try await store.head(.clean, key: key) == nil)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("clean/\(key)").path))
    }

    @Test("A single PUT to a key holding an assembled object replaces it, and the reverse")
    func replaceAcrossShapes() async throws {
        let (store, _, root) = try LocalObjectStoreTests.makeStore(minimumPartSize: 1)
        defer { try? FileManager.default.removeItem(at: root) }
        let key = "uploads/reused"
        func multipart(_ payloads: [[UInt8]]) async throws {
            let uploadID = try await store.createMultipartUpload(key: key, contentType: "text/plain")
            var parts: [StoredPart] = []
            for (index, payload) in payloads.enumerated() {
                parts.append(
                    try await store.receivePart(
                        key: key, uploadID: uploadID, partNumber: index + 1, contentLength: nil,
                        body: Chunks([payload])))
            }
            try await store.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
        }
        try await multipart([[1, 2], [3]])
        _ = try await store.receiveObject(
            key: key, contentType: "text/plain", contentLength: 3, body: Chunks([[9, 9, 9]]))
        #expect(try await Self.readAll(store, .quarantine, key) == [9, 9, 9])
        try await multipart([[4], [5, 6]])
        #expect(try await Self.readAll(store, .quarantine, key) == [4, 5, 6])
        #expect(try await store.head(.quarantine, key: key)?.size == 3)
    }
}
