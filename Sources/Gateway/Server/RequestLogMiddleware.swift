import Hummingbird
import Logging

/// Logs each request's method and path, never its query string: the embedded store's signed
/// URLs carry their signature (and the download's file name) in the query, and a link must
/// not outlive its purpose in a log file. Hummingbird's `LogRequestsMiddleware` logs the whole
/// URI, so the gateway uses this instead.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        context.logger.log(
            level: level, "Request",
            metadata: ["hb.request.method": "\(request.method)", "hb.request.path": "\(request.uri.path)"])
        return try await next(request, context)
    }
}
