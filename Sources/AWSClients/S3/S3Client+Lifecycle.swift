import Foundation
import NIOCore
import NIOHTTP1

extension S3Error.Code {
    /// The bucket has no lifecycle configuration (GetBucketLifecycleConfiguration).
    public static let noSuchLifecycleConfiguration: S3Error.Code = "NoSuchLifecycleConfiguration"
}

extension S3Client {
    /// Reads a bucket's lifecycle rules (GetBucketLifecycleConfiguration).
    /// - Returns: the rules in order; empty when the bucket has no lifecycle configuration
    ///   (`NoSuchLifecycleConfiguration`: S3 refuses a configuration without rules, so empty
    ///   means none).
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func getBucketLifecycleConfiguration(_ bucket: String) async throws -> [S3LifecycleRule] {
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, query: [("lifecycle", "")]))
        let operation = "S3.GetBucketLifecycleConfiguration"
        do {
            return try await collect(request, operation: operation, resource: Self.resource(bucket)) {
                try Self.lifecycleRules($0.body.readableBytesView)
            }
        } catch let error as S3Error where error.code == .noSuchLifecycleConfiguration {
            return []
        }
    }

    /// Replaces a bucket's lifecycle configuration with `rules` (PutBucketLifecycleConfiguration).
    /// - Throws: ``S3Error`` (`MalformedXML` for an empty list or a rule without an action,
    ///   `InvalidArgument`), ``AWSClientError``.
    public func putBucketLifecycleConfiguration(_ bucket: String, rules: [S3LifecycleRule]) async throws {
        let body = Self.lifecycleDocument(rules)
        let request = AWSRequest(
            method: .PUT,
            url: try url(bucket: bucket, query: [("lifecycle", "")]),
            headers: [("content-type", "application/xml")] + PayloadChecksum.sha256Headers(body),
            body: .bytes(body)
        )
        let operation = "S3.PutBucketLifecycleConfiguration"
        try await collect(request, operation: operation, resource: Self.resource(bucket)) { _ in }
    }

    /// `<LifecycleConfiguration><Rule>…` for the rules.
    static func lifecycleDocument(_ rules: [S3LifecycleRule]) -> [UInt8] {
        var writer = XMLWriter()
        writer.open("LifecycleConfiguration", namespace: s3XMLNamespace)
        for rule in rules {
            writer.open("Rule")
            if let id = rule.id { writer.element("ID", id) }
            writeFilter(rule.filter, to: &writer)
            writer.element("Status", rule.isEnabled ? "Enabled" : "Disabled")
            if rule.expirationDays != nil || rule.expirationDate != nil {
                writer.open("Expiration")
                if let days = rule.expirationDays { writer.element("Days", String(days)) }
                if let date = rule.expirationDate { writer.element("Date", date) }
                writer.close("Expiration")
            }
            if let days = rule.abortIncompleteMultipartUploadDays {
                writer.open("AbortIncompleteMultipartUpload")
                writer.element("DaysAfterInitiation", String(days))
                writer.close("AbortIncompleteMultipartUpload")
            }
            writer.close("Rule")
        }
        writer.close("LifecycleConfiguration")
        return Array(writer.output.utf8)
    }

    /// `<Filter>`: a single condition directly, several inside `<And>`.
    private static func writeFilter(_ filter: S3LifecycleRule.Filter, to writer: inout XMLWriter) {
        var conditions: [(inout XMLWriter) -> Void] = []
        if !filter.prefix.isEmpty { conditions.append { $0.element("Prefix", filter.prefix) } }
        for tag in filter.tags {
            conditions.append {
                $0.open("Tag")
                $0.element("Key", tag.key)
                $0.element("Value", tag.value)
                $0.close("Tag")
            }
        }
        if let size = filter.objectSizeGreaterThan {
            conditions.append { $0.element("ObjectSizeGreaterThan", String(size)) }
        }
        if let size = filter.objectSizeLessThan { conditions.append { $0.element("ObjectSizeLessThan", String(size)) } }
        writer.open("Filter")
        if conditions.count > 1 { writer.open("And") }
        for condition in conditions { condition(&writer) }
        if conditions.count > 1 { writer.close("And") }
        writer.close("Filter")
    }

    /// `<LifecycleConfiguration>` → rules.
    static func lifecycleRules(_ bytes: some Collection<UInt8>) throws -> [S3LifecycleRule] {
        let tree = try S3ResponseParsing.document(bytes, root: "LifecycleConfiguration")
        return try tree.children("Rule").map { rule in
            let status = try S3ResponseParsing.required(rule, "Status").trimmingCharacters(in: .whitespaces)
            guard status == "Enabled" || status == "Disabled" else {
                throw AWSClientError(
                    .unexpectedResponse, "<Rule><Status> is neither Enabled nor Disabled: \"\(status)\"")
            }
            let expiration = rule.child("Expiration")
            return S3LifecycleRule(
                id: rule.text("ID"),
                isEnabled: status == "Enabled",
                filter: try lifecycleFilter(rule),
                expirationDays: try expiration.flatMap { try optionalInt($0, "Days") },
                expirationDate: expiration?.text("Date"),
                abortIncompleteMultipartUploadDays: try rule.child("AbortIncompleteMultipartUpload").flatMap {
                    try optionalInt($0, "DaysAfterInitiation")
                }
            )
        }
    }

    /// A rule's filter: `<Filter>` with one condition or an `<And>`, or the older rule-level
    /// `<Prefix>`; none at all applies to every object.
    private static func lifecycleFilter(_ rule: XMLTree) throws -> S3LifecycleRule.Filter {
        guard let filter = rule.child("Filter") else { return .init(prefix: rule.text("Prefix") ?? "") }
        let conditions = filter.child("And") ?? filter
        let tags = try conditions.children("Tag").map {
            S3Tag(key: try S3ResponseParsing.required($0, "Key"), value: $0.text("Value") ?? "")
        }
        return S3LifecycleRule.Filter(
            prefix: conditions.text("Prefix") ?? "", tags: tags,
            objectSizeGreaterThan: try optionalInt(conditions, "ObjectSizeGreaterThan").map(Int64.init),
            objectSizeLessThan: try optionalInt(conditions, "ObjectSizeLessThan").map(Int64.init))
    }

    /// An optional integer child; present but not an integer is an unexpected response.
    private static func optionalInt(_ element: XMLTree, _ name: String) throws -> Int? {
        guard let text = element.text(name) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw AWSClientError(.unexpectedResponse, "<\(element.name)><\(name)> is not an integer: \"\(text)\"")
        }
        return value
    }
}
