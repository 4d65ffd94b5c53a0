import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Sandbox

@Suite("GET /api/v2/users/me")
struct UsersMeRouteTests {
    @Test("A client-credentials token has no user context (400, as Genesys); a bad token gets 401")
    func refusals() async throws {
        let platform = PlatformFixture.platform(PlatformFixture.state())
        let clientToken = await platform.tokens.issue(to: "test-client").accessToken
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            try await client.execute(
                uri: "/api/v2/users/me", method: .get, headers: [.authorization: "Bearer \(clientToken)"]
            ) { response in
                #expect(response.status == .badRequest)
                let body = try JSONDecoder().decode(GenesysErrorBody.self, from: Data(buffer: response.body))
                #expect(body.message.contains("requires a user context"))
            }
            for headers: HTTPFields in [[:], [.authorization: "Bearer nope"]] {
                try await client.execute(uri: "/api/v2/users/me", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    let body = try JSONDecoder().decode(GenesysErrorBody.self, from: Data(buffer: response.body))
                    #expect(body.code == "bad.credentials")
                }
            }
        }
    }

    @Test("A user token answers the user's id and name; it expires like any token")
    func userToken() async throws {
        let platform = PlatformFixture.platform(PlatformFixture.state())
        let agent = try #require(await platform.agents.signIn(name: "Katherine Johnson"))
        let token = await platform.tokens.issue(to: "widget", userId: agent.id).accessToken
        let expired = await platform.tokens.issue(
            to: "widget", userId: agent.id, now: Date().addingTimeInterval(-200_000)
        ).accessToken
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            try await client.execute(
                uri: "/api/v2/users/me", method: .get, headers: [.authorization: "Bearer \(token)"]
            ) { response in
                #expect(response.status == .ok)
                let me = try JSONDecoder().decode(UsersMeRoute.UserMe.self, from: Data(buffer: response.body))
                #expect(me.id == agent.id)
                #expect(me.name == "Katherine Johnson")
            }
            try await client.execute(
                uri: "/api/v2/users/me", method: .get, headers: [.authorization: "Bearer \(expired)"]
            ) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}
