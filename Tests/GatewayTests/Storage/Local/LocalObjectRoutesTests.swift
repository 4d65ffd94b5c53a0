import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// The embedded store's signed URLs over HTTP: what moto cannot show for S3 (it checks no
/// signatures), shown here for the local store.
@Suite("Local object routes")
struct LocalObjectRoutesTests {
    static func temporaryFiles(_ root: URL?) throws -> [String] {
        guard let root else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path)
    }

    static func put(_ fixture: StoreFixture, key: String, length: Int) async throws -> SignedObjectRequest {
        try await fixture.store.signedPut(
            key: key, contentType: "image/png", contentLength: Int64(length), expires: .seconds(60))
    }

    @Test("A tampered URL is refused with 403 and an S3-style XML error, and nothing is stored")
    func tamperedURL() async throws {
        try await StoreHarness.withLocalStore { fixture in
            let key = StoreHarness.newKey()
            var signed = try await Self.put(fixture, key: key, length: 4)
            signed.url = signed.url.replacingOccurrences(of: "/quarantine/", with: "/clean/")
            let response = try await StoreHarness.perform(signed, body: [1, 2, 3, 4])
            #expect(response.status == 403)
            #expect(response.headers["content-type"] == "application/xml")
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text.contains("<Code>SignatureDoesNotMatch</Code>"))
            #expect(try await fixture.store.head(.quarantine, key: key) == nil)
            #expect(try await fixture.store.head(.clean, key: key) == nil)
        }
    }

    @Test("An expired URL is refused with 403 AccessDenied")
    func expiredURL() async throws {
        try await StoreHarness.withLocalStore { fixture in
            let store = try #require(fixture.store as? LocalObjectStore)
            let key = StoreHarness.newKey()
            let signed = try store.sign(
                method: "PUT", area: .quarantine, key: key, query: [:],
                headers: ["content-type": "image/png", "content-length": "4"], expires: .seconds(60),
                now: Date().addingTimeInterval(-120))
            let response = try await StoreHarness.perform(signed, body: [1, 2, 3, 4])
            #expect(response.status == 403)
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text.contains("<Code>AccessDenied</Code>"))
            #expect(text.contains("expired"))
            #expect(try await fixture.store.head(.quarantine, key: key) == nil)
        }
    }

    @Test("A PUT with another Content-Type than the signed one is refused")
    func wrongContentType() async throws {
        try await StoreHarness.withLocalStore { fixture in
            let key = StoreHarness.newKey()
            let signed = try await Self.put(fixture, key: key, length: 4)
            let response = try await StoreHarness.perform(
                signed, body: [1, 2, 3, 4], overriding: ["content-type": "text/html"])
            #expect(response.status == 403)
            #expect(try await fixture.store.head(.quarantine, key: key) == nil)
        }
    }

    @Test("An oversize PUT (Content-Length above the signed length) is refused and nothing is stored")
    func oversizeOverHTTP() async throws {
        try await StoreHarness.withLocalStore { fixture in
            let key = StoreHarness.newKey()
            let signed = try await Self.put(fixture, key: key, length: 1024)
            let body = StoreHarness.bytes(4096)
            let response = try await StoreHarness.perform(
                signed, body: body, overriding: ["content-length": "4096"])
            #expect(response.status == 403)
            #expect(try await fixture.store.head(.quarantine, key: key) == nil)
            #expect(try Self.temporaryFiles(fixture.root).isEmpty)
            #expect(await fixture.events?.pendingCount == 0)
        }
    }

    @Test("A body longer than the signed Content-Length is cut off with 400 EntityTooLarge, nothing stored")
    func oversizeBody() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: root) }
        let events = LocalEventQueue()
        let store = try LocalObjectStore(
            root: root, publicBaseURL: "http://127.0.0.1", secret: StoreHarness.secret, events: events)
        let key = StoreHarness.newKey()
        let signed = try await store.signedPut(
            key: key, contentType: "image/png", contentLength: 16, expires: .seconds(60))
        // HTTP framing stops a real client from sending more than its Content-Length, so the
        // handler gets a request that announces the signed length and carries more bytes.
        let head = HTTPRequest(
            method: .put, scheme: "http", authority: "127.0.0.1",
            path: String(signed.url.dropFirst("http://127.0.0.1".count)),
            headerFields: [.contentType: "image/png", .contentLength: "16"])
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: StoreHarness.bytes(64))))
        let response = await LocalObjectRoutes.respond { try await LocalObjectRoutes.put(request, store: store) }
        #expect(response.status == .badRequest)
        #expect(try await store.head(.quarantine, key: key) == nil)
        #expect(try Self.temporaryFiles(root).isEmpty)
        #expect(await events.pendingCount == 0)
    }

    @Test("A signed GET answers nosniff and private caching; a PUT URL cannot be used to GET")
    func getHeaders() async throws {
        try await StoreHarness.withLocalStore { fixture in
            let key = StoreHarness.newKey()
            let content = Array("GIF89a".utf8)
            let put = try await fixture.store.signedPut(
                key: key, contentType: "image/gif", contentLength: Int64(content.count), expires: .seconds(60))
            #expect(try await StoreHarness.perform(put, body: content).status == 200)
            var misuse = put
            misuse.method = "GET"
            #expect(try await StoreHarness.perform(misuse).status == 403)

            try await fixture.store.promote(key: key, tags: [:])
            let get = try await fixture.store.signedGet(
                key: key, expires: .seconds(10), contentDisposition: "inline", contentType: "image/gif")
            let response = try await StoreHarness.perform(get)
            #expect(response.status == 200)
            #expect(response.headers["x-content-type-options"] == "nosniff")
            #expect(response.headers["content-length"] == String(content.count))
            #expect(response.body == content)
        }
    }

    @Test("A part URL for an aborted upload answers 404 NoSuchUpload")
    func abortedUpload() async throws {
        try await StoreHarness.withLocalStore { fixture in
            let key = StoreHarness.newKey()
            let uploadID = try await fixture.store.createMultipartUpload(key: key, contentType: "text/plain")
            let signed = try await fixture.store.signedUploadPart(
                key: key, uploadID: uploadID, partNumber: 1, expires: .seconds(60))
            try await fixture.store.abortMultipartUpload(key: key, uploadID: uploadID)
            let response = try await StoreHarness.perform(signed, body: [1, 2, 3])
            #expect(response.status == 404)
            #expect(String(decoding: response.body, as: UTF8.self).contains("NoSuchUpload"))
        }
    }
}
