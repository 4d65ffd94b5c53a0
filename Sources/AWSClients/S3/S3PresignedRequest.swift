import Foundation

/// A presigned S3 request: the URL and the headers the client must send with exactly these
/// values (they are part of the signature).
public struct S3PresignedRequest: Sendable, Equatable {
    /// The HTTP method the URL is for.
    public var method: String
    /// The URL, with the signature in its query.
    public var url: String
    /// Headers bound into the signature (`content-type`, `content-length`, `x-amz-*`), lower-case
    /// names. `content-length` is set by browsers and HTTP clients from the body.
    public var headers: [String: String]
    /// When the URL stops working.
    public var expiresAt: Date

    /// Creates a presigned request.
    public init(method: String, url: String, headers: [String: String], expiresAt: Date) {
        self.method = method
        self.url = url
        self.headers = headers
        self.expiresAt = expiresAt
    }
}
