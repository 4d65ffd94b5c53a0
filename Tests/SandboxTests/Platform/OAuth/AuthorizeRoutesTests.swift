import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Sandbox

@Suite("OAuth implicit grant: GET /oauth/authorize")
struct AuthorizeRoutesTests {
    static let redirect = "http://127.0.0.1:8080/widget/"

    func platform() -> SandboxPlatform {
        var configuration = PlatformConfiguration()
        configuration.embedAttacheWidget(gatewayURL: "http://127.0.0.1:8080")
        return PlatformFixture.platform(PlatformFixture.state(), configuration: configuration)
    }

    func authorizeURI(
        client: String = ImplicitGrantClient.attacheWidgetId, redirect: String = redirect,
        responseType: String = "token", state: String = "s1"
    ) -> String {
        var components = URLComponents(string: "/oauth/authorize")!
        components.queryItems = [
            .init(name: "response_type", value: responseType), .init(name: "client_id", value: client),
            .init(name: "redirect_uri", value: redirect), .init(name: "state", value: state),
        ]
        return components.string!
    }

    /// Signs in through the console's route and returns the cookie it sets.
    func signIn(_ client: some TestClientProtocol, name: String = "Grace Hopper") async throws -> String {
        try await client.execute(
            uri: "/api/v2/sandbox/agent/session", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: "{\"name\": \"\(name)\"}")
        ) { response in
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            return String(cookie.split(separator: ";")[0])
        }
    }

    /// The fragment fields of a redirect's Location.
    func fragment(_ location: String?) throws -> [String: String] {
        let location = try #require(location)
        let fragment = try #require(location.split(separator: "#", maxSplits: 1).last.map(String.init))
        var fields: [String: String] = [:]
        for pair in fragment.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            fields[parts[0]] = parts.count > 1 ? parts[1].removingPercentEncoding : ""
        }
        return fields
    }

    @Test("A console-signed-in agent is redirected back with a user token that users/me resolves")
    func signedIn() async throws {
        let platform = platform()
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            let cookie = try await signIn(client)
            let token = try await client.execute(
                uri: authorizeURI(), method: .get, headers: [.cookie: cookie]
            ) { response in
                #expect(response.status == .seeOther)
                let location = response.headers[.location] ?? ""
                #expect(location.hasPrefix(Self.redirect + "#"))
                let fields = try fragment(location)
                #expect(fields["token_type"] == "bearer")
                #expect(fields["state"] == "s1")
                #expect(Int(fields["expires_in"] ?? "") ?? 0 > 0)
                return try #require(fields["access_token"])
            }
            try await client.execute(
                uri: "/api/v2/users/me", method: .get, headers: [.authorization: "Bearer \(token)"]
            ) { response in
                #expect(response.status == .ok)
                let me = try JSONDecoder().decode(UsersMeRoute.UserMe.self, from: Data(buffer: response.body))
                #expect(me.id == AgentDirectory.userId(forName: "Grace Hopper"))
                #expect(me.name == "Grace Hopper")
                #expect(me.selfUri == "/api/v2/users/\(me.id)")
                #expect(me.state == "active")
            }
        }
    }

    @Test("Without a sign-in the login page asks for a name; posting it signs in and redirects")
    func signInPage() async throws {
        let platform = platform()
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            try await client.execute(uri: authorizeURI(state: "<b>x</b>"), method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("<form method=\"post\" action=\"/oauth/authorize\">"))
                #expect(page.contains("value=\"&lt;b&gt;x&lt;/b&gt;\""))
                #expect(!page.contains("<b>x</b>"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
            let form =
                "response_type=token&client_id=\(ImplicitGrantClient.attacheWidgetId)"
                + "&redirect_uri=\(Self.redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                + "&state=s2&name=Ada+Lovelace"
            try await client.execute(
                uri: "/oauth/authorize", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form)
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.setCookie]?.hasPrefix(AgentSessionCookie.name + "=") == true)
                let fields = try fragment(response.headers[.location])
                #expect(fields["state"] == "s2")
            }
        }
    }

    @Test(
        "An unknown client or a redirect URI that is not registered gets an error page, never a redirect",
        arguments: [
            ("someone-else", redirect), (ImplicitGrantClient.attacheWidgetId, "https://evil.example/widget/"),
            (ImplicitGrantClient.attacheWidgetId, redirect + "?x=1"),
        ])
    func badClient(client clientId: String, redirect: String) async throws {
        let platform = platform()
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            let cookie = try await signIn(client)
            try await client.execute(
                uri: authorizeURI(client: clientId, redirect: redirect), method: .get, headers: [.cookie: cookie]
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.location] == nil)
            }
        }
    }

    @Test("Another response type is refused by a redirect with error=unsupported_response_type")
    func responseType() async throws {
        let platform = platform()
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            try await client.execute(uri: authorizeURI(responseType: "code"), method: .get) { response in
                #expect(response.status == .seeOther)
                let fields = try fragment(response.headers[.location])
                #expect(fields["error"] == "unsupported_response_type")
                #expect(fields["access_token"] == nil)
            }
        }
    }

    @Test("A forged or tampered cookie is not a sign-in")
    func forgedCookie() async throws {
        let platform = platform()
        let userId = AgentDirectory.userId(forName: "Grace Hopper")
        try await Application(router: PlatformFixture.router(platform)).test(.router) { client in
            let cookie = try await signIn(client)
            for forged in [
                "\(AgentSessionCookie.name)=\(userId).AAAA", cookie.replacingOccurrences(of: userId, with: "x"),
            ] {
                try await client.execute(uri: authorizeURI(), method: .get, headers: [.cookie: forged]) { response in
                    #expect(response.status == .ok, "the sign-in page, not a token")
                }
            }
        }
    }
}
