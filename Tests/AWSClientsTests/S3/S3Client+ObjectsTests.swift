import AWSClients
import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing

@Suite("S3 objects against moto", .enabled(if: TestEnvironment.isAvailable(.moto)))
struct S3ClientObjectsTests {
    @Test(
        "Put, head, get and delete work for awkward keys",
        arguments: [
            "a b.txt", "a+b=c&d", "été/文件 ü.pdf", "~tilde/x~y_z-1", "dir/sub/100% sure?#.txt", "emoji 🎉.png",
        ]
    )
    func roundTrip(key: String) async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "objects")
        let content = Array("hello, \(key)".utf8)
        let put = try await s3.putObject(
            bucket: bucket,
            key: key,
            body: .bytes(content),
            attributes: S3ObjectAttributes(contentType: "text/plain", metadata: ["file-id": "f-1"])
        )
        #expect(put.eTag?.count == 32)

        let head = try await s3.headObject(bucket: bucket, key: key)
        #expect(head.contentLength == Int64(content.count))
        #expect(head.contentType == "text/plain")
        #expect(head.metadata["file-id"] == "f-1")
        #expect(head.eTag == put.eTag)

        let object = try await s3.getObject(bucket: bucket, key: key)
        #expect(object.status == 200)
        #expect(Array(buffer: try await object.collect(upTo: 1 << 20)) == content)

        let listed = try await s3.listObjectsV2(bucket: bucket)
        #expect(listed.objects.map(\.key) == [key])

        try await s3.deleteObject(bucket: bucket, key: key)
        #expect(try await s3.objectExists(bucket: bucket, key: key) == false)
    }

    @Test("A missing key is a typed NoSuchKey for GET and a NotFound for HEAD")
    func missingKey() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "missing")
        await #expect {
            _ = try await s3.getObject(bucket: bucket, key: "nope/ü.txt")
        } throws: { error in
            guard let error = error as? S3Error else { return false }
            return error.code == .noSuchKey && error.status == 404 && error.operation == "S3.GetObject"
        }
        await #expect {
            _ = try await s3.headObject(bucket: bucket, key: "nope")
        } throws: { ($0 as? S3Error)?.code == .notFound }
        await #expect {
            _ = try await s3.getObject(bucket: TestEnvironment.uniqueName("no-bucket"), key: "k")
        } throws: { ($0 as? S3Error)?.code == .noSuchBucket }
    }

    @Test("GetObject streams a range without buffering the object")
    func rangedStream() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "range")
        let content = testBytes(count: 3 << 20, seed: 7)
        let chunks = stride(from: 0, to: content.count, by: 256 << 10).map {
            ByteBuffer(bytes: content[$0..<min($0 + (256 << 10), content.count)])
        }
        let stream = AsyncStream<ByteBuffer> { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
        _ = try await s3.putObject(bucket: bucket, key: "big.bin", body: .stream(stream, length: Int64(content.count)))

        let range: ClosedRange<Int64> = 1_000...2_500_000
        let object = try await s3.getObject(bucket: bucket, key: "big.bin", range: .bytes(range))
        #expect(object.status == 206)
        #expect(object.metadata.contentRange == "bytes 1000-2500000/\(content.count)")
        #expect(object.metadata.contentLength == Int64(range.count))
        var received: [UInt8] = []
        var chunkCount = 0
        for try await chunk in object.body {
            received += Array(buffer: chunk)
            chunkCount += 1
        }
        #expect(received == Array(content[1_000...2_500_000]))
        #expect(chunkCount > 1)
    }

    @Test("A file body is streamed from disk and stored intact")
    func fileBody() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "file")
        let content = testBytes(count: 700_000, seed: 3)
        let path = "/tmp/attache-awsclients-\(TestEnvironment.uniqueName("file")).bin"
        try Data(content).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try await s3.putObject(bucket: bucket, key: "whole", body: try .file(path: path))
        _ = try await s3.putObject(
            bucket: bucket, key: "slice", body: try .file(path: path, offset: 100, length: 1000)
        )
        let whole = try await s3.getObject(bucket: bucket, key: "whole").collect(upTo: 1 << 20)
        #expect(Array(buffer: whole) == content)
        let slice = try await s3.getObject(bucket: bucket, key: "slice").collect(upTo: 1 << 20)
        #expect(Array(buffer: slice) == Array(content[100..<1100]))
        #expect(throws: AWSClientError.self) { _ = try S3Body.file(path: path, offset: 699_999, length: 2) }
    }

    @Test("CopyObject from quarantine to clean replaces the tags; GetObjectTagging reads them")
    func copyWithTags() async throws {
        let s3 = try Moto.s3()
        let quarantine = try await Moto.bucket(s3, "quarantine")
        let clean = try await Moto.bucket(s3, "clean")
        _ = try await s3.putObject(
            bucket: quarantine,
            key: "f 1+x",
            body: .string("scanned bytes"),
            attributes: S3ObjectAttributes(
                contentType: "application/pdf", tags: [S3Tag(key: "state", value: "quarantined")])
        )
        #expect(
            try await s3.getObjectTagging(bucket: quarantine, key: "f 1+x") == [
                S3Tag(key: "state", value: "quarantined")
            ])

        let copy = try await s3.copyObject(
            sourceBucket: quarantine,
            sourceKey: "f 1+x",
            bucket: clean,
            key: "f 1+x",
            options: S3CopyOptions(
                tagging: .replace([S3Tag(key: "scan", value: "clean"), S3Tag(key: "by", value: "clamd 1.4")]))
        )
        #expect(copy.eTag != nil)
        let tags = try await s3.getObjectTagging(bucket: clean, key: "f 1+x")
        #expect(Set(tags) == [S3Tag(key: "scan", value: "clean"), S3Tag(key: "by", value: "clamd 1.4")])
        let head = try await s3.headObject(bucket: clean, key: "f 1+x")
        #expect(head.contentType == "application/pdf")
        let body = try await s3.getObject(bucket: clean, key: "f 1+x").collect(upTo: 1024)
        #expect(String(buffer: body) == "scanned bytes")

        try await s3.putObjectTagging(bucket: clean, key: "f 1+x", tags: [S3Tag(key: "retention", value: "30d")])
        #expect(try await s3.getObjectTagging(bucket: clean, key: "f 1+x") == [S3Tag(key: "retention", value: "30d")])
    }

    @Test("ListObjectsV2 pages through keys, as pages and as an async sequence")
    func listing() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "list")
        let keys = ["a", "b c", "d+e", "f/é", "g~h"]
        for key in keys { _ = try await s3.putObject(bucket: bucket, key: key, body: .string(key)) }
        var seen: [String] = []
        var pages = 0
        for try await page in s3.listObjectsV2Pages(bucket: bucket, pageSize: 2) {
            seen += page.objects.map(\.key)
            pages += 1
        }
        #expect(seen == keys)
        #expect(pages == 3)
        let prefixed = try await s3.listObjectsV2(bucket: bucket, prefix: "f/")
        #expect(prefixed.objects.map(\.key) == ["f/é"])
        let grouped = try await s3.listObjectsV2(bucket: bucket, delimiter: "/")
        #expect(grouped.commonPrefixes == ["f/"])
    }
}
