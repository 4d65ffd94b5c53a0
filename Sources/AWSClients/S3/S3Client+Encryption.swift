import Foundation
import NIOCore
import NIOHTTP1

extension S3Error.Code {
    /// The bucket has no default encryption configuration (GetBucketEncryption).
    public static let serverSideEncryptionConfigurationNotFound: S3Error.Code =
        "ServerSideEncryptionConfigurationNotFoundError"
}

extension S3Client {
    /// Reads a bucket's default encryption (GetBucketEncryption).
    /// - Returns: the configuration, or `nil` when the bucket has none
    ///   (`ServerSideEncryptionConfigurationNotFoundError`; AWS gives every bucket created since
    ///   2023 SSE-S3, S3-compatible servers may not).
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func getBucketEncryption(_ bucket: String) async throws -> S3BucketEncryption? {
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, query: [("encryption", "")]))
        do {
            return try await collect(request, operation: "S3.GetBucketEncryption", resource: Self.resource(bucket)) {
                try Self.bucketEncryption($0.body.readableBytesView)
            }
        } catch let error as S3Error where error.code == .serverSideEncryptionConfigurationNotFound {
            return nil
        }
    }

    /// Sets a bucket's default encryption to `rule` (PutBucketEncryption).
    /// - Throws: ``S3Error`` (`InvalidArgument` for an unknown algorithm or key), ``AWSClientError``.
    public func putBucketEncryption(_ bucket: String, _ rule: S3BucketEncryption.Rule) async throws {
        let body = Self.encryptionDocument(rule)
        let request = AWSRequest(
            method: .PUT,
            url: try url(bucket: bucket, query: [("encryption", "")]),
            headers: [("content-type", "application/xml")] + PayloadChecksum.sha256Headers(body),
            body: .bytes(body)
        )
        try await collect(request, operation: "S3.PutBucketEncryption", resource: Self.resource(bucket)) { _ in }
    }

    /// `<ServerSideEncryptionConfiguration><Rule>…` for one rule.
    static func encryptionDocument(_ rule: S3BucketEncryption.Rule) -> [UInt8] {
        var writer = XMLWriter()
        writer.open("ServerSideEncryptionConfiguration", namespace: s3XMLNamespace)
        writer.open("Rule")
        writer.open("ApplyServerSideEncryptionByDefault")
        writer.element("SSEAlgorithm", rule.algorithm)
        if let key = rule.kmsMasterKeyID { writer.element("KMSMasterKeyID", key) }
        writer.close("ApplyServerSideEncryptionByDefault")
        writer.element("BucketKeyEnabled", rule.bucketKeyEnabled ? "true" : "false")
        writer.close("Rule")
        writer.close("ServerSideEncryptionConfiguration")
        return Array(writer.output.utf8)
    }

    /// `<ServerSideEncryptionConfiguration>` → the rules.
    static func bucketEncryption(_ bytes: some Collection<UInt8>) throws -> S3BucketEncryption {
        let tree = try S3ResponseParsing.document(bytes, root: "ServerSideEncryptionConfiguration")
        let rules = try tree.children("Rule").map { rule in
            guard let defaults = rule.child("ApplyServerSideEncryptionByDefault") else {
                throw AWSClientError(.unexpectedResponse, "<Rule> lacks <ApplyServerSideEncryptionByDefault>")
            }
            let algorithm = try S3ResponseParsing.required(defaults, "SSEAlgorithm")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let key = defaults.text("KMSMasterKeyID").flatMap { $0.isEmpty ? nil : $0 }
            return S3BucketEncryption.Rule(
                algorithm: algorithm, kmsMasterKeyID: key,
                bucketKeyEnabled: S3ResponseParsing.bool(rule, "BucketKeyEnabled"))
        }
        return S3BucketEncryption(rules: rules)
    }
}
