import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Logs each request's method and path (never its query string: the embedded store's signed
/// URLs carry their signature and the download's file name there, and a link must not outlive
/// its purpose in a log file), then its status and duration, all under one request id.
///
/// The id is the caller's `X-Request-Id` when it is a sane token (a load balancer's or a
/// client's, 1–128 of `A–Z a–z 0–9 . _ -`), else Hummingbird's own; it is in every log line
/// written while the request is handled (`request.id`) and sent back in `X-Request-Id`, so a
/// user's error report can be matched with the gateway's logs. Hummingbird's
/// `LogRequestsMiddleware` logs the whole URI, so the gateway uses this instead.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    /// The request/response header carrying the id.
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let id = Self.acceptedId(request.headers[Self.header]) ?? context.id
        context.logger[metadataKey: "request.id"] = .string(id)
        context.logger.log(
            level: level, "Request",
            metadata: ["hb.request.method": "\(request.method)", "hb.request.path": "\(request.uri.path)"])
        let start = NIODeadline.now()
        do {
            var response = try await next(request, context)
            response.headers[Self.header] = id
            context.logger.log(
                level: level, "Response",
                metadata: [
                    "http.status": "\(response.status.code)", "duration.ms": "\(Self.milliseconds(since: start))",
                ])
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            context.logger.log(
                level: level, "Response",
                metadata: ["http.status": "\(status)", "duration.ms": "\(Self.milliseconds(since: start))"])
            throw error
        }
    }

    /// The caller's id when it is 1–128 characters of `A–Z a–z 0–9 . _ -`, else `nil`.
    static func acceptedId(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2E || byte == 0x5F || byte == 0x2D
            })
        else { return nil }
        return value
    }

    private static func milliseconds(since start: NIODeadline) -> Int64 {
        (NIODeadline.now() - start).nanoseconds / 1_000_000
    }
}
