import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The bodies of the upload routes; errors become ``Problem`` responses in ``run(_:)``.
struct UploadHandlers: Sendable {
    let service: UploadService
    let guests: GuestRegistry
    let options: UploadRoutes.Options
    let logger = Logger(label: "attache.http.uploads")
    /// One error line per kind of failure per window while a dependency is down.
    let errorLog = ErrorLogThrottle()

    /// Runs a handler and turns every error into a problem response.
    func run(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let problem as Problem {
            return problem.makeResponse()
        } catch {
            errorLog.error("upload route failed", error: error, to: logger)
            return Self.unavailable(error).makeResponse()
        }
    }

    /// How long a client should wait before retrying while the database is unreachable: about
    /// what a restart of PostgreSQL takes (the pool reconnects on the next request after it).
    static let databaseRetryAfterSeconds = 5

    /// The 503 for an unexpected error; with `Retry-After` when the state database failed (down,
    /// restarting, pool exhausted), so that clients back off instead of retrying at once.
    static func unavailable(_ error: any Error) -> Problem {
        var problem = Problem.unavailable("The request could not be completed; try again.")
        if let error = error as? UploadStateStoreError, case .database = error {
            problem.detail = "The database is temporarily unavailable; try again shortly."
            problem.retryAfter = databaseRetryAfterSeconds
        }
        return problem
    }

    // MARK: Routes

    func registerGuest(_ request: Request) async throws -> Response {
        try limitAddress(request)
        let body = try await decode(UploadAPI.GuestRequest.self, from: request)
        let (guest, issued) = try await guests.register(
            sessionToken: body.sessionToken,
            deploymentId: body.deploymentId)
        let response = UploadAPI.GuestResponse(
            credential: issued.credential, expiresAt: issued.expiresAt,
            guestId: guest.guestId)
        return try Self.json(response, status: .ok)
    }

    func createTicket(_ request: Request) async throws -> Response {
        let guestId = try authenticate(request)
        let body = try await decode(UploadAPI.TicketRequest.self, from: request)
        let ticket = try await service.createTicket(guestId: guestId, request: body)
        return Self.json(bytes: try ticket.jsonBytes(), status: .created)
    }

    func status(_ request: Request, _ fileId: String) async throws -> Response {
        let guestId = try authenticate(request)
        return try Self.json(try await service.status(guestId: guestId, fileId: fileId))
    }

    func abort(_ request: Request, _ fileId: String) async throws -> Response {
        let guestId = try authenticate(request)
        return try Self.json(try await service.abort(guestId: guestId, fileId: fileId))
    }

    func freshParts(_ request: Request, _ fileId: String) async throws -> Response {
        let guestId = try authenticate(request)
        let body = try await decode(UploadAPI.PartsRequest.self, from: request)
        return try Self.json(
            try await service.freshPartURLs(guestId: guestId, fileId: fileId, partNumbers: body.partNumbers)
        )
    }

    func listParts(_ request: Request, _ fileId: String) async throws -> Response {
        let guestId = try authenticate(request)
        return try Self.json(try await service.listParts(guestId: guestId, fileId: fileId))
    }

    func complete(_ request: Request, _ fileId: String) async throws -> Response {
        let guestId = try authenticate(request)
        let buffer = try await body(of: request)
        let parts: [UploadAPI.CompletedPart]
        if buffer.readableBytes == 0 {
            parts = []
        } else {
            parts = try decode(UploadAPI.CompleteRequest.self, from: buffer).parts ?? []
        }
        return try Self.json(try await service.complete(guestId: guestId, fileId: fileId, parts: parts))
    }

    func events(_ request: Request, _ fileId: String) async throws -> Response {
        let guestId = try authenticate(request)
        let first = try await service.owned(fileId, by: guestId)
        let stream = UploadEventStream(
            service: service, guestId: guestId, fileId: fileId, first: first,
            pollInterval: options.eventPollInterval, lifetime: options.eventStreamLifetime
        )
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                try await stream.run { buffer in try await writer.write(buffer) }
                try await writer.finish(nil)
            }
        )
    }

    // MARK: Helpers

    func authenticate(_ request: Request) throws -> String {
        try limitAddress(request)
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw Problem.unauthorized("Send Authorization: Bearer <credential> from POST /v1/guests.")
        }
        let guestId: String
        do {
            guestId = try guests.signer.verify(String(header.dropFirst("Bearer ".count)))
        } catch {
            throw Problem.unauthorized(error.description)
        }
        if case .limited(let retryAfter) = options.guestLimiter.acquire(guestId) {
            throw Problem.rateLimited(retryAfter: retryAfter)
        }
        return guestId
    }

    func limitAddress(_ request: Request) throws {
        if case .limited(let retryAfter) = options.addressLimiter.acquire(options.clientAddress(request)) {
            throw Problem.rateLimited(retryAfter: retryAfter)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try decode(type, from: try await body(of: request))
    }

    /// The request's bytes; a body over ``UploadRoutes/Options/maxBodyBytes`` is a 400 problem.
    func body(of request: Request) async throws -> ByteBuffer {
        var request = request
        do {
            return try await request.collectBody(upTo: options.maxBodyBytes)
        } catch {
            throw Problem.invalidRequest("The body must be JSON of at most \(options.maxBodyBytes) bytes.")
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            try StrictJSON.check(buffer.readableBytesView)
        } catch {
            throw Problem.invalidRequest(error.description)
        }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.last?.stringValue == "size" {
            throw Problem.invalidSize("size must be a whole number of bytes.")
        } catch let DecodingError.typeMismatch(_, context) where context.codingPath.last?.stringValue == "size" {
            throw Problem.invalidSize("size must be a whole number of bytes.")
        } catch let DecodingError.keyNotFound(key, _) {
            throw Problem.invalidRequest("The field '\(key.stringValue)' is required.")
        } catch let DecodingError.typeMismatch(_, context) {
            throw Problem.invalidRequest("The field '\(Self.path(context.codingPath))' has the wrong type.")
        } catch let DecodingError.valueNotFound(_, context) {
            throw Problem.invalidRequest("The field '\(Self.path(context.codingPath))' must not be null.")
        } catch {
            throw Problem.invalidRequest("The body is not valid JSON.")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        json(bytes: try encoder.encode(value), status: status)
    }

    /// A JSON response of already encoded bytes.
    static func json(bytes: some Sequence<UInt8>, status: HTTPResponse.Status) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
