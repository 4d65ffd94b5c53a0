import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Sandbox

/// Helpers for calling platform routes through `app.test(.router)`.
struct PlatformTestClient {
    let client: any TestClientProtocol

    /// A token from `POST /oauth/token` with the fixture client.
    func token() async throws -> String {
        try await client.execute(
            uri: "/oauth/token", method: .post,
            headers: [.authorization: PlatformFixture.basic(), .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "grant_type=client_credentials")
        ) { response in
            #expect(response.status == .ok)
            let token = try JSONDecoder().decode(IssuedAccessToken.self, from: Data(buffer: response.body))
            return token.accessToken
        }
    }

    /// Calls a route and decodes the JSON answer as a dictionary.
    func json(
        _ uri: String,
        method: HTTPRequest.Method = .get,
        token: String?,
        body: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> [String: Any] {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        ) { response in
            #expect(response.status == status, "\(method) \(uri)")
            let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
            return try #require(object as? [String: Any])
        }
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
