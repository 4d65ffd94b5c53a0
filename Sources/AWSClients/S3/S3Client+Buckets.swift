import NIOCore
import NIOHTTP1

extension S3Client {
    /// Checks that a bucket exists and is reachable with these credentials (HeadBucket).
    /// - Throws: ``S3Error`` with code `NotFound` or `Forbidden`, ``AWSClientError``.
    public func headBucket(_ bucket: String) async throws {
        let request = AWSRequest(method: .HEAD, url: try url(bucket: bucket))
        try await collect(request, operation: "S3.HeadBucket", resource: Self.resource(bucket)) { _ in }
    }

    /// Whether a bucket exists: HeadBucket, with 404 read as `false`.
    /// - Throws: ``S3Error`` other than 404 (a 403 means it exists but is not ours), ``AWSClientError``.
    public func bucketExists(_ bucket: String) async throws -> Bool {
        do {
            try await headBucket(bucket)
            return true
        } catch let error as S3Error where error.status == 404 {
            return false
        }
    }

    /// Creates a bucket in the client's region (CreateBucket).
    /// - Throws: ``S3Error`` (`BucketAlreadyOwnedByYou`, `BucketAlreadyExists`, …), ``AWSClientError``.
    public func createBucket(_ bucket: String) async throws {
        var body: AWSRequest.Body = .none
        if configuration.region != "us-east-1" {
            var writer = XMLWriter()
            writer.open("CreateBucketConfiguration", namespace: s3XMLNamespace)
            writer.element("LocationConstraint", configuration.region)
            writer.close("CreateBucketConfiguration")
            body = .bytes(Array(writer.output.utf8))
        }
        let request = AWSRequest(method: .PUT, url: try url(bucket: bucket), body: body)
        try await collect(request, operation: "S3.CreateBucket", resource: Self.resource(bucket)) { _ in }
    }

    /// Deletes an empty bucket (DeleteBucket).
    /// - Throws: ``S3Error`` (`BucketNotEmpty`, `NoSuchBucket`), ``AWSClientError``.
    public func deleteBucket(_ bucket: String) async throws {
        let request = AWSRequest(method: .DELETE, url: try url(bucket: bucket))
        try await collect(request, operation: "S3.DeleteBucket", resource: Self.resource(bucket)) { _ in }
    }

    /// Reads a bucket's event notification configuration (GetBucketNotificationConfiguration).
    /// - Returns: the queue destinations (an empty configuration when none is set).
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func getBucketNotificationConfiguration(_ bucket: String) async throws -> S3NotificationConfiguration {
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, query: [("notification", "")]))
        let operation = "S3.GetBucketNotificationConfiguration"
        return try await collect(request, operation: operation, resource: Self.resource(bucket)) {
            try S3ResponseParsing.notificationConfiguration($0.body.readableBytesView)
        }
    }

    /// Replaces a bucket's event notification configuration with these queue destinations
    /// (PutBucketNotificationConfiguration). S3 then sends an `s3:TestEvent` to each queue.
    /// - Throws: ``S3Error`` (`InvalidArgument` when S3 cannot reach a queue), ``AWSClientError``.
    public func putBucketNotificationConfiguration(_ bucket: String, queues: [S3QueueConfiguration]) async throws {
        let body = Self.notificationDocument(queues)
        let request = AWSRequest(
            method: .PUT,
            url: try url(bucket: bucket, query: [("notification", "")]),
            headers: [("content-type", "application/xml")],
            body: .bytes(body)
        )
        let operation = "S3.PutBucketNotificationConfiguration"
        try await collect(request, operation: operation, resource: Self.resource(bucket)) { _ in }
    }

    /// Reads a bucket's public access block (GetPublicAccessBlock).
    /// - Returns: the configuration, or `nil` when the bucket has none.
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func getPublicAccessBlock(_ bucket: String) async throws -> S3PublicAccessBlock? {
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, query: [("publicAccessBlock", "")]))
        do {
            return try await collect(request, operation: "S3.GetPublicAccessBlock", resource: Self.resource(bucket)) {
                try S3ResponseParsing.publicAccessBlock($0.body.readableBytesView)
            }
        } catch let error as S3Error where error.code == .noSuchPublicAccessBlockConfiguration {
            return nil
        }
    }

    /// Sets a bucket's public access block (PutPublicAccessBlock).
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func putPublicAccessBlock(_ bucket: String, _ block: S3PublicAccessBlock) async throws {
        var writer = XMLWriter()
        writer.open("PublicAccessBlockConfiguration", namespace: s3XMLNamespace)
        writer.element("BlockPublicAcls", block.blockPublicACLs ? "true" : "false")
        writer.element("IgnorePublicAcls", block.ignorePublicACLs ? "true" : "false")
        writer.element("BlockPublicPolicy", block.blockPublicPolicy ? "true" : "false")
        writer.element("RestrictPublicBuckets", block.restrictPublicBuckets ? "true" : "false")
        writer.close("PublicAccessBlockConfiguration")
        let body = Array(writer.output.utf8)
        let request = AWSRequest(
            method: .PUT,
            url: try url(bucket: bucket, query: [("publicAccessBlock", "")]),
            headers: [("content-type", "application/xml")] + PayloadChecksum.sha256Headers(body),
            body: .bytes(body)
        )
        try await collect(request, operation: "S3.PutPublicAccessBlock", resource: Self.resource(bucket)) { _ in }
    }

    /// Reads a bucket's ACL (GetBucketAcl).
    /// - Returns: the owner and grants; ``S3AccessControlList/grantsPublicAccess`` tells whether it is public.
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func getBucketACL(_ bucket: String) async throws -> S3AccessControlList {
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, query: [("acl", "")]))
        return try await collect(request, operation: "S3.GetBucketAcl", resource: Self.resource(bucket)) {
            try S3ResponseParsing.accessControlPolicy($0.body.readableBytesView)
        }
    }

    /// `<NotificationConfiguration><QueueConfiguration>…` for the given queues.
    static func notificationDocument(_ queues: [S3QueueConfiguration]) -> [UInt8] {
        var writer = XMLWriter()
        writer.open("NotificationConfiguration", namespace: s3XMLNamespace)
        for queue in queues {
            writer.open("QueueConfiguration")
            if let id = queue.id { writer.element("Id", id) }
            writer.element("Queue", queue.queueARN)
            for event in queue.events { writer.element("Event", event) }
            if !queue.filterRules.isEmpty {
                writer.open("Filter")
                writer.open("S3Key")
                for rule in queue.filterRules {
                    writer.open("FilterRule")
                    writer.element("Name", rule.name)
                    writer.element("Value", rule.value)
                    writer.close("FilterRule")
                }
                writer.close("S3Key")
                writer.close("Filter")
            }
            writer.close("QueueConfiguration")
        }
        writer.close("NotificationConfiguration")
        return Array(writer.output.utf8)
    }
}
