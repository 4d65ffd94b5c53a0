/// How CopyObject treats the source's metadata and tags.
public struct S3CopyOptions: Sendable, Hashable {
    /// Whether metadata is copied from the source or replaced.
    public enum MetadataDirective: Sendable, Hashable {
        /// Keep the source's content type and user metadata (`COPY`).
        case copy
        /// Replace them with these attributes (`REPLACE`); their tags and encryption are ignored
        /// here (use ``S3CopyOptions/tagging`` and ``S3CopyOptions/serverSideEncryption``).
        case replace(S3ObjectAttributes)
    }

    /// Whether tags are copied from the source or replaced.
    public enum TaggingDirective: Sendable, Hashable {
        /// Keep the source's tags (`COPY`).
        case copy
        /// Replace them with these tags (`REPLACE`; an empty list removes them).
        case replace([S3Tag])
    }

    /// The metadata directive.
    public var metadata: MetadataDirective
    /// The tagging directive.
    public var tagging: TaggingDirective
    /// Server-side encryption for the copy.
    public var serverSideEncryption: S3ServerSideEncryption?

    /// Creates copy options; the default copies metadata and tags.
    public init(
        metadata: MetadataDirective = .copy,
        tagging: TaggingDirective = .copy,
        serverSideEncryption: S3ServerSideEncryption? = nil
    ) {
        self.metadata = metadata
        self.tagging = tagging
        self.serverSideEncryption = serverSideEncryption
    }

    /// The request headers for these options.
    var headers: [(String, String)] {
        var headers: [(String, String)] = []
        switch metadata {
        case .copy:
            headers.append(("x-amz-metadata-directive", "COPY"))
        case .replace(let attributes):
            headers.append(("x-amz-metadata-directive", "REPLACE"))
            var plain = attributes
            plain.tags = []
            plain.serverSideEncryption = nil
            headers.append(contentsOf: plain.headers)
        }
        switch tagging {
        case .copy:
            headers.append(("x-amz-tagging-directive", "COPY"))
        case .replace(let tags):
            headers.append(("x-amz-tagging-directive", "REPLACE"))
            headers.append(("x-amz-tagging", S3Tag.headerValue(tags)))
        }
        if let serverSideEncryption { headers.append(contentsOf: serverSideEncryption.headers) }
        return headers
    }
}
