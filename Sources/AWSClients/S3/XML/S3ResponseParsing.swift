import Foundation

/// Maps S3's XML response documents to models.
///
/// Each function takes the whole body, throws ``AWSClientError`` for malformed, truncated or
/// non-UTF-8 bodies (from ``XMLTree/parse(_:)``) and `unexpectedResponse` when a required
/// element is missing.
enum S3ResponseParsing {
    /// Parses and checks the root element's name. `…Result` roots also accept `…Response`, which
    /// some S3-compatible servers send (moto answers ListParts with `<ListPartsResponse>`); other
    /// names a server is known to use go in `alternatives`.
    static func document(
        _ bytes: some Collection<UInt8>,
        root: String,
        alternatives: Set<String> = []
    ) throws -> XMLTree {
        let tree = try XMLTree.parse(bytes)
        guard isRoot(tree, root) || alternatives.contains(tree.name) else {
            throw AWSClientError(.unexpectedResponse, "expected a <\(root)> document, got <\(tree.name)>")
        }
        return tree
    }

    /// Whether `tree` is a `root` element; `…Result` also matches `…Response`.
    static func isRoot(_ tree: XMLTree, _ root: String) -> Bool {
        let alternative = root.hasSuffix("Result") ? String(root.dropLast(6)) + "Response" : root
        return tree.name == root || tree.name == alternative
    }

    /// A required child's text.
    static func required(_ element: XMLTree, _ name: String) throws -> String {
        guard let text = element.text(name) else {
            throw AWSClientError(.unexpectedResponse, "<\(element.name)> lacks <\(name)>")
        }
        return text
    }

    /// A required integer child.
    static func requiredInt(_ element: XMLTree, _ name: String) throws -> Int64 {
        let text = try required(element, name)
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else {
            throw AWSClientError(.unexpectedResponse, "<\(element.name)><\(name)> is not an integer: \"\(text)\"")
        }
        return value
    }

    /// `true`/`false` children, absent = `false`.
    static func bool(_ element: XMLTree, _ name: String) -> Bool {
        element.text(name)?.trimmingCharacters(in: .whitespaces).lowercased() == "true"
    }

    /// `<InitiateMultipartUploadResult>` → the upload id.
    static func initiateMultipartUpload(_ bytes: some Collection<UInt8>) throws -> String {
        let tree = try document(bytes, root: "InitiateMultipartUploadResult")
        let uploadID = try required(tree, "UploadId")
        guard !uploadID.isEmpty else {
            throw AWSClientError(.unexpectedResponse, "<InitiateMultipartUploadResult> has an empty <UploadId>")
        }
        return uploadID
    }

    /// `<ListPartsResult>` → a page of parts.
    static func listParts(_ bytes: some Collection<UInt8>) throws -> S3ListPartsPage {
        let tree = try document(bytes, root: "ListPartsResult")
        let parts = try tree.children("Part").map { part in
            S3UploadedPart(
                partNumber: Int(try requiredInt(part, "PartNumber")),
                eTag: S3ObjectMetadata.unquote(try required(part, "ETag")),
                size: try requiredInt(part, "Size"),
                lastModified: part.text("LastModified").flatMap(AWSTimestamp.parseISO8601),
                checksumCRC32: part.text("ChecksumCRC32")
            )
        }
        let truncated = bool(tree, "IsTruncated")
        let marker = tree.text("NextPartNumberMarker").flatMap { Int($0) }
        if truncated && marker == nil {
            throw AWSClientError(
                .unexpectedResponse, "<ListPartsResult> is truncated but has no <NextPartNumberMarker>")
        }
        return S3ListPartsPage(parts: parts, isTruncated: truncated, nextPartNumberMarker: marker)
    }

    /// `<ListMultipartUploadsResult>` → a page of uploads in progress.
    static func listMultipartUploads(
        _ bytes: some Collection<UInt8>, bucket: String
    ) throws
        -> S3ListMultipartUploadsPage
    {
        let tree = try document(bytes, root: "ListMultipartUploadsResult")
        let uploads = try tree.children("Upload").map { upload in
            S3MultipartUploadSummary(
                upload: S3MultipartUpload(
                    bucket: bucket,
                    key: try required(upload, "Key"),
                    uploadID: try required(upload, "UploadId"),
                    checksumAlgorithm: upload.text("ChecksumAlgorithm").flatMap(S3ChecksumAlgorithm.init(rawValue:))
                ),
                initiated: upload.text("Initiated").flatMap(AWSTimestamp.parseISO8601)
            )
        }
        func nonEmpty(_ name: String) -> String? { tree.text(name).flatMap { $0.isEmpty ? nil : $0 } }
        return S3ListMultipartUploadsPage(
            uploads: uploads,
            isTruncated: bool(tree, "IsTruncated"),
            nextKeyMarker: nonEmpty("NextKeyMarker"),
            nextUploadIDMarker: nonEmpty("NextUploadIdMarker")
        )
    }

    /// `<CompleteMultipartUploadResult>`, or the `<Error>` S3 may send with status 200.
    /// - Throws: ``S3Error`` for an `<Error>` document.
    static func completeMultipartUpload(
        _ bytes: some Collection<UInt8>,
        requestID: String?,
        resource: String
    ) throws -> S3CompleteMultipartUploadResult {
        let tree = try XMLTree.parse(bytes)
        if let error = S3ErrorDecoding.errorElement(tree) {
            // S3 documents that CompleteMultipartUpload can fail after answering 200: the error
            // then arrives in the body. Its status is treated as 500 when the code is InternalError
            // (so it is retried) and kept as 200 otherwise.
            let status = error.text("Code") == "InternalError" ? 500 : 200
            throw S3ErrorDecoding.s3Error(
                from: error,
                status: status,
                headerRequestID: requestID,
                operation: "S3.CompleteMultipartUpload",
                resource: resource
            )
        }
        guard isRoot(tree, "CompleteMultipartUploadResult") else {
            throw AWSClientError(
                .unexpectedResponse,
                "expected a <CompleteMultipartUploadResult> document, got <\(tree.name)>"
            )
        }
        return S3CompleteMultipartUploadResult(
            location: tree.text("Location"),
            bucket: tree.text("Bucket"),
            key: tree.text("Key"),
            eTag: tree.text("ETag").map(S3ObjectMetadata.unquote)
        )
    }

    /// `<CopyObjectResult>` → ETag and time. Like CompleteMultipartUpload, CopyObject can report an
    /// error in a 200 body.
    static func copyObject(
        _ bytes: some Collection<UInt8>, requestID: String?, resource: String
    ) throws
        -> S3WriteResult
    {
        let tree = try XMLTree.parse(bytes)
        if let error = S3ErrorDecoding.errorElement(tree) {
            let status = error.text("Code") == "InternalError" ? 500 : 200
            throw S3ErrorDecoding.s3Error(
                from: error, status: status, headerRequestID: requestID, operation: "S3.CopyObject",
                resource: resource
            )
        }
        guard isRoot(tree, "CopyObjectResult") else {
            throw AWSClientError(.unexpectedResponse, "expected a <CopyObjectResult> document, got <\(tree.name)>")
        }
        return S3WriteResult(
            eTag: tree.text("ETag").map(S3ObjectMetadata.unquote),
            lastModified: tree.text("LastModified").flatMap(AWSTimestamp.parseISO8601)
        )
    }

    /// `<Tagging><TagSet><Tag>…` → tags.
    static func tagging(_ bytes: some Collection<UInt8>) throws -> [S3Tag] {
        let tree = try document(bytes, root: "Tagging")
        guard let tagSet = tree.child("TagSet") else { return [] }
        return try tagSet.children("Tag").map { S3Tag(key: try required($0, "Key"), value: $0.text("Value") ?? "") }
    }

    /// `<ListBucketResult>` (ListObjectsV2) → a page; keys are form-decoded when
    /// `<EncodingType>url</EncodingType>` is present.
    static func listObjectsV2(_ bytes: some Collection<UInt8>) throws -> S3ListObjectsPage {
        let tree = try document(bytes, root: "ListBucketResult")
        let encoded = tree.text("EncodingType")?.lowercased() == "url"
        func decode(_ text: String) throws -> String {
            guard encoded else { return text }
            guard let plain = FormURLDecoding.decode(text) else {
                throw AWSClientError(.unexpectedResponse, "a URL-encoded key does not decode to UTF-8 text")
            }
            return plain
        }
        let objects = try tree.children("Contents").map { item in
            S3ObjectSummary(
                key: try decode(try required(item, "Key")),
                size: try requiredInt(item, "Size"),
                eTag: item.text("ETag").map(S3ObjectMetadata.unquote),
                lastModified: item.text("LastModified").flatMap(AWSTimestamp.parseISO8601),
                storageClass: item.text("StorageClass")
            )
        }
        let prefixes = try tree.children("CommonPrefixes").compactMap { try $0.text("Prefix").map(decode) }
        let truncated = bool(tree, "IsTruncated")
        let token = tree.text("NextContinuationToken")
        if truncated && (token ?? "").isEmpty {
            throw AWSClientError(
                .unexpectedResponse, "<ListBucketResult> is truncated but has no <NextContinuationToken>")
        }
        return S3ListObjectsPage(
            objects: objects, commonPrefixes: prefixes, isTruncated: truncated,
            nextContinuationToken: truncated ? token : nil)
    }

    /// `<NotificationConfiguration>` → the queue configurations.
    static func notificationConfiguration(_ bytes: some Collection<UInt8>) throws -> S3NotificationConfiguration {
        // moto answers a bucket without notifications with an empty <GetBucketNotificationResponse/>.
        let tree = try document(
            bytes, root: "NotificationConfiguration", alternatives: ["GetBucketNotificationResponse"])
        let queues = try tree.children("QueueConfiguration").map { queue in
            let rules = (queue.descendant(["Filter", "S3Key"])?.children("FilterRule") ?? []).map {
                S3FilterRule(name: $0.text("Name") ?? "", value: $0.text("Value") ?? "")
            }
            return S3QueueConfiguration(
                id: queue.text("Id"),
                queueARN: try required(queue, "Queue"),
                events: queue.children("Event").map(\.text),
                filterRules: rules
            )
        }
        return S3NotificationConfiguration(
            queues: queues,
            topicConfigurationCount: tree.children("TopicConfiguration").count,
            lambdaConfigurationCount: tree.children("CloudFunctionConfiguration").count
                + tree.children("LambdaFunctionConfiguration").count,
            eventBridgeEnabled: tree.child("EventBridgeConfiguration") != nil
        )
    }

    /// `<PublicAccessBlockConfiguration>` → the four switches.
    static func publicAccessBlock(_ bytes: some Collection<UInt8>) throws -> S3PublicAccessBlock {
        let tree = try document(bytes, root: "PublicAccessBlockConfiguration")
        return S3PublicAccessBlock(
            blockPublicACLs: bool(tree, "BlockPublicAcls"),
            ignorePublicACLs: bool(tree, "IgnorePublicAcls"),
            blockPublicPolicy: bool(tree, "BlockPublicPolicy"),
            restrictPublicBuckets: bool(tree, "RestrictPublicBuckets")
        )
    }

    /// `<AccessControlPolicy>` → owner and grants.
    static func accessControlPolicy(_ bytes: some Collection<UInt8>) throws -> S3AccessControlList {
        let tree = try document(bytes, root: "AccessControlPolicy")
        let grants = (tree.child("AccessControlList")?.children("Grant") ?? []).map { grant in
            S3AccessControlList.Grant(
                granteeID: grant.child("Grantee")?.text("ID"),
                granteeURI: grant.child("Grantee")?.text("URI"),
                permission: grant.text("Permission") ?? ""
            )
        }
        return S3AccessControlList(ownerID: tree.child("Owner")?.text("ID"), grants: grants)
    }
}
