/// One rule of a bucket's CORS configuration (`<CORSRule>`): which origins may send which
/// methods and headers, what response headers their scripts may read, and how long a browser may
/// cache the preflight.
public struct S3CORSRule: Sendable, Hashable {
    /// `ID`, optional.
    public var id: String?
    /// `AllowedOrigin`: origins such as `https://chat.example.com`, or `*` (one `*` wildcard allowed).
    public var allowedOrigins: [String]
    /// `AllowedMethod`: `GET`, `PUT`, `POST`, `DELETE` or `HEAD`.
    public var allowedMethods: [String]
    /// `AllowedHeader`: request headers a preflight may ask for (`*` wildcards allowed).
    public var allowedHeaders: [String]
    /// `ExposeHeader`: response headers scripts may read (`ETag` for multipart uploads).
    public var exposeHeaders: [String]
    /// `MaxAgeSeconds`: how long a browser may cache the preflight answer.
    public var maxAgeSeconds: Int?

    /// Creates a rule.
    public init(
        id: String? = nil,
        allowedOrigins: [String],
        allowedMethods: [String],
        allowedHeaders: [String] = [],
        exposeHeaders: [String] = [],
        maxAgeSeconds: Int? = nil
    ) {
        self.id = id
        self.allowedOrigins = allowedOrigins
        self.allowedMethods = allowedMethods
        self.allowedHeaders = allowedHeaders
        self.exposeHeaders = exposeHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// Whether the rule lets `origin` send `method` (S3's matching: exact origin, `*`, or one `*`
    /// wildcard inside the origin; methods compared exactly).
    public func allows(origin: String, method: String) -> Bool {
        allowedMethods.contains(method.uppercased()) && allowedOrigins.contains { Self.matches(origin, pattern: $0) }
    }

    /// Whether a preflight asking for `header` is allowed (case-insensitive, `*` wildcards).
    public func allows(header: String) -> Bool {
        allowedHeaders.contains { Self.matches(header.lowercased(), pattern: $0.lowercased()) }
    }

    /// Whether scripts may read the response header `name` (case-insensitive).
    public func exposes(_ name: String) -> Bool {
        exposeHeaders.contains { $0.lowercased() == name.lowercased() }
    }

    /// `pattern` with at most one `*` matching any run of characters.
    static func matches(_ value: String, pattern: String) -> Bool {
        if pattern == "*" { return true }
        let pieces = pattern.split(separator: "*", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2 else { return value == pattern }
        return value.count >= pieces[0].count + pieces[1].count && value.hasPrefix(pieces[0])
            && value.hasSuffix(pieces[1])
    }
}
