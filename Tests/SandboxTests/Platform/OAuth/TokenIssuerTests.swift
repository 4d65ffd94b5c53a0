import Foundation
import Testing

@testable import Sandbox

@Suite("OAuth token issuing and checking")
struct TokenIssuerTests {
    let issuer = TokenIssuer(clients: [PlatformFixture.client], lifetime: .seconds(60))

    @Test("A good client id and secret get a bearer token that verifies until it expires")
    func goodSecret() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try await issuer.issue(
            authorization: PlatformFixture.basic(), grantType: "client_credentials", now: now
        )
        #expect(token.tokenType == "bearer")
        #expect(token.expiresIn == 60)
        #expect(token.accessToken.count >= 43)
        let bearer = "Bearer \(token.accessToken)"
        let grant = try await issuer.verify(authorization: bearer, now: now.addingTimeInterval(59))
        #expect(grant.clientId == PlatformFixture.client.id)
        await #expect(throws: PlatformAPIError.badCredentials) {
            try await issuer.verify(authorization: bearer, now: now.addingTimeInterval(60))
        }
    }

    @Test(
        "Bad credentials and grant types are refused with Genesys's OAuth error",
        arguments: [
            (PlatformFixture.basic("test-client", "wrong"), "client_credentials", "invalid_client", 401),
            (PlatformFixture.basic("other", "test-secret"), "client_credentials", "invalid_client", 401),
            ("Bearer abc", "client_credentials", "invalid_client", 401),
            ("Basic !!!", "client_credentials", "invalid_client", 401),
            (PlatformFixture.basic(), "password", "unsupported_grant_type", 400),
        ])
    func refusals(authorization: String, grantType: String, expectedError: String, status: Int) async {
        do {
            _ = try await issuer.issue(authorization: authorization, grantType: grantType)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.error == expectedError)
            #expect(error.status == status)
            #expect(!error.errorDescription.contains("test-secret"))
        }
    }

    @Test(
        "Unknown, malformed and missing bearer tokens are bad credentials",
        arguments: [
            nil, "", "Bearer", "Bearer nope", "Basic abc", "bearer  ",
        ] as [String?])
    func badBearer(header: String?) async {
        await #expect(throws: PlatformAPIError.badCredentials) {
            try await issuer.verify(authorization: header)
        }
    }

    @Test("Basic credentials parse, including secrets with colons, and round-trip")
    func basicParsing() {
        let parsed = BasicAuthorization(headerValue: BasicAuthorization(user: "id", password: "a:b:c").headerValue)
        #expect(parsed == BasicAuthorization(user: "id", password: "a:b:c"))
        let lowercase = BasicAuthorization(headerValue: "basic aWQ6c2VjcmV0")
        #expect(lowercase == BasicAuthorization(user: "id", password: "secret"))
        #expect(BasicAuthorization(headerValue: "Basic bm9jb2xvbg==") == nil)
    }
}
