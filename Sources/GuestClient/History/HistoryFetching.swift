import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import WebMessaging

/// Reads the conversation history a guest may see:
/// `GET /api/v2/webmessaging/messages?pageSize=&pageNumber=` with the guest JWT as bearer.
public protocol HistoryFetching: Sendable {
    /// One page, newest messages first.
    func page(jwt: String, pageNumber: Int, pageSize: Int) async throws -> MessageHistoryPage
}

/// ``HistoryFetching`` over HTTP against the platform API base (Genesys or the sandbox).
public struct HTTPHistoryClient: HistoryFetching {
    /// The platform API base URL.
    public var apiBaseURL: String
    /// The HTTP client.
    public var httpClient: HTTPClient
    /// Per-request timeout.
    public var timeout: Duration

    /// Creates a client.
    public init(apiBaseURL: String, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(15)) {
        self.apiBaseURL = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        self.httpClient = httpClient
        self.timeout = timeout
    }

    public func page(jwt: String, pageNumber: Int, pageSize: Int) async throws -> MessageHistoryPage {
        var request = HTTPClientRequest(
            url: "\(apiBaseURL)/api/v2/webmessaging/messages?pageSize=\(pageSize)&pageNumber=\(pageNumber)")
        request.headers.add(name: "Authorization", value: "Bearer \(jwt)")
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await httpClient.execute(request, timeout: .init(timeout))
        let body = try await response.body.collect(upTo: 8 << 20)
        guard response.status == .ok else {
            throw GuestSessionError(.history, "history page \(pageNumber): HTTP \(response.status.code)")
        }
        do {
            return try JSONDecoder().decode(MessageHistoryPage.self, from: Data(body.readableBytesView))
        } catch {
            throw GuestSessionError(.history, "history page \(pageNumber) is not a message page: \(error)")
        }
    }
}

extension TimeAmount {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
