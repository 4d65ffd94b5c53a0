import Foundation
import Hummingbird

/// JSON in and out for the platform routes: bodies capped, keys sorted, errors in Genesys's shape.
enum PlatformJSON {
    /// The largest request body the platform routes read.
    static let maxBodyBytes = 1_024 * 1_024

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return raw(data, status: status, contentType: "application/json")
    }

    /// A response with these bytes.
    static func raw(_ data: Data, status: HTTPResponse.Status = .ok, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Genesys's error body for a Platform API failure.
    static func error(_ error: PlatformAPIError) -> Response {
        response(error.body(), status: HTTPResponse.Status(code: error.status))
    }

    /// Reads a request body (up to ``maxBodyBytes``).
    /// - Throws: ``PlatformAPIError`` 400 when the body is too large or unreadable.
    static func body(of request: Request) async throws(PlatformAPIError) -> Data {
        do {
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            return Data(buffer.readableBytesView)
        } catch {
            throw .badRequest("the request body is larger than \(maxBodyBytes) bytes or unreadable")
        }
    }

    /// Decodes a JSON request body.
    /// - Throws: ``PlatformAPIError`` 400 naming the type when the body is not that JSON.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws(PlatformAPIError) -> T {
        let data = try await body(of: request)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .badRequest("the request body is not a valid \(T.self) JSON document")
        }
    }
}

extension PlatformAPIError {
    /// The Platform API error for a state failure (Genesys-style dotted codes).
    init(_ error: SandboxStateError) {
        switch error.code {
        case .conversationNotFound: self = .notFound("conversation")
        case .participantNotFound: self = .notFound("participant")
        case .agentNotConnected:
            self.init(status: 403, code: "not.authorized", message: "the agent is not connected to the conversation")
        case .conversationEnded:
            self.init(status: 409, code: "conversation.ended", message: "the conversation has ended")
        default: self = .badRequest(error.message)
        }
    }
}
