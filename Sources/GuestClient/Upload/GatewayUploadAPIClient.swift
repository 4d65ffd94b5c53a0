import Foundation

/// The gateway's JSON calls, with the bearer credential, retries of transient failures
/// (unreachable, 5xx, 429) and one renewal of the credential after a 401.
///
/// The ticket (`POST /v1/uploads`) is not idempotent: the gateway has no idempotency key, and
/// each accepted request issues a new file id. It is sent again only when the gateway cannot
/// have acted on it: a connection that was never made (``UploadRequestNotSent``), 429, 503 or
/// a 401 before the credential renewal. After any other failure (no answer, 500, 502, 504) the
/// upload fails with a `transport`/`gateway` error and the caller decides; an orphaned ticket
/// expires at the gateway like any unfinished upload.
struct GatewayUploadAPIClient: Sendable {
    let baseURL: String
    let transport: any UploadHTTPTransport
    let credentials: GatewayCredentialCache
    let retry: ReconnectPolicy

    init(baseURL: String, transport: any UploadHTTPTransport, credentials: GatewayCredentials, retry: ReconnectPolicy) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.transport = transport
        self.credentials = GatewayCredentialCache(credentials)
        self.retry = retry
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    // MARK: Calls

    func registerGuest(
        sessionToken: String, deploymentId: String
    ) async throws(GatewayUploadError)
        -> GatewayUploadAPI.GuestCredential
    {
        struct Body: Encodable { var sessionToken: String, deploymentId: String }
        return try await call(
            "POST", "/v1/guests", body: Body(sessionToken: sessionToken, deploymentId: deploymentId),
            authenticated: false)
    }

    func ticket(_ request: GatewayUploadAPI.TicketRequest) async throws(GatewayUploadError) -> GatewayUploadAPI.Ticket {
        try await call("POST", "/v1/uploads", body: request, idempotent: false)
    }

    func freshParts(fileId: String, partNumbers: [Int]) async throws(GatewayUploadError) -> [GatewayUploadAPI.PartURL] {
        let response: GatewayUploadAPI.PartsResponse = try await call(
            "POST", "/v1/uploads/\(Self.escape(fileId))/parts",
            body: GatewayUploadAPI.PartsRequest(partNumbers: partNumbers))
        return response.parts
    }

    func listParts(fileId: String) async throws(GatewayUploadError) -> GatewayUploadAPI.ListPartsResponse {
        try await call("GET", "/v1/uploads/\(Self.escape(fileId))/parts", body: Optional<Data>.none)
    }

    func complete(
        fileId: String, parts: [GatewayUploadAPI.CompletedPart]
    ) async throws(GatewayUploadError)
        -> GatewayUploadAPI.Status
    {
        try await call(
            "POST", "/v1/uploads/\(Self.escape(fileId))/complete", body: GatewayUploadAPI.CompleteRequest(parts: parts))
    }

    func abort(fileId: String) async throws(GatewayUploadError) -> GatewayUploadAPI.Status {
        try await call("DELETE", "/v1/uploads/\(Self.escape(fileId))", body: Optional<Data>.none)
    }

    func status(fileId: String) async throws(GatewayUploadError) -> GatewayUploadAPI.Status {
        try await call("GET", "/v1/uploads/\(Self.escape(fileId))", body: Optional<Data>.none)
    }

    // MARK: Plumbing

    static func escape(_ component: String) -> String {
        component.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? component
    }

    private func call<Response: Decodable>(
        _ method: String, _ path: String, body: (some Encodable)?, authenticated: Bool = true, idempotent: Bool = true
    ) async throws(GatewayUploadError) -> Response {
        var headers = ["Accept": "application/json"]
        var data: Data?
        if let body {
            do {
                data = try JSONEncoder().encode(body)
            } catch {
                throw GatewayUploadError(.protocolViolation, "cannot encode the \(method) \(path) body: \(error)")
            }
            headers["Content-Type"] = "application/json"
        }
        var attempt = 0
        var renewed = false
        while true {
            if authenticated {
                let bearer = try await credentials.bearer { token, deployment throws(GatewayUploadError) in
                    try await registerGuest(sessionToken: token, deploymentId: deployment)
                }
                headers["Authorization"] = "Bearer \(bearer)"
            }
            let request = UploadHTTPRequest(method: method, url: baseURL + path, headers: headers, body: data)
            let response: UploadHTTPResponse
            let failure: GatewayUploadError
            var unreachable = ""
            do {
                response = try await transport.execute(request)
            } catch {
                if Task.isCancelled { throw GatewayUploadError(.transport, "cancelled") }
                if !idempotent, !(error is UploadRequestNotSent) {
                    throw GatewayUploadError(
                        .transport,
                        "\(method) \(path): no answer, and the gateway may have acted on it; not sent again: \(error)")
                }
                response = UploadHTTPResponse(status: 0)
                unreachable = "\(error)"
            }
            if response.status == 0 {
                failure = GatewayUploadError(
                    .transport, "\(method) \(path): the gateway is unreachable: \(unreachable)")
            } else if (200..<300).contains(response.status) {
                do {
                    return try Self.decoder.decode(Response.self, from: response.body)
                } catch {
                    throw GatewayUploadError(
                        .protocolViolation, "\(method) \(path): unexpected answer: \(error)", status: response.status)
                }
            } else {
                let error = Self.problem(response, method: method, path: path)
                if response.status == 401, authenticated, !renewed {
                    renewed = true
                    await credentials.invalidate()
                    continue
                }
                guard idempotent ? Self.isTransient(response.status) : Self.wasRefused(response.status) else {
                    throw error
                }
                failure = error
            }
            attempt += 1
            guard retry.allows(attempt: attempt) else { throw failure }
            var delay = retry.delay(attempt: attempt - 1, random: Double.random(in: 0..<1))
            // A rate-limited answer says when to come back (`Retry-After` seconds, at most the cap).
            if let seconds = response.headers["retry-after"].flatMap({ Int($0) }), seconds > 0 {
                delay = max(delay, min(.seconds(seconds), retry.cap))
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw GatewayUploadError(.transport, "cancelled while waiting to retry \(method) \(path)")
            }
        }
    }

    static func isTransient(_ status: Int) -> Bool {
        status == 408 || status == 429 || status >= 500
    }

    /// Answers that say the server did not act on the request (safe to resend even when it is
    /// not idempotent).
    static func wasRefused(_ status: Int) -> Bool {
        status == 429 || status == 503
    }

    static func problem(_ response: UploadHTTPResponse, method: String, path: String) -> GatewayUploadError {
        let problem = try? decoder.decode(GatewayUploadAPI.Problem.self, from: response.body)
        let detail = problem?.detail ?? problem?.title ?? "HTTP \(response.status)"
        return GatewayUploadError(
            .gateway, "\(method) \(path): \(detail)", status: response.status, problemType: problem?.type)
    }
}
