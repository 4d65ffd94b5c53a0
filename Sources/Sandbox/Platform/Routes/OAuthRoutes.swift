import Foundation
import Hummingbird

/// `POST /oauth/token`: the client credentials grant, as Genesys's login service answers it.
struct OAuthRoutes: Sendable {
    let tokens: TokenIssuer

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("/oauth/token") { request, _ -> Response in
            let fields: [String: String]
            do {
                let body = try await PlatformJSON.body(of: request)
                fields = FormURLEncoded.parse(String(decoding: body, as: UTF8.self))
            } catch {
                return Self.response(for: .unsupportedGrantType(nil))
            }
            let grantType = fields["grant_type"] ?? request.uri.queryParameters.get("grant_type")
            do throws(OAuthTokenError) {
                let token = try await tokens.issue(authorization: request.headers[.authorization], grantType: grantType)
                return PlatformJSON.response(token)
            } catch {
                return Self.response(for: error)
            }
        }
    }

    static func response(for error: OAuthTokenError) -> Response {
        var response = PlatformJSON.response(error.body, status: HTTPResponse.Status(code: error.status))
        if error.status == 401 {
            response.headers[.wwwAuthenticate] = "Basic realm=\"attache-sandbox\""
        }
        return response
    }
}
