import Crypto
import Foundation
import Testing

@testable import Gateway

/// What a client and the pipeline rely on, checked against both stores: the embedded store
/// over its own live routes, and S3 (moto) through presigned URLs.
@Suite("Object store behaviour (local and S3)")
struct ObjectStoreBehaviourTests {
    @Test(
        "A signed PUT stores the object in quarantine with its type, size and MD5 ETag",
        arguments: StoreKind.allCases)
    func singlePut(kind: StoreKind) async throws {
        try await StoreHarness.withStore(kind) { fixture in
            let key = StoreHarness.newKey()
            let content = StoreHarness.bytes(70_000)
            let signed = try await fixture.store.signedPut(
                key: key, contentType: "application/pdf", contentLength: Int64(content.count), expires: .seconds(300))
            #expect(signed.method == "PUT")
            #expect(signed.headers["content-type"] == "application/pdf")
            #expect(signed.headers["content-length"] == "70000")
            #expect(signed.expiresAt > Date())
            let response = try await StoreHarness.perform(signed, body: content)
            #expect(response.status == 200)
            #expect(response.headers["etag"] == StoreHarness.md5ETag(content))

            let head = try #require(try await fixture.store.head(.quarantine, key: key))
            #expect(head.size == 70_000)
            #expect(head.etag == StoreHarness.md5ETag(content))
            #expect(head.contentType == "application/pdf")
            #expect(try await fixture.store.head(.clean, key: key) == nil)
            #expect(try await StoreHarness.collect(fixture.store.read(.quarantine, key: key)) == content)
        }
    }

    @Test(
        "A multipart upload through signed part URLs lists its parts and completes with an md5-of-md5s ETag",
        arguments: StoreKind.allCases)
    func multipart(kind: StoreKind) async throws {
        try await StoreHarness.withStore(kind) { fixture in
            let key = StoreHarness.newKey()
            let first = StoreHarness.bytes(5 * 1024 * 1024, seed: 1)
            let second = StoreHarness.bytes(12_345, seed: 2)
            let uploadID = try await fixture.store.createMultipartUpload(key: key, contentType: "video/mp4")
            #expect(try await fixture.store.listParts(key: key, uploadID: uploadID).isEmpty)

            var etags: [String] = []
            for (number, part) in [(1, first), (2, second)] {
                let signed = try await fixture.store.signedUploadPart(
                    key: key, uploadID: uploadID, partNumber: number, expires: .seconds(300))
                let response = try await StoreHarness.perform(signed, body: part)
                #expect(response.status == 200)
                etags.append(try #require(response.headers["etag"]))
            }
            #expect(etags == [StoreHarness.md5ETag(first), StoreHarness.md5ETag(second)])

            let listed = try await fixture.store.listParts(key: key, uploadID: uploadID)
            #expect(listed.map(\.partNumber) == [1, 2])
            #expect(listed.map(\.size) == [Int64(first.count), Int64(second.count)])
            #expect(listed.map(\.etag) == etags)

            try await fixture.store.completeMultipartUpload(key: key, uploadID: uploadID, parts: listed)
            let digests = Insecure.MD5.hash(data: first).map { $0 } + Insecure.MD5.hash(data: second).map { $0 }
            let expected = "\"" + Insecure.MD5.hash(data: digests).map { String(format: "%02x", $0) }.joined() + "-2\""
            let head = try #require(try await fixture.store.head(.quarantine, key: key))
            #expect(head.etag == expected)
            #expect(head.size == Int64(first.count + second.count))
            #expect(head.contentType == "video/mp4")
            #expect(try await StoreHarness.collect(fixture.store.read(.quarantine, key: key)) == first + second)
        }
    }

    @Test("Completing with a wrong ETag fails; an aborted upload is gone", arguments: StoreKind.allCases)
    func invalidPartAndAbort(kind: StoreKind) async throws {
        try await StoreHarness.withStore(kind) { fixture in
            let key = StoreHarness.newKey()
            let uploadID = try await fixture.store.createMultipartUpload(key: key, contentType: "text/plain")
            let signed = try await fixture.store.signedUploadPart(
                key: key, uploadID: uploadID, partNumber: 1, expires: .seconds(60))
            #expect(try await StoreHarness.perform(signed, body: Array("hello".utf8)).status == 200)
            let wrong = [StoredPart(partNumber: 1, etag: "\"00000000000000000000000000000000\"", size: 5)]
            await #expect(throws: (any Error).self) {
                try await fixture.store.completeMultipartUpload(key: key, uploadID: uploadID, parts: wrong)
            }
            try await fixture.store.abortMultipartUpload(key: key, uploadID: uploadID)
            let error = await #expect(throws: ObjectStoreError.self) {
                try await fixture.store.listParts(key: key, uploadID: uploadID)
            }
            #expect(error?.code == .noSuchUpload)
            #expect(try await fixture.store.head(.quarantine, key: key) == nil)
        }
    }

    @Test(
        "Promotion moves the object to clean with exactly the given tags, and is idempotent",
        arguments: StoreKind.allCases)
    func promote(kind: StoreKind) async throws {
        try await StoreHarness.withStore(kind) { fixture in
            let key = StoreHarness.newKey()
            let content = Array("%PDF-1.7 a small clean document".utf8)
            let signed = try await fixture.store.signedPut(
                key: key, contentType: "application/pdf", contentLength: Int64(content.count), expires: .seconds(60))
            #expect(try await StoreHarness.perform(signed, body: content).status == 200)
            try await fixture.store.tag(.quarantine, key: key, tags: ["attache-upload": "received"])
            #expect(try await fixture.tags(.quarantine, key) == ["attache-upload": "received"])

            let tags = [
                "attache-scan": "clean", "attache-scanner": "ClamAV 1.4.3/27000",
                "attache-scanned-at": "2026-11-25T23:00:00Z",
            ]
            try await fixture.store.promote(key: key, tags: tags)
            #expect(try await fixture.store.head(.quarantine, key: key) == nil)
            let clean = try #require(try await fixture.store.head(.clean, key: key))
            #expect(clean.size == Int64(content.count))
            #expect(clean.contentType == "application/pdf")
            #expect(try await fixture.tags(.clean, key) == tags)
            #expect(try await StoreHarness.collect(fixture.store.read(.clean, key: key)) == content)

            // A duplicate event promotes again: nothing to do, no error.
            try await fixture.store.promote(key: key, tags: tags)
            #expect(try await fixture.store.head(.clean, key: key) != nil)

            let missing = await #expect(throws: ObjectStoreError.self) {
                try await fixture.store.promote(key: StoreHarness.newKey(), tags: tags)
            }
            #expect(missing?.code == .noSuchKey)
        }
    }

    @Test(
        "A signed GET of a clean object carries the response Content-Disposition and Content-Type",
        arguments: StoreKind.allCases)
    func signedGet(kind: StoreKind) async throws {
        try await StoreHarness.withStore(kind) { fixture in
            let key = StoreHarness.newKey()
            let content = Array("<html><script>alert(1)</script></html>".utf8)
            let put = try await fixture.store.signedPut(
                key: key, contentType: "text/html", contentLength: Int64(content.count), expires: .seconds(60))
            #expect(try await StoreHarness.perform(put, body: content).status == 200)
            try await fixture.store.promote(key: key, tags: ["attache-scan": "clean"])

            let disposition = "attachment; filename=\"report.html\""
            let get = try await fixture.store.signedGet(
                key: key, expires: .seconds(30), contentDisposition: disposition, contentType: "text/plain")
            #expect(get.method == "GET")
            #expect(get.url.contains("response-content-disposition="))
            // Both overrides are signed into the URL (any change breaks the signature).
            let query = try #require(URLComponents(string: get.url)?.queryItems)
            #expect(query.first { $0.name == "response-content-disposition" }?.value == disposition)
            #expect(query.first { $0.name == "response-content-type" }?.value == "text/plain")
            let response = try await StoreHarness.perform(get)
            #expect(response.status == 200)
            #expect(response.body == content)
            // moto (5.2) ignores response-* overrides; AWS S3 and the local store apply them.
            if kind == .local {
                #expect(response.headers["content-disposition"] == disposition)
                #expect(response.headers["content-type"] == "text/plain")
            }
        }
    }

    @Test(
        "Deleting an absent object succeeds; head of an absent object is nil; reading it throws NoSuchKey",
        arguments: StoreKind.allCases)
    func absentObjects(kind: StoreKind) async throws {
        try await StoreHarness.withStore(kind) { fixture in
            let key = StoreHarness.newKey()
            try await fixture.store.delete(.quarantine, key: key)
            try await fixture.store.delete(.clean, key: key)
            #expect(try await fixture.store.head(.quarantine, key: key) == nil)
            let error = await #expect(throws: ObjectStoreError.self) {
                _ = try await fixture.store.read(.clean, key: key)
            }
            #expect(error?.code == .noSuchKey)
        }
    }
}
