import Foundation
import HTTPTypes
import Hummingbird

/// `GET /oauth/authorize`: the implicit grant (RFC 6749 §4.2), as Genesys Cloud's login service
/// runs it for browser apps such as Interaction Widgets.
///
/// The client must be one of ``PlatformConfiguration/implicitGrantClients`` and `redirect_uri`
/// one of its URIs exactly; otherwise the answer is a 400 page and no redirect (§4.2.2.1). With
/// `response_type=token` and a browser signed in to the agent console (its
/// ``AgentSessionCookie``), the answer is a redirect to
/// `redirect_uri#access_token=…&token_type=bearer&expires_in=…&state=…` carrying a user token for
/// that agent. Without a sign-in, a page asks for a name (the sandbox has no passwords); its form
/// posts to `POST /oauth/authorize`, which signs the browser in and redirects the same way.
struct AuthorizeRoutes: Sendable {
    let platform: SandboxPlatform

    /// The authorization request's parameters.
    struct Parameters: Sendable, Equatable {
        var responseType: String
        var clientId: String
        var redirectURI: String
        var state: String

        init(_ fields: [String: String]) {
            responseType = fields["response_type"] ?? ""
            clientId = fields["client_id"] ?? ""
            redirectURI = fields["redirect_uri"] ?? ""
            state = fields["state"] ?? ""
        }
    }

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/oauth/authorize") { request, _ -> Response in
            var fields: [String: String] = [:]
            for (name, value) in request.uri.queryParameters { fields[String(name)] = String(value) }
            let parameters = Parameters(fields)
            let signedIn = platform.agents.cookies.userId(cookieHeader: request.headers[.cookie])
            var agent: AgentProfile?
            if let signedIn { agent = await platform.agents.profile(userId: signedIn) }
            return await authorize(parameters, agent: agent, setCookie: nil)
        }
        router.post("/oauth/authorize") { request, _ -> Response in
            let fields: [String: String]
            do {
                fields = FormURLEncoded.parse(String(decoding: try await PlatformJSON.body(of: request), as: UTF8.self))
            } catch {
                return AuthorizePage.error("The sign-in form could not be read.")
            }
            let parameters = Parameters(fields)
            guard let agent = await platform.agents.signIn(name: fields["name"] ?? "") else {
                return await authorize(
                    parameters, agent: nil, setCookie: nil, problem: "Enter a name of 1 to 80 characters.")
            }
            return await authorize(
                parameters, agent: agent, setCookie: platform.agents.cookies.setCookie(userId: agent.id))
        }
    }

    func authorize(
        _ parameters: Parameters, agent: AgentProfile?, setCookie: String?, problem: String? = nil
    ) async -> Response {
        guard
            let client = platform.configuration.implicitGrantClients.first(where: { $0.id == parameters.clientId })
        else {
            return AuthorizePage.error("Unknown client_id: no implicit-grant client of that id is configured.")
        }
        guard client.redirectURIs.contains(parameters.redirectURI) else {
            return AuthorizePage.error("redirect_uri is not one of this client's authorized redirect URIs.")
        }
        guard parameters.responseType == "token" else {
            return redirect(
                parameters.redirectURI,
                fragment: [
                    ("error", "unsupported_response_type"),
                    ("error_description", "only response_type=token (implicit grant) is supported"),
                    ("state", parameters.state),
                ],
                setCookie: nil)
        }
        guard let agent else { return AuthorizePage.signIn(parameters, problem: problem) }
        let token = await platform.tokens.issue(to: client.id, userId: agent.id)
        return redirect(
            parameters.redirectURI,
            fragment: [
                ("access_token", token.accessToken), ("token_type", "bearer"),
                ("expires_in", String(token.expiresIn)), ("state", parameters.state),
            ],
            setCookie: setCookie)
    }

    func redirect(_ uri: String, fragment: [(String, String)], setCookie: String?) -> Response {
        let encoded = fragment.filter { !$0.1.isEmpty || $0.0 != "state" }
            .map { "\($0.0)=\(WidgetURLTemplate.encode($0.1))" }.joined(separator: "&")
        var headers: HTTPFields = [.location: uri + "#" + encoded, .cacheControl: "no-store"]
        if let setCookie { headers[.setCookie] = setCookie }
        return Response(status: .seeOther, headers: headers)
    }
}
