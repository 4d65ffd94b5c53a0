/// What to store with an object on PutObject or CreateMultipartUpload.
public struct S3ObjectAttributes: Sendable, Hashable {
    /// The `Content-Type` to store.
    public var contentType: String?
    /// The `Content-Disposition` to store.
    public var contentDisposition: String?
    /// The `Cache-Control` to store.
    public var cacheControl: String?
    /// User metadata (`x-amz-meta-*`); keys are lower-cased by S3.
    public var metadata: [String: String]
    /// Tags to set on the object.
    public var tags: [S3Tag]
    /// Server-side encryption.
    public var serverSideEncryption: S3ServerSideEncryption?

    /// Creates attributes; all are optional.
    public init(
        contentType: String? = nil,
        contentDisposition: String? = nil,
        cacheControl: String? = nil,
        metadata: [String: String] = [:],
        tags: [S3Tag] = [],
        serverSideEncryption: S3ServerSideEncryption? = nil
    ) {
        self.contentType = contentType
        self.contentDisposition = contentDisposition
        self.cacheControl = cacheControl
        self.metadata = metadata
        self.tags = tags
        self.serverSideEncryption = serverSideEncryption
    }

    /// The request headers for these attributes.
    var headers: [(String, String)] {
        var headers: [(String, String)] = []
        if let contentType { headers.append(("content-type", contentType)) }
        if let contentDisposition { headers.append(("content-disposition", contentDisposition)) }
        if let cacheControl { headers.append(("cache-control", cacheControl)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            headers.append(("x-amz-meta-" + name.lowercased(), value))
        }
        if !tags.isEmpty { headers.append(("x-amz-tagging", S3Tag.headerValue(tags))) }
        if let serverSideEncryption { headers.append(contentsOf: serverSideEncryption.headers) }
        return headers
    }
}
