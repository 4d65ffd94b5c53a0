import Foundation
import Hummingbird

/// `GET /api/v2/users/me`: the user a token acts for, in the shape of Genesys's `UserMe`.
///
/// A user token (implicit grant) answers `{id, name, division, chat, email, state, username,
/// version, selfUri}`; a client-credentials token has no user and gets **400**, as Genesys
/// Cloud answers ("This request requires a user context…"); a missing, unknown or expired
/// token gets 401 `bad.credentials`.
struct UsersMeRoute: Sendable {
    let platform: SandboxPlatform

    /// The sandbox's `UserMe` document (the fields Genesys always sends for a user).
    struct UserMe: Codable, Sendable, Equatable {
        struct Division: Codable, Sendable, Equatable {
            var id: String
            var name: String
            var selfUri: String
        }
        struct Chat: Codable, Sendable, Equatable {
            var jabberId: String
        }
        var id: String
        var name: String
        var division: Division
        var chat: Chat
        var email: String
        var state: String
        var username: String
        var version: Int
        var acdAutoAnswer: Bool
        var selfUri: String
    }

    static let noUserContext = PlatformAPIError(
        status: 400, code: "bad.request",
        message:
            "This request requires a user context. Client credentials cannot be used for requests to this resource."
    )

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/api/v2/users/me") { request, _ -> Response in
            do throws(PlatformAPIError) {
                let grant = try await platform.tokens.verify(authorization: request.headers[.authorization])
                guard let userId = grant.userId else { throw Self.noUserContext }
                let profile = await platform.agents.profile(userId: userId)
                let name = profile?.name ?? userId
                let email = profile?.email ?? "\(userId)@sandbox.invalid"
                return PlatformJSON.response(
                    UserMe(
                        id: userId, name: name,
                        division: .init(
                            id: "sandbox-home-division", name: "Home",
                            selfUri: "/api/v2/authorization/divisions/sandbox-home-division"),
                        chat: .init(jabberId: "\(userId)@sandbox.invalid"),
                        email: email, state: "active", username: email, version: 1, acdAutoAnswer: false,
                        selfUri: "/api/v2/users/\(userId)"
                    ))
            } catch {
                return PlatformJSON.error(error)
            }
        }
    }
}
