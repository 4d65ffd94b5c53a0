import HTTPTypes
import Hummingbird

/// Answers `405 Method Not Allowed`, with `Allow` naming the methods the path has, when a request
/// names a path the gateway serves with a method it does not serve there (`DELETE /healthz`);
/// unknown paths stay `404`.
///
/// Added to the router after every route: Hummingbird then runs it only for requests no route
/// matched (its not-found responder is built with the router's final middleware list), so
/// matched requests pay nothing. It resolves the path in a router of its own holding every
/// route's path, which matches paths exactly as the gateway's router does. `OPTIONS` (CORS
/// preflight, answered by the routes that allow cross-origin calls) passes through.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Every path with the methods the gateway serves there.
    private let paths: RouterResponder<Context>

    /// - Parameter routes: the router's routes (`Router.routes`), read once all are added; `HEAD`
    ///   counts as served wherever `GET` is (the gateway's router generates it).
    init(routes: [Router<Context>.RouteDescription]) {
        var allowed: [String: (path: RouterPath, methods: [HTTPRequest.Method])] = [:]
        for route in routes {
            allowed[route.path.description, default: (route.path, [])].methods.append(route.method)
            if route.method == .get { allowed[route.path.description]?.methods.append(.head) }
        }
        let probe = Router(context: Context.self)
        for (path, methods) in allowed.values {
            let allow = Self.allowHeader(methods)
            for method in Self.methods where !methods.contains(method) {
                probe.on(path, method: method) { _, _ in Self.response(allow: allow) }
            }
        }
        paths = probe.buildResponder()
    }

    /// The methods a request can be refused for (all but `OPTIONS`, and `CONNECT`, which
    /// names no path).
    static var methods: [HTTPRequest.Method] { [.get, .head, .post, .put, .patch, .delete, .trace] }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method != .options, Self.methods.contains(request.method) else {
            return try await next(request, context)
        }
        // The probe answers 405 for a known path, and its own 404 (an answer, not an error)
        // for an unknown one, which the gateway's not-found handling then answers as before.
        let probed = try await paths.respond(to: request, context: context)
        guard probed.status == .methodNotAllowed else { return try await next(request, context) }
        return probed
    }

    static func allowHeader(_ methods: [HTTPRequest.Method]) -> String {
        Set(methods.map(\.rawValue)).sorted().joined(separator: ", ")
    }

    static func response(allow: String) -> Response {
        var response = Problem.methodNotAllowed(allow: allow).makeResponse()
        response.headers[.allow] = allow
        return response
    }
}
