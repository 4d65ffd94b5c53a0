import Foundation
import NIOHTTP1
import Testing

@testable import AWSClients

@Suite("S3 request and response headers")
struct S3HeadersTests {
    func dictionary(_ headers: [(String, String)]) -> [String: String] {
        Dictionary(headers, uniquingKeysWith: { $1 })
    }

    @Test("Object attributes become content, metadata, tagging and encryption headers")
    func attributes() {
        let attributes = S3ObjectAttributes(
            contentType: "application/pdf",
            contentDisposition: "inline",
            metadata: ["File-Id": "f1", "guest": "g"],
            tags: [S3Tag(key: "state", value: "quarantined"), S3Tag(key: "a&b", value: "c=d")],
            serverSideEncryption: .kms(keyID: "arn:aws:kms:k", bucketKey: true)
        )
        #expect(
            dictionary(attributes.headers) == [
                "content-type": "application/pdf",
                "content-disposition": "inline",
                "x-amz-meta-file-id": "f1",
                "x-amz-meta-guest": "g",
                "x-amz-tagging": "state=quarantined&a%26b=c%3Dd",
                "x-amz-server-side-encryption": "aws:kms",
                "x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:k",
                "x-amz-server-side-encryption-bucket-key-enabled": "true",
            ])
    }

    @Test("Copy options set the metadata and tagging directives")
    func copyOptions() {
        let replace = S3CopyOptions(
            metadata: .replace(S3ObjectAttributes(contentType: "image/png", tags: [S3Tag(key: "ignored", value: "x")])),
            tagging: .replace([S3Tag(key: "scan", value: "clean")]),
            serverSideEncryption: .aes256
        )
        #expect(
            dictionary(replace.headers) == [
                "x-amz-metadata-directive": "REPLACE",
                "content-type": "image/png",
                "x-amz-tagging-directive": "REPLACE",
                "x-amz-tagging": "scan=clean",
                "x-amz-server-side-encryption": "AES256",
            ])
        #expect(
            dictionary(S3CopyOptions().headers) == [
                "x-amz-metadata-directive": "COPY", "x-amz-tagging-directive": "COPY",
            ])
    }

    @Test("Response headers become object metadata")
    func metadata() {
        let headers: HTTPHeaders = [
            "Content-Length": "100", "Content-Type": "text/plain", "ETag": "\"abc\"",
            "Last-Modified": "Wed, 25 Nov 2026 22:00:00 GMT", "x-amz-meta-file-id": "f1",
            "X-Amz-Meta-Guest": "g", "x-amz-tagging-count": "2", "Content-Range": "bytes 0-99/1000",
            "x-amz-server-side-encryption": "AES256",
        ]
        let metadata = S3ObjectMetadata(headers: headers)
        #expect(metadata.contentLength == 100)
        #expect(metadata.contentType == "text/plain")
        #expect(metadata.eTag == "abc")
        #expect(metadata.lastModified?.timeIntervalSince1970 == 1_795_644_000)
        #expect(metadata.metadata == ["file-id": "f1", "guest": "g"])
        #expect(metadata.tagCount == 2)
        #expect(metadata.contentRange == "bytes 0-99/1000")
        #expect(metadata.serverSideEncryption == "AES256")
    }

    @Test("Byte ranges format as Range headers")
    func ranges() {
        #expect(S3ByteRange.bytes(0...99).description == "bytes=0-99")
        #expect(S3ByteRange.from(100).description == "bytes=100-")
        #expect(S3ByteRange.suffix(500).description == "bytes=-500")
    }

    @Test("The CompleteMultipartUpload document lists parts in ascending order with quoted ETags")
    func completeDocument() throws {
        let document = S3Client.completeDocument([
            S3CompletedPart(partNumber: 2, eTag: "b"), S3CompletedPart(partNumber: 1, eTag: "\"a\""),
        ])
        let tree = try XMLTree.parse(document)
        #expect(tree.name == "CompleteMultipartUpload")
        #expect(tree.children("Part").map { $0.text("PartNumber") } == ["1", "2"])
        #expect(tree.children("Part").map { $0.text("ETag") } == ["\"a\"", "\"b\""])
    }

    @Test("A part's CRC-32 goes into the CompleteMultipartUpload document as ChecksumCRC32")
    func completeDocumentChecksums() throws {
        let document = S3Client.completeDocument([
            S3CompletedPart(partNumber: 1, eTag: "a", checksumCRC32: "y/Q5Jg=="),
            S3CompletedPart(partNumber: 2, eTag: "b"),
        ])
        let tree = try XMLTree.parse(document)
        #expect(tree.children("Part").map { $0.text("ChecksumCRC32") } == ["y/Q5Jg==", nil])
    }

    @Test("The SHA-256 checksum header is base64 of the digest")
    func checksum() {
        let headers = dictionary(PayloadChecksum.sha256Headers(Array("abc".utf8)))
        #expect(headers["x-amz-checksum-sha256"] == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        #expect(headers["x-amz-sdk-checksum-algorithm"] == "SHA256")
    }
}
