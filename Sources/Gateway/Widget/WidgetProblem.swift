import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A refusal of the widget API as `application/problem+json`, with the access decision's
/// `reason` code as an extension member so the widget can say what happened.
public struct WidgetProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable slug (`https://attache.dev/problems/<slug>`).
    public var slug: String
    /// A short summary.
    public var title: String
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// For a human.
    public var detail: String
    /// The access decision's reason code (`agent-not-connected`, …), or `""`.
    public var reason: String

    /// Creates a problem.
    public init(slug: String, title: String, status: HTTPResponse.Status, detail: String, reason: String = "") {
        self.slug = slug
        self.title = title
        self.status = status
        self.detail = detail
        self.reason = reason
    }

    public var description: String { "\(status.code) \(slug) \(reason): \(detail)" }

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
        /// The reason code.
        public var reason: String
    }

    /// The response, with the widget's security headers.
    func response(settings: WidgetSettings) -> Response {
        let body = Body(
            type: Problem.typeBase + slug, title: title, status: status.code, detail: detail, reason: reason)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        WidgetSecurityHeaders.apply(to: &headers, settings: settings)
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"attache-widget\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// 401: no agent token, or Genesys does not know it.
    static func unauthorized(_ detail: String) -> WidgetProblem {
        WidgetProblem(
            slug: "agent-unauthorized", title: "The agent's Genesys access token is missing or invalid",
            status: .unauthorized, detail: detail)
    }

    /// 400: a malformed id or body.
    static func invalid(_ detail: String) -> WidgetProblem {
        WidgetProblem(slug: "invalid-request", title: "The request is malformed", status: .badRequest, detail: detail)
    }

    /// 403/404/503 for a denied access decision.
    static func denied(_ denial: FileLinkDenial) -> WidgetProblem {
        switch denial {
        case .unknownFile, .otherConversation:
            WidgetProblem(
                slug: "file-not-found", title: "No such file in this conversation", status: .notFound,
                detail: "This conversation has no file with this id.", reason: denial.rawValue)
        case .agentNotConnected:
            WidgetProblem(
                slug: "access-denied", title: "Access denied", status: .forbidden,
                detail: "You are not a connected agent of this conversation.", reason: denial.rawValue)
        case .conversationNotFound:
            WidgetProblem(
                slug: "access-denied", title: "Access denied", status: .forbidden,
                detail: "Genesys does not know this conversation.", reason: denial.rawValue)
        case .genesysUnavailable:
            WidgetProblem(
                slug: "genesys-unavailable", title: "Genesys Cloud cannot be reached", status: .serviceUnavailable,
                detail: "The participant check could not be made; try again.", reason: denial.rawValue)
        }
    }

    /// 415: entries asked of a file that is not a ZIP.
    static func notZip() -> WidgetProblem {
        WidgetProblem(
            slug: "not-an-archive", title: "The file is not a ZIP archive", status: .unsupportedMediaType,
            detail: "Only ZIP archives have an entry listing.")
    }

    /// 503: a dependency failed.
    static func unavailable(_ detail: String) -> WidgetProblem {
        WidgetProblem(
            slug: "unavailable", title: "The service is temporarily unavailable", status: .serviceUnavailable,
            detail: detail)
    }
}
