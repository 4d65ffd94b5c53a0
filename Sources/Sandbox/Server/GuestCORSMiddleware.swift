import HTTPTypes
import Hummingbird

/// Cross-origin access to the endpoints a browser guest calls, as Genesys Cloud answers them: a
/// guest page on another origin (the gateway's guest UI) reads history with
/// `Authorization: Bearer <jwt>`, and PUTs and GETs native attachments.
///
/// Only ``guestPathPrefixes`` get CORS headers; the platform API, OAuth and the agent console stay
/// same-origin. A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) answers
/// 204 with the origin echoed, the allowed methods and headers and a max age; other requests with
/// an `Origin` get `Access-Control-Allow-Origin` on their response. No credentials mode: guests
/// authenticate with a bearer header, never cookies. The sandbox has no deployment domain
/// allow-list, so every origin except `null` is echoed.
public struct GuestCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path prefixes of the guest endpoints: history (and any future web messaging guest REST
    /// endpoint), native attachment uploads and downloads.
    public static var guestPathPrefixes: [String] {
        ["/api/v2/webmessaging/", "/sandbox/uploads/", "/sandbox/attachments/"]
    }
    /// `Access-Control-Allow-Methods`.
    public static var allowedMethods: String { "GET, HEAD, PUT, OPTIONS" }
    /// `Access-Control-Allow-Headers`.
    public static var allowedHeaders: String { "authorization, content-type" }
    /// `Access-Control-Max-Age`, in seconds.
    public static var maxAgeSeconds: Int { 600 }

    /// Creates the middleware.
    public init() {}

    /// Answers preflights of guest endpoints and adds `Access-Control-Allow-Origin` to their responses.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin], origin != "null", Self.isGuestPath(request.uri.path) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = Self.originFields(origin)
            headers[.accessControlAllowMethods] = Self.allowedMethods
            headers[.accessControlAllowHeaders] = Self.allowedHeaders
            headers[.accessControlMaxAge] = String(Self.maxAgeSeconds)
            return Response(status: .noContent, headers: headers)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        for field in Self.originFields(origin) {
            response.headers[field.name] = field.value
        }
        return response
    }

    /// Whether `path` is a guest endpoint.
    static func isGuestPath(_ path: String) -> Bool {
        guestPathPrefixes.contains { path.hasPrefix($0) }
    }

    static func originFields(_ origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: origin, .vary: "Origin"]
    }
}
