import AWSClients
import AWSSigning
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@Suite("S3 multipart uploads against moto", .enabled(if: TestEnvironment.isAvailable(.moto)))
struct S3ClientMultipartTests {
    static let partSize = 5 << 20

    /// PUTs one part to a presigned URL with a plain HTTP request, as a browser would.
    func putPart(_ presigned: S3PresignedRequest, _ bytes: ArraySlice<UInt8>) async throws -> String {
        var request = HTTPClientRequest(url: presigned.url)
        request.method = .PUT
        for (name, value) in presigned.headers where name != "content-length" {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        _ = try await response.body.collect(upTo: 1 << 20)
        #expect(response.status == .ok)
        return try #require(response.headers.first(name: "etag"))
    }

    @Test("A 21 MiB upload through presigned UploadPart URLs is interrupted, resumed from ListParts and completed")
    func interruptedAndResumed() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "multipart")
        let key = "uploads/big file+1.bin"
        let content = testBytes(count: 4 * Self.partSize + (1 << 20), seed: 42)
        let partRanges = stride(from: 0, to: content.count, by: Self.partSize).map {
            $0..<min($0 + Self.partSize, content.count)
        }
        #expect(partRanges.count == 5)

        let clock = ContinuousClock()
        let started = clock.now
        let upload = try await s3.createMultipartUpload(
            bucket: bucket, key: key, attributes: S3ObjectAttributes(contentType: "application/octet-stream")
        )
        // The first client uploads two parts, then "crashes" and loses its state.
        for partNumber in 1...2 {
            let range = partRanges[partNumber - 1]
            let presigned = try await s3.presignedUploadPartURL(
                upload, partNumber: partNumber, expires: .seconds(600), contentLength: Int64(range.count)
            )
            _ = try await putPart(presigned, content[range])
        }

        // The resuming client asks S3 what it has.
        let stored = try await s3.listAllParts(upload, pageSize: 1)
        #expect(stored.map(\.partNumber) == [1, 2])
        #expect(stored.map(\.size) == [Int64(Self.partSize), Int64(Self.partSize)])
        var completed = stored.map { S3CompletedPart(partNumber: $0.partNumber, eTag: $0.eTag) }
        for partNumber in (stored.count + 1)...partRanges.count {
            let range = partRanges[partNumber - 1]
            let presigned = try await s3.presignedUploadPartURL(
                upload, partNumber: partNumber, expires: .seconds(600), contentLength: Int64(range.count)
            )
            completed.append(
                S3CompletedPart(partNumber: partNumber, eTag: try await putPart(presigned, content[range])))
        }
        #expect(try await s3.listAllParts(upload).map(\.partNumber) == [1, 2, 3, 4, 5])

        let result = try await s3.completeMultipartUpload(upload, parts: completed.reversed())
        #expect(result.eTag?.hasSuffix("-5") == true)

        let uploaded = clock.now
        let object = try await s3.getObject(bucket: bucket, key: key)
        #expect(object.metadata.contentLength == Int64(content.count))
        var received: [UInt8] = []
        received.reserveCapacity(content.count)
        for try await chunk in object.body { received += chunk.readableBytesView }
        let downloaded = clock.now
        #expect(try sha256Hex(received) == (try sha256Hex(content)))
        print(
            "AWSClientsTests: 21 MiB multipart via presigned parts (2 + resume + 3) and complete: "
                + "\(uploaded - started); streaming GET: \(downloaded - uploaded)"
        )
    }

    @Test("UploadPart with the client, ListParts pages, a too-small part and abort behave as S3 documents")
    func clientPartsAndAbort() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "abort")
        let upload = try await s3.createMultipartUpload(bucket: bucket, key: "k")
        let part1 = try await s3.uploadPart(
            upload, partNumber: 1, body: .bytes(testBytes(count: Self.partSize, seed: 1)))
        let part2 = try await s3.uploadPart(upload, partNumber: 2, body: .bytes([1, 2, 3]))
        let page = try await s3.listParts(upload, maxParts: 1)
        #expect(page.parts.map(\.partNumber) == [1])
        #expect(page.isTruncated)
        #expect(page.nextPartNumberMarker == 1)
        #expect(page.parts.first?.eTag == part1.eTag)
        let rest = try await s3.listParts(upload, marker: page.nextPartNumberMarker)
        #expect(rest.parts.map(\.partNumber) == [2])
        #expect(rest.parts.first?.size == 3)

        // A too-small part before the last one is refused at completion.
        let part3 = try await s3.uploadPart(upload, partNumber: 3, body: .bytes([4]))
        await #expect {
            _ = try await s3.completeMultipartUpload(upload, parts: [part1, part2, part3])
        } throws: { ($0 as? S3Error)?.code == .entityTooSmall }

        let inProgress = try await s3.listMultipartUploads(bucket: bucket)
        #expect(inProgress.uploads.map(\.upload) == [upload])
        try await s3.abortMultipartUpload(upload)
        #expect(try await s3.listMultipartUploads(bucket: bucket).uploads.isEmpty)
        await #expect {
            _ = try await s3.listParts(upload)
        } throws: { ($0 as? S3Error)?.code == .noSuchUpload }
    }

    @Test(
        "An upload with CRC-32 checksums: every part (bytes, file region) carries its own, the complete call lists them"
    )
    func crc32Checksums() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "crc32")
        let content = testBytes(count: Self.partSize + 1_234, seed: 9)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("attache-crc32-\(UUID()).bin").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(content)))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let upload = try await s3.createMultipartUpload(bucket: bucket, key: "checked", checksumAlgorithm: .crc32)
        #expect(upload.checksumAlgorithm == .crc32)
        let first = try await s3.uploadPart(upload, partNumber: 1, body: .bytes(content[..<Self.partSize]))
        let second = try await s3.uploadPart(
            upload, partNumber: 2, body: try .file(path: path, offset: Int64(Self.partSize)))
        var expected = [CRC32(), CRC32()]
        expected[0].update(content[..<Self.partSize])
        expected[1].update(content[Self.partSize...])
        #expect([first.checksumCRC32, second.checksumCRC32] == expected.map(\.base64))

        // A stream cannot be read twice: without its checksum it is refused before sending.
        let stream = S3Body.stream(AsyncStream<ByteBuffer> { $0.finish() }, length: 0)
        await #expect {
            _ = try await s3.uploadPart(upload, partNumber: 3, body: stream)
        } throws: { ($0 as? AWSClientError)?.code == .invalidRequest }

        // moto (5.2) neither verifies nor records part checksums (S3 does both), so the values are
        // checked against zlib's CRC-32 in CRC32Tests, not here.
        _ = try await s3.completeMultipartUpload(upload, parts: [second, first])
        let object = try await s3.getObject(bucket: bucket, key: "checked")
        #expect(Array(try await object.collect(upTo: 8 << 20).readableBytesView) == content)
    }
}
