import Foundation
import NIOCore
import NIOHTTP1

extension S3Client {
    /// S3's error code when a bucket has no CORS configuration.
    static let noSuchCORSConfiguration: S3Error.Code = "NoSuchCORSConfiguration"

    /// Reads a bucket's CORS rules (GetBucketCors).
    /// - Returns: the rules in order; empty when the bucket has no CORS configuration.
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func getBucketCORS(_ bucket: String) async throws -> [S3CORSRule] {
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, query: [("cors", "")]))
        do {
            return try await collect(request, operation: "S3.GetBucketCors", resource: Self.resource(bucket)) {
                try Self.corsRules($0.body.readableBytesView)
            }
        } catch let error as S3Error where error.code == Self.noSuchCORSConfiguration {
            return []
        }
    }

    /// Replaces a bucket's CORS configuration with `rules` (PutBucketCors).
    /// - Throws: ``S3Error`` (`MalformedXML` for an empty list or a bad rule), ``AWSClientError``.
    public func putBucketCORS(_ bucket: String, rules: [S3CORSRule]) async throws {
        let body = Self.corsDocument(rules)
        let request = AWSRequest(
            method: .PUT,
            url: try url(bucket: bucket, query: [("cors", "")]),
            headers: [("content-type", "application/xml")] + PayloadChecksum.sha256Headers(body),
            body: .bytes(body)
        )
        try await collect(request, operation: "S3.PutBucketCors", resource: Self.resource(bucket)) { _ in }
    }

    /// Removes a bucket's CORS configuration (DeleteBucketCors).
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func deleteBucketCORS(_ bucket: String) async throws {
        let request = AWSRequest(method: .DELETE, url: try url(bucket: bucket, query: [("cors", "")]))
        try await collect(request, operation: "S3.DeleteBucketCors", resource: Self.resource(bucket)) { _ in }
    }

    /// `<CORSConfiguration><CORSRule>…` for the rules, elements in S3's documented order.
    static func corsDocument(_ rules: [S3CORSRule]) -> [UInt8] {
        var writer = XMLWriter()
        writer.open("CORSConfiguration", namespace: s3XMLNamespace)
        for rule in rules {
            writer.open("CORSRule")
            if let id = rule.id { writer.element("ID", id) }
            for header in rule.allowedHeaders { writer.element("AllowedHeader", header) }
            for method in rule.allowedMethods { writer.element("AllowedMethod", method) }
            for origin in rule.allowedOrigins { writer.element("AllowedOrigin", origin) }
            for header in rule.exposeHeaders { writer.element("ExposeHeader", header) }
            if let seconds = rule.maxAgeSeconds { writer.element("MaxAgeSeconds", String(seconds)) }
            writer.close("CORSRule")
        }
        writer.close("CORSConfiguration")
        return Array(writer.output.utf8)
    }

    /// `<CORSConfiguration>` → rules.
    static func corsRules(_ bytes: some Collection<UInt8>) throws -> [S3CORSRule] {
        let tree = try S3ResponseParsing.document(bytes, root: "CORSConfiguration")
        return try tree.children("CORSRule").map { rule in
            let texts = { (name: String) in rule.children(name).map(\.text) }
            var maxAge: Int?
            if let text = rule.text("MaxAgeSeconds") {
                guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)) else {
                    throw AWSClientError(
                        .unexpectedResponse, "<CORSRule><MaxAgeSeconds> is not an integer: \"\(text)\"")
                }
                maxAge = seconds
            }
            return S3CORSRule(
                id: rule.text("ID"), allowedOrigins: texts("AllowedOrigin"), allowedMethods: texts("AllowedMethod"),
                allowedHeaders: texts("AllowedHeader"), exposeHeaders: texts("ExposeHeader"), maxAgeSeconds: maxAge)
        }
    }
}
