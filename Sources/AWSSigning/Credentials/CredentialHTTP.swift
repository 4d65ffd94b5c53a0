import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal HTTP request made by the container and instance-metadata providers.
public struct CredentialHTTPRequest: Sendable {
    /// `GET` or `PUT`.
    public var method: String
    /// The absolute URL.
    public var url: URL
    /// Request headers (e.g. the IMDSv2 token, the container authorization token).
    public var headers: [(name: String, value: String)]
    /// How long to wait for the whole exchange.
    public var timeout: Duration

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - url: the absolute URL.
    ///   - headers: request headers.
    ///   - timeout: the deadline for the whole exchange.
    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.timeout = timeout
    }
}

/// The answer to a ``CredentialHTTPRequest``.
public struct CredentialHTTPResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The body.
    public var body: Data

    /// Creates a response.
    ///
    /// - Parameters:
    ///   - status: the HTTP status code.
    ///   - body: the body.
    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// Performs one HTTP exchange; injectable so tests never reach 169.254.x.x.
public typealias CredentialHTTPFetch = @Sendable (CredentialHTTPRequest) async throws -> CredentialHTTPResponse

/// HTTP transports for the credential providers.
public enum CredentialHTTP {
    /// Fetches with Foundation's `URLSession` (ephemeral: no cookies, no cache).
    public static let urlSession: CredentialHTTPFetch = { request in
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        let components = request.timeout.components
        urlRequest.timeoutInterval = Double(components.seconds) + Double(components.attoseconds) / 1e18
        for header in request.headers {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: urlRequest)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return CredentialHTTPResponse(status: status, body: data)
    }
}
