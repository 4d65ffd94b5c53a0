import AWSSigning

/// One object tag: a key and a value.
public struct S3Tag: Sendable, Hashable, CustomStringConvertible {
    /// The tag key (up to 128 characters).
    public var key: String
    /// The tag value (up to 256 characters).
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// `key=value`.
    public var description: String { "\(key)=\(value)" }

    /// Tags as the `x-amz-tagging` header wants them: a form-encoded query string.
    static func headerValue(_ tags: [S3Tag]) -> String {
        tags.map { AWSURIEncoding.encode($0.key) + "=" + AWSURIEncoding.encode($0.value) }
            .joined(separator: "&")
    }
}
