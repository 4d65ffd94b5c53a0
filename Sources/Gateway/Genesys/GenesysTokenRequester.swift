import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Asks Genesys's login service for a client credentials token:
/// `POST {login}/oauth/token`, `Authorization: Basic base64(clientId:clientSecret)`,
/// `Content-Type: application/x-www-form-urlencoded`, body `grant_type=client_credentials`.
struct GenesysTokenRequester: Sendable {
    let configuration: GenesysClientConfiguration
    let httpClient: HTTPClient
    let now: @Sendable () -> Date

    /// Requests a new token.
    /// - Throws: ``GenesysPlatformError`` with the login service's status and error code (never
    ///   the secret) when it refuses, or without a status when it cannot be reached.
    func requestToken() async throws(GenesysPlatformError) -> GenesysOAuthToken {
        var request = HTTPClientRequest(url: configuration.tokenURL)
        request.method = .POST
        let credentials = Data("\(configuration.clientID):\(configuration.clientSecret)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "grant_type=client_credentials"))
        let response = try await GenesysHTTPResponse.execute(
            request, on: httpClient, timeout: configuration.requestTimeout,
            maxBytes: 64 << 10, action: "POST /oauth/token")
        guard (200..<300).contains(response.status) else {
            throw response.error(action: "the OAuth client credentials grant")
        }
        return try GenesysOAuthToken(decoding: response.body, now: now(), refreshMargin: configuration.refreshMargin)
    }
}
