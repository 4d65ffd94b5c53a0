import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The guest web UI: its page and files at the gateway's root, and its start-up settings.
///
/// - `GET /`: `index.html`.
/// - `GET /guest.css`: the style sheet.
/// - `GET /js/{file}`: an ES module of the bundle (`text/javascript; charset=utf-8`); anything
///   else, including traversal attempts, is 404.
/// - `GET /v1/guest/config`: ``GuestUIAPI/Config``; 503 `guest-ui-not-configured` naming the
///   variables to set when the deployment, WebSocket or API URL is missing.
///
/// Files carry a strong `ETag` and `Cache-Control: no-cache` (revalidated on every load, so a
/// reload picks up a new version; `If-None-Match` answers 304). Every response carries
/// ``GuestUISecurityHeaders``.
public enum GuestUIRoutes {
    /// `Cache-Control` of the static files: always revalidate.
    static let fileCacheControl = "no-cache"
    /// `Cache-Control` of the configuration: briefly cacheable.
    static let configCacheControl = "public, max-age=60"

    /// Adds the routes to `router`.
    public static func add(
        to router: Router<BasicRequestContext>,
        settings: GuestUISettings,
        assets: GuestUIAssets = GuestUIAssets()
    ) {
        let handlers = GuestUIHandlers(settings: settings, assets: assets)
        router.get("/") { request, _ in handlers.serve(assets.index, request: request) }
        router.get("guest.css") { request, _ in handlers.serve(assets.file(named: "guest.css"), request: request) }
        router.get("js/:file") { request, context in
            handlers.serve(assets.module(named: context.parameters.get("file") ?? ""), request: request)
        }
        router.get("v1/guest/config") { _, _ in handlers.config() }
    }
}

/// The bodies of the guest UI routes.
struct GuestUIHandlers: Sendable {
    let settings: GuestUISettings
    let assets: GuestUIAssets

    func serve(_ file: GuestUIAssets.File?, request: Request) -> Response {
        guard let file else {
            return problem(
                Problem(
                    slug: "not-found", title: "Not found", status: .notFound, detail: "The guest UI has no such file."))
        }
        var headers: HTTPFields = [.eTag: file.etag, .cacheControl: GuestUIRoutes.fileCacheControl]
        GuestUISecurityHeaders.apply(to: &headers, settings: settings)
        if Self.matches(request.headers[values: .ifNoneMatch], etag: file.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = file.mimeType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }

    func config() -> Response {
        guard let config = GuestUIAPI.Config(settings: settings) else {
            let missing = settings.connection.missingVariables
            return problem(
                Problem(
                    slug: "guest-ui-not-configured", title: "The guest UI is not configured",
                    status: .serviceUnavailable,
                    detail: "Set \(missing.joined(separator: ", ")) (`attache dev` sets them from the sandbox)."))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(config)) ?? Data("{}".utf8)
        var headers: HTTPFields = [
            .contentType: "application/json", .cacheControl: GuestUIRoutes.configCacheControl,
        ]
        GuestUISecurityHeaders.apply(to: &headers, settings: settings)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func problem(_ problem: Problem) -> Response {
        var response = problem.makeResponse()
        GuestUISecurityHeaders.apply(to: &response.headers, settings: settings)
        return response
    }

    /// Whether an `If-None-Match` list names `etag` (or is `*`); weak comparison, as RFC 9110 asks.
    static func matches(_ values: [String], etag: String) -> Bool {
        let tags = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        return tags.contains { $0 == "*" || $0 == etag || $0 == "W/" + etag }
    }
}
