import Foundation
import HTTPTypes
import Hummingbird

/// An RFC 9457 problem: the only shape of error the gateway's HTTP API answers with
/// (`application/problem+json`).
///
/// ``type`` is a stable URI per kind of error (`https://attache.dev/problems/<slug>`), so clients
/// branch on it rather than on the text.
public struct Problem: HTTPResponseError, CustomStringConvertible, Sendable, Equatable {
    /// The base of every problem type URI.
    public static let typeBase = "https://attache.dev/problems/"

    /// The stable slug (`file-too-large`), the tail of ``type``.
    public var slug: String
    /// A short, stable summary of the kind of problem.
    public var title: String
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong with this request, for a human.
    public var detail: String
    /// Seconds to wait before retrying (`Retry-After`), for rate limiting and an unreachable
    /// database.
    public var retryAfter: Int?

    /// The stable type URI.
    public var type: String { Self.typeBase + slug }

    /// Creates a problem.
    public init(
        slug: String,
        title: String,
        status: HTTPResponse.Status,
        detail: String,
        retryAfter: Int? = nil
    ) {
        self.slug = slug
        self.title = title
        self.status = status
        self.detail = detail
        self.retryAfter = retryAfter
    }

    public var description: String { "\(status.code) \(slug): \(detail)" }

    /// The JSON body.
    public struct Body: Codable, Sendable, Equatable {
        /// The type URI.
        public var type: String
        /// The title.
        public var title: String
        /// The status code.
        public var status: Int
        /// The detail.
        public var detail: String
    }

    /// The JSON body of this problem.
    public var body: Body {
        Body(type: type, title: title, status: status.code, detail: detail)
    }

    /// Renders the problem as `application/problem+json`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        makeResponse()
    }

    /// Renders the problem as `application/problem+json` without a request.
    public func makeResponse() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json", .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
