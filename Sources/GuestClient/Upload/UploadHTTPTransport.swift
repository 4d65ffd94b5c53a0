import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request the uploader makes (a gateway call or a PUT to a presigned URL).
public struct UploadHTTPRequest: Sendable {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Headers to send.
    public var headers: [String: String]
    /// The body, if any (a JSON document, or one part's bytes).
    public var body: Data?

    /// Creates a request.
    public init(method: String, url: String, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// The answer to an ``UploadHTTPRequest``.
public struct UploadHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Response headers, names lowercased.
    public var headers: [String: String]
    /// The body (bounded; object-store answers are small).
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// How the uploader speaks HTTP; tests wrap the default one to record or disturb requests.
public protocol UploadHTTPTransport: Sendable {
    /// Performs `request`. Throws only when no answer arrived (connection refused, timeout…);
    /// throws ``UploadRequestNotSent`` when it knows the request never left this machine.
    func execute(_ request: UploadHTTPRequest) async throws -> UploadHTTPResponse
}

/// Thrown by an ``UploadHTTPTransport`` that knows a request never reached the server (no
/// connection could be made). Only then is a request that is not idempotent (the ticket,
/// `POST /v1/uploads`) sent again after a transport failure: any other failure may have
/// happened after the server acted, and a second ticket would be a second upload.
public struct UploadRequestNotSent: Error, Sendable, CustomStringConvertible {
    /// Why, for logs.
    public var reason: String

    /// Creates the error.
    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "request not sent: \(reason)" }
}

/// The default transport: AsyncHTTPClient.
public struct AsyncHTTPUploadTransport: UploadHTTPTransport {
    /// The client (``HTTPClient/shared`` by default).
    public let client: HTTPClient
    /// The time allowed for one request, body included.
    public let timeout: Duration
    /// The largest response body read.
    public let maxResponseBytes: Int

    /// Creates a transport.
    public init(client: HTTPClient = .shared, timeout: Duration = .seconds(300), maxResponseBytes: Int = 1 << 20) {
        self.client = client
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    public func execute(_ request: UploadHTTPRequest) async throws -> UploadHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .init(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.replaceOrAdd(name: name, value: value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let seconds = timeout.components.seconds
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .seconds(max(1, seconds)))
        } catch let error as IOError where Self.connectErrors.contains(error.errnoCode) {
            throw UploadRequestNotSent(reason: "\(error)")
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw UploadRequestNotSent(reason: "\(error)")
        }
        let buffer = try await response.body.collect(upTo: maxResponseBytes)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return UploadHTTPResponse(
            status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
    }

    /// `connect(2)` failures: nothing was sent.
    static let connectErrors: Set<Int32> = [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL]
}
