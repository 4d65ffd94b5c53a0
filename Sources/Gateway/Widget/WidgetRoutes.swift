import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The agent preview widget: its page and files at `/widget/`, and its API under `/v1/widget/`.
///
/// The API authenticates the agent with the agent's own Genesys access token
/// (`Authorization: Bearer …`, implicit grant), resolved to a user id through
/// `GET /api/v2/users/me`, and applies the participant check and audit of the Data Action
/// file-link. Every response carries ``WidgetSecurityHeaders``.
///
/// - `GET /widget/`, `GET /widget/{file}`: the page, ES modules and CSS.
/// - `GET /v1/widget/config`: `{clientId, authorizeURL}` for the implicit grant.
/// - `GET /v1/widget/files?conversationId=…`: the conversation's clean files.
/// - `POST /v1/widget/files/{fileId}/link` `{"conversationId"}`: a fresh link (200), or 409
///   pending.
/// - `GET /v1/widget/files/{fileId}/entries?conversationId=…`: a ZIP's entry listing.
public enum WidgetRoutes {
    /// Adds the routes to `router`.
    public static func add(
        to router: Router<BasicRequestContext>,
        service: WidgetService,
        settings: WidgetSettings,
        assets: WidgetAssets = WidgetAssets()
    ) {
        let handlers = WidgetHandlers(service: service, settings: settings, assets: assets)
        router.get("widget") { _, _ in handlers.asset("index.html") }
        router.get("widget/:file") { _, context in handlers.asset(context.parameters.get("file") ?? "") }
        router.get("v1/widget/config") { _, _ in handlers.config() }
        router.get("v1/widget/files") { request, _ in await handlers.run { try await handlers.files(request) } }
        router.post("v1/widget/files/:fileId/link") { request, context in
            await handlers.run { try await handlers.link(request, fileId: context.parameters.get("fileId") ?? "") }
        }
        router.get("v1/widget/files/:fileId/entries") { request, context in
            await handlers.run {
                try await handlers.entries(request, fileId: context.parameters.get("fileId") ?? "")
            }
        }
    }
}

/// The bodies of the widget routes.
struct WidgetHandlers: Sendable {
    let service: WidgetService
    let settings: WidgetSettings
    let assets: WidgetAssets
    let logger = Logger(label: "attache.http.widget")

    func run(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let problem as WidgetProblem {
            return problem.response(settings: settings)
        } catch {
            logger.error("widget route failed", metadata: ["error": "\(error)"])
            return WidgetProblem.unavailable("The request could not be completed; try again.")
                .response(settings: settings)
        }
    }

    func asset(_ name: String) -> Response {
        guard let file = assets.file(named: name) else {
            return WidgetProblem(
                slug: "not-found", title: "Not found", status: .notFound, detail: "The widget has no such file."
            ).response(settings: settings)
        }
        var headers: HTTPFields = [.contentType: file.mimeType]
        WidgetSecurityHeaders.apply(to: &headers, settings: settings)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }

    func config() -> Response {
        json(WidgetAPI.Config(clientId: settings.clientId ?? "", authorizeURL: settings.authorizeURL ?? ""))
    }

    func files(_ request: Request) async throws -> Response {
        let agent = try await authenticate(request)
        let conversationId = try Self.conversationId(request.uri.queryParameters.get("conversationId"))
        switch try await service.files(conversationId: conversationId, agentUserId: agent) {
        case .allowed(let records):
            return json(WidgetAPI.FileList(conversationId: conversationId, files: records.map(WidgetAPI.File.init)))
        case .pending:
            throw WidgetProblem.unavailable("unexpected pending listing")
        case .denied(let denial):
            throw WidgetProblem.denied(denial)
        }
    }

    func link(_ request: Request, fileId: String) async throws -> Response {
        let agent = try await authenticate(request)
        let body = try await decode(WidgetAPI.LinkRequest.self, from: request)
        let conversationId = try Self.conversationId(body.conversationId)
        switch try await service.link(conversationId: conversationId, agentUserId: agent, fileId: fileId) {
        case .allowed(let url, let expiresAt, let record):
            return json(
                WidgetAPI.Link(
                    decision: "allowed", reason: "", file: WidgetAPI.File(record), url: url, expiresAt: expiresAt))
        case .pending(_, let record):
            return pending(record)
        case .denied(let denial):
            throw WidgetProblem.denied(denial)
        }
    }

    func entries(_ request: Request, fileId: String) async throws -> Response {
        let agent = try await authenticate(request)
        let conversationId = try Self.conversationId(request.uri.queryParameters.get("conversationId"))
        switch try await service.entries(conversationId: conversationId, agentUserId: agent, fileId: fileId) {
        case .allowed((let record, let listing)):
            guard let listing else { throw WidgetProblem.notZip() }
            return json(WidgetAPI.Entries(file: WidgetAPI.File(record), listing: listing))
        case .pending(let record):
            return pending(record)
        case .denied(let denial):
            throw WidgetProblem.denied(denial)
        }
    }

    // MARK: Helpers

    /// The user id behind the request's bearer token.
    func authenticate(_ request: Request) async throws -> String {
        guard let header = request.headers[.authorization] else {
            throw WidgetProblem.unauthorized("Send the agent's Genesys access token as Authorization: Bearer.")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw WidgetProblem.unauthorized("The Authorization header is not a bearer token.")
        }
        do {
            return try await service.identities.userId(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces))
        } catch .rejected {
            throw WidgetProblem.unauthorized("Genesys Cloud does not accept this token; sign in again.")
        } catch .unavailable(let reason) {
            logger.warning("cannot resolve an agent token", metadata: ["error": "\(reason)"])
            throw WidgetProblem.denied(.genesysUnavailable)
        }
    }

    /// A Genesys conversation id: a UUID.
    static func conversationId(_ value: String?) throws -> String {
        guard let value, !value.isEmpty else { throw WidgetProblem.invalid("conversationId is required.") }
        guard value.count == 36, UUID(uuidString: value) != nil else {
            throw WidgetProblem.invalid("conversationId must be a Genesys conversation id (a UUID).")
        }
        return value.lowercased()
    }

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 16 * 1024)
        } catch {
            throw WidgetProblem.invalid("The body is too large.")
        }
        do {
            try StrictJSON.check(buffer.readableBytesView)
        } catch {
            throw WidgetProblem.invalid(error.description)
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw WidgetProblem.invalid("The body must be JSON: {\"conversationId\": \"…\"}.")
        }
    }

    func pending(_ record: UploadRecord) -> Response {
        json(
            WidgetAPI.Link(
                decision: "pending", reason: "not-clean", file: WidgetAPI.File(record), url: "", expiresAt: nil),
            status: .conflict)
    }

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json"]
        WidgetSecurityHeaders.apply(to: &headers, settings: settings)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
