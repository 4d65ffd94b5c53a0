import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The guest side of the failure tests, through one gateway's real HTTP API: registration,
/// tickets, the single PUT to the signed URL, completion and status. Every call is bounded by a
/// generous timeout so that a hanging gateway fails the test instead of stalling it.
struct FailureClient: Sendable {
    /// The gateway's base URL.
    let baseURL: String
    /// Upper bound for one call (a hang, not a slow answer).
    static let callTimeout: TimeAmount = .seconds(45)

    /// An answer: status, headers and body.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// A ticket's file id and its single-PUT instructions.
    struct Ticket: Sendable {
        var fileId: String
        var url: String
        var headers: [String: String]
    }

    /// Sends a request to an absolute URL or a gateway path.
    func send(
        _ method: HTTPMethod, _ pathOrURL: String, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: pathOrURL.hasPrefix("http") ? pathOrURL : baseURL + pathOrURL)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: Self.callTimeout)
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    /// Sends JSON, with a guest credential when given.
    func json(
        _ method: HTTPMethod, _ path: String, _ object: [String: Any], bearer: String? = nil
    ) async throws
        -> Answer
    {
        var headers = ["content-type": "application/json"]
        if let bearer { headers["authorization"] = "Bearer " + bearer }
        return try await send(method, path, headers: headers, body: try JSONSerialization.data(withJSONObject: object))
    }

    /// Registers a guest; its credential.
    func registerGuest(deploymentId: String = "failure-tests") async throws -> String {
        let answer = try await json(
            .POST, "/v1/guests", ["sessionToken": "failure-\(UUID().uuidString)", "deploymentId": deploymentId])
        guard let credential = answer.object["credential"] as? String else {
            throw FailureTestError("POST /v1/guests answered \(answer.status): \(answer.text)")
        }
        return credential
    }

    /// Asks for a ticket (`POST /v1/uploads`); the raw answer.
    func requestTicket(
        filename: String, size: Int, contentType: String = "text/plain", credential: String
    )
        async throws -> Answer
    {
        try await json(
            .POST, "/v1/uploads", ["filename": filename, "size": size, "contentType": contentType],
            bearer: credential)
    }

    /// The ticket in a 201 answer.
    static func ticket(in answer: Answer) throws -> Ticket {
        let object = answer.object
        guard answer.status == 201, let fileId = object["fileId"] as? String,
            let upload = object["upload"] as? [String: Any], let url = upload["url"] as? String
        else { throw FailureTestError("no single-PUT ticket: \(answer.status) \(answer.text)") }
        return Ticket(fileId: fileId, url: url, headers: upload["headers"] as? [String: String] ?? [:])
    }

    /// PUTs `bytes` to the ticket's signed URL.
    func put(_ bytes: Data, _ ticket: Ticket) async throws -> Answer {
        try await send(.PUT, ticket.url, headers: ticket.headers, body: bytes)
    }

    /// `POST /v1/uploads/{id}/complete` for a single PUT.
    func complete(_ fileId: String, credential: String) async throws -> Answer {
        try await json(.POST, "/v1/uploads/\(fileId)/complete", ["parts": [Any]()], bearer: credential)
    }

    /// The upload's state (`GET /v1/uploads/{id}`), or `nil` when the answer has none.
    func state(_ fileId: String, credential: String) async throws -> String? {
        let answer = try await send(.GET, "/v1/uploads/\(fileId)", headers: ["authorization": "Bearer " + credential])
        return answer.object["state"] as? String
    }

    /// Polls until the upload reaches a final state (`clean`, `rejected`, `expired`) or `limit`
    /// passes; the last state seen.
    func waitForFinalState(_ fileId: String, credential: String, within limit: Duration) async throws -> String? {
        let deadline = ContinuousClock.now + limit
        var last: String?
        while ContinuousClock.now < deadline {
            last = try? await state(fileId, credential: credential)
            if let last, ["clean", "rejected", "expired"].contains(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
        }
        return last
    }

    /// `GET /readyz`: its status and the named check's status (`ok`, `fail`, …).
    func readiness(check: String) async throws -> (status: Int, check: String?) {
        let answer = try await send(.GET, "/readyz")
        let checks = answer.object["checks"] as? [[String: Any]] ?? []
        return (answer.status, checks.first { $0["name"] as? String == check }?["status"] as? String)
    }
}

/// A failure of a failure test's own machinery, or a bounded wait that ran out.
struct FailureTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension FailureClient {
    /// Waits until `condition` holds (polling every 200 ms) or `limit` passes; whether it held.
    static func eventually(within limit: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}
