import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The bodies of the Data Action routes; refusals become audited ``Problem`` responses.
struct DataActionHandlers: Sendable {
    enum Route: String, Sendable {
        case registerConversation = "register-conversation"
        case fileLink = "file-link"
        case listFiles = "list-files"
    }

    let access: FileAccessService
    let authenticator: DataActionAuthenticator
    let options: DataActionRoutes.Options
    let logger = Logger(label: "attache.http.data-actions")
    /// One error line per kind of failure per window while a dependency is down.
    let errorLog = ErrorLogThrottle()

    /// Authenticates, runs the body with the request's bytes, and turns errors into problems.
    func run(_ route: Route, _ request: Request, _ body: (ByteBuffer) async throws -> Response) async -> Response {
        do {
            try await authenticate(route, request)
            var request = request
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: options.maxBodyBytes)
            } catch {
                throw await refuse(
                    route, request, action: "data-action.invalid", note: "body-too-large",
                    Problem.invalidRequest("The body must be JSON of at most \(options.maxBodyBytes) bytes."))
            }
            do {
                return try await body(buffer)
            } catch let invalid as InvalidInput {
                throw await refuse(
                    route, request, action: "data-action.invalid", note: "field-\(invalid.field)",
                    Problem.invalidRequest(invalid.message))
            }
        } catch let problem as Problem {
            return problem.makeResponse()
        } catch {
            errorLog.error("data action failed", error: error, metadata: ["route": "\(route.rawValue)"], to: logger)
            return UploadHandlers.unavailable(error).makeResponse()
        }
    }

    // MARK: Routes

    func register(_ buffer: ByteBuffer) async throws -> Response {
        let body = try decode(DataActionAPI.RegisterRequest.self, buffer)
        try Self.requireUUID(body.conversationId, field: "conversationId")
        guard RandomID.isWellFormed(body.guestId) else {
            throw InvalidInput(field: "guestId", message: "guestId must be the gateway guest id (32 lowercase hex).")
        }
        let files = try await access.registerConversation(conversationId: body.conversationId, guestId: body.guestId)
        return try Self.json(
            DataActionAPI.RegisterResponse(
                conversationId: body.conversationId, guestId: body.guestId, registered: true, files: files))
    }

    func fileLink(_ buffer: ByteBuffer) async throws -> Response {
        let body = try decode(DataActionAPI.FileLinkRequest.self, buffer)
        try Self.requireUUID(body.conversationId, field: "conversationId")
        if !body.userId.isEmpty { try Self.requireUUID(body.userId, field: "userId") }
        guard RandomID.isWellFormed(body.fileId) else {
            throw InvalidInput(field: "fileId", message: "fileId must be an Attaché file id (32 lowercase hex).")
        }
        let decision = try await access.fileLink(
            conversationId: body.conversationId, agentUserId: body.userId, fileId: body.fileId, channel: .dataAction)
        return try Self.json(DataActionAPI.FileLinkResponse(decision: decision, fileId: body.fileId))
    }

    func listFiles(_ buffer: ByteBuffer) async throws -> Response {
        let body = try decode(DataActionAPI.ListFilesRequest.self, buffer)
        try Self.requireUUID(body.conversationId, field: "conversationId")
        let files = try await access.listFiles(conversationId: body.conversationId)
        try await access.auditDataActionListing(conversationId: body.conversationId, files: files.count)
        return try Self.json(DataActionAPI.ListFilesResponse(conversationId: body.conversationId, files: files))
    }

    // MARK: Helpers

    /// Input that is not what the route accepts.
    struct InvalidInput: Error {
        var field: String
        var message: String
    }

    private func authenticate(_ route: Route, _ request: Request) async throws {
        let presented = Self.secretHeader.flatMap { request.headers[$0] }
        let outcome = authenticator.check(presented)
        let note: String
        switch outcome {
        case .accepted: return
        case .missing: note = "secret-missing"
        case .wrong: note = "secret-wrong"
        case .notConfigured: note = "secret-not-configured"
        }
        throw await refuse(
            route, request, action: "data-action.refused", note: note,
            Problem.dataActionUnauthorized(
                outcome == .notConfigured
                    ? "The gateway has no Data Action secret configured; every call is refused."
                    : "Send the integration's shared secret in \(DataActionAuthenticator.headerName)."))
    }

    /// Rate limits refusals per address, audits the refusal, and returns the problem to throw.
    private func refuse(
        _ route: Route, _ request: Request, action: String, note: String, _ problem: Problem
    ) async -> Problem {
        if case .limited(let retryAfter) = options.refusedLimiter.acquire(options.clientAddress(request)) {
            return Problem.rateLimited(retryAfter: retryAfter)
        }
        await access.auditRefusal(action: action, detail: "route=\(route.rawValue) reason=\(note)")
        return problem
    }

    private func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
        do {
            try StrictJSON.check(buffer.readableBytesView)
        } catch {
            throw InvalidInput(field: "body", message: error.description)
        }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw InvalidInput(field: key.stringValue, message: "The field '\(key.stringValue)' is required.")
        } catch let DecodingError.typeMismatch(_, context) {
            let field = context.codingPath.last?.stringValue ?? "body"
            throw InvalidInput(field: field, message: "The field '\(field)' must be a string.")
        } catch let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.last?.stringValue ?? "body"
            throw InvalidInput(field: field, message: "The field '\(field)' must not be null.")
        } catch {
            throw InvalidInput(field: "body", message: "The body is not valid JSON.")
        }
    }

    static func requireUUID(_ value: String, field: String) throws {
        guard value.utf8.count == 36, UUID(uuidString: value) != nil else {
            throw InvalidInput(field: field, message: "\(field) must be a UUID, as Genesys ids are.")
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let headers: HTTPFields = {
        var fields: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if let noSniff { fields[noSniff] = "nosniff" }
        return fields
    }()

    static func json(_ value: some Encodable) throws -> Response {
        Response(
            status: .ok,
            headers: Self.headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value)))
        )
    }

    private static let secretHeader = HTTPField.Name(DataActionAuthenticator.headerName)
    private static let noSniff = HTTPField.Name("X-Content-Type-Options")
}
