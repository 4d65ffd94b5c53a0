import NIOCore
import NIOHTTP1

extension S3Client {
    /// Reads an object's tags (GetObjectTagging).
    /// - Returns: the tags, in S3's order.
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func getObjectTagging(bucket: String, key: String) async throws -> [S3Tag] {
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, key: key, query: [("tagging", "")]))
        return try await collect(request, operation: "S3.GetObjectTagging", resource: Self.resource(bucket, key)) {
            try S3ResponseParsing.tagging($0.body.readableBytesView)
        }
    }

    /// Replaces an object's tags (PutObjectTagging).
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - key: the key.
    ///   - tags: the new tag set (up to 10 tags).
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func putObjectTagging(bucket: String, key: String, tags: [S3Tag]) async throws {
        let body = Self.taggingDocument(tags)
        let request = AWSRequest(
            method: .PUT,
            url: try url(bucket: bucket, key: key, query: [("tagging", "")]),
            headers: [("content-type", "application/xml")] + PayloadChecksum.sha256Headers(body),
            body: .bytes(body)
        )
        try await collect(request, operation: "S3.PutObjectTagging", resource: Self.resource(bucket, key)) { _ in }
    }

    /// `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`.
    static func taggingDocument(_ tags: [S3Tag]) -> [UInt8] {
        var writer = XMLWriter()
        writer.open("Tagging", namespace: s3XMLNamespace)
        writer.open("TagSet")
        for tag in tags {
            writer.open("Tag")
            writer.element("Key", tag.key)
            writer.element("Value", tag.value)
            writer.close("Tag")
        }
        writer.close("TagSet")
        writer.close("Tagging")
        return Array(writer.output.utf8)
    }
}
