import Foundation
import NIOCore
import Testing

@testable import Gateway

@Suite("Local object store")
struct LocalObjectStoreTests {
    static func makeStore(minimumPartSize: Int64 = 5) throws -> (LocalObjectStore, LocalEventQueue, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        let events = LocalEventQueue()
        let store = try LocalObjectStore(
            root: root, publicBaseURL: "http://127.0.0.1:8080/", secret: StoreHarness.secret, events: events,
            minimumPartSize: minimumPartSize)
        return (store, events, root)
    }

    /// Chunks that count how many were pulled, to prove the store stops reading early.
    final class CountingChunks: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let chunks: [ByteBuffer]
        let pulled = Counter()

        init(_ chunks: [[UInt8]]) { self.chunks = chunks.map { ByteBuffer(bytes: $0) } }

        struct AsyncIterator: AsyncIteratorProtocol {
            let owner: CountingChunks
            var index = 0
            mutating func next() async -> ByteBuffer? {
                guard index < owner.chunks.count else { return nil }
                defer { index += 1 }
                await owner.pulled.increment()
                return owner.chunks[index]
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(owner: self) }
    }

    actor Counter {
        private(set) var value = 0
        func increment() { value += 1 }
    }

    @Test("Signed URLs point at the gateway's object routes and expire as asked")
    func urlShape() async throws {
        let (store, _, root) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let signed = try await store.signedPut(
            key: "uploads/abc", contentType: "image/png", contentLength: 10, expires: .seconds(300))
        #expect(signed.url.hasPrefix("http://127.0.0.1:8080/v1/objects/quarantine/uploads/abc?"))
        #expect(signed.url.contains("X-Attache-Signature="))
        #expect(abs(signed.expiresAt.timeIntervalSinceNow - 300) < 2)
        await #expect(throws: ObjectStoreError.self) {
            _ = try await store.signedPut(key: "uploads/abc", contentType: "a/b", contentLength: 1, expires: .zero)
        }
    }

    @Test(
        "Keys that could escape the store's folders are refused",
        arguments: [
            "", "../etc/passwd", "uploads/../../x", "uploads//x", "/uploads/x", "uploads/x/", "uploads/a b",
            "uploads/x.attache-meta.json", "uploads/%2e%2e",
        ])
    func unsafeKeys(key: String) async throws {
        let (store, _, root) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let error = await #expect(throws: ObjectStoreError.self) {
            _ = try await store.head(.quarantine, key: key)
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test("A body longer than the signed length is refused while streaming; nothing is stored or announced")
    func oversizeStopsEarly() async throws {
        let (store, events, root) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let body = CountingChunks(Array(repeating: StoreHarness.bytes(1024), count: 100))
        let error = await #expect(throws: ObjectStoreError.self) {
            _ = try await store.receiveObject(
                key: "uploads/big", contentType: "image/png", contentLength: 3000, body: body)
        }
        #expect(error?.code == .entityTooLarge)
        #expect(await body.pulled.value == 3)
        #expect(try await store.head(.quarantine, key: "uploads/big") == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
        #expect(await events.pendingCount == 0)
    }

    @Test("A body shorter than the signed length is refused with IncompleteBody")
    func shortBody() async throws {
        let (store, _, root) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let error = await #expect(throws: ObjectStoreError.self) {
            _ = try await store.receiveObject(
                key: "uploads/short", contentType: nil, contentLength: 10, body: CountingChunks([[1, 2, 3]]))
        }
        #expect(error?.code == .incompleteBody)
        #expect(try await store.head(.quarantine, key: "uploads/short") == nil)
    }

    @Test("A completed PUT and a completed multipart upload each announce one object-created event")
    func events() async throws {
        let (store, events, root) = try Self.makeStore(minimumPartSize: 5)
        defer { try? FileManager.default.removeItem(at: root) }
        let stored = try await store.receiveObject(
            key: "uploads/one", contentType: "text/plain", contentLength: 5,
            body: CountingChunks([Array("hello".utf8)]))
        let uploadID = try await store.createMultipartUpload(key: "uploads/two", contentType: "text/plain")
        let first = try await store.receivePart(
            key: "uploads/two", uploadID: uploadID, partNumber: 1, contentLength: nil,
            body: CountingChunks([Array("abcde".utf8)]))
        let second = try await store.receivePart(
            key: "uploads/two", uploadID: uploadID, partNumber: 2, contentLength: 2, body: CountingChunks([[1, 2]]))
        #expect(await events.pendingCount == 1)
        try await store.completeMultipartUpload(key: "uploads/two", uploadID: uploadID, parts: [first, second])
        let head = try #require(try await store.head(.quarantine, key: "uploads/two"))

        var iterator = events.events().makeAsyncIterator()
        let one = try #require(try await iterator.next())
        let two = try #require(try await iterator.next())
        #expect(one.event == ObjectCreatedEvent(key: "uploads/one", size: 5, etag: stored.etag))
        #expect(two.event == ObjectCreatedEvent(key: "uploads/two", size: 7, etag: head.etag))
        #expect(head.etag?.hasSuffix("-2\"") == true)
        // The upload is gone once completed: completing again fails like S3.
        let again = await #expect(throws: ObjectStoreError.self) {
            try await store.completeMultipartUpload(key: "uploads/two", uploadID: uploadID, parts: [first, second])
        }
        #expect(again?.code == .noSuchUpload)
    }

    @Test("Completion enforces the minimum size of non-final parts and ascending order")
    func completionRules() async throws {
        let (store, _, root) = try Self.makeStore(minimumPartSize: 10)
        defer { try? FileManager.default.removeItem(at: root) }
        let key = "uploads/rules"
        let uploadID = try await store.createMultipartUpload(key: key, contentType: "text/plain")
        var parts: [StoredPart] = []
        for number in 1...2 {
            parts.append(
                try await store.receivePart(
                    key: key, uploadID: uploadID, partNumber: number, contentLength: nil,
                    body: CountingChunks([[UInt8(number)]])))
        }
        let small = await #expect(throws: ObjectStoreError.self) {
            try await store.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
        }
        #expect(small?.code == .entityTooSmall)
        let order = await #expect(throws: ObjectStoreError.self) {
            try await store.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts.reversed())
        }
        #expect(order?.code == .invalidPartOrder)
        let otherKey = await #expect(throws: ObjectStoreError.self) {
            _ = try await store.listParts(key: "uploads/other", uploadID: uploadID)
        }
        #expect(otherKey?.code == .noSuchUpload)
    }

    @Test("A part uploaded again replaces the earlier one")
    func partReplaced() async throws {
        let (store, _, root) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let key = "uploads/replace"
        let uploadID = try await store.createMultipartUpload(key: key, contentType: "text/plain")
        _ = try await store.receivePart(
            key: key, uploadID: uploadID, partNumber: 1, contentLength: nil, body: CountingChunks([[1, 1, 1]]))
        let latest = try await store.receivePart(
            key: key, uploadID: uploadID, partNumber: 1, contentLength: nil, body: CountingChunks([[2, 2]]))
        #expect(try await store.listParts(key: key, uploadID: uploadID) == [latest])
    }
}
