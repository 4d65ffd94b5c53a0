import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// Data Action calls an attacker could make, and cross-origin browser requests, through the
/// assembled dev-mode gateway's real router.
@Suite("Hostile Data Action and cross-origin requests")
struct HostileAccessTests {
    /// A Data Action answer: 200, the flat output with this decision and reason, no URL.
    static func denial(_ reason: String) -> @Sendable (TestResponse) throws -> Void {
        { response in
            let body = try response.decode(DataActionAPI.FileLinkResponse.self)
            #expect(body.decision == "denied", "\(reason)")
            #expect(body.reason == reason)
            #expect(body.url.isEmpty)
            #expect(body.filename.isEmpty)
        }
    }

    @Test("Missing or wrong secret: 401 and audited; non-participant, other conversation, unknown file: denied")
    func dataActions() async throws {
        try await HostileRequestCorpusTests.corpus { world, _ in
            let secret = HostileGateway.dataActionSecret
            let secrets: [(String, String?)] = [
                ("no secret", nil), ("empty secret", ""), ("wrong secret", "not-the-secret"),
                ("secret with a different case", secret.uppercased()), ("secret prefix", String(secret.dropLast())),
                ("secret plus a byte", secret + "x"), ("secret with an inner space", secret + " x"),
                ("two secrets", secret + ", " + secret),
            ]
            let linkBody: [String: Any] = [
                "conversationId": world.ownerConversation, "userId": world.ownerAgent, "fileId": world.ownerFile,
            ]
            let bodies: [(String, [String: Any])] = [
                ("register-conversation", ["conversationId": world.ownerConversation, "guestId": world.intruderId]),
                ("file-link", linkBody),
                ("list-files", ["conversationId": world.ownerConversation]),
            ]
            var requests: [HostileRequest] = []
            for (route, body) in bodies {
                for (name, presented) in secrets {
                    requests.append(
                        HostileRequest(
                            "\(route) with \(name)", .post, "/v1/data-actions/\(route)",
                            headers: HostileGateway.dataActionHeaders(presented), body: HostileRequest.json(body),
                            status: .unauthorized, slug: "data-action-unauthorized", audit: ["data-action.refused"]))
                }
                var bearer = HostileGateway.dataActionHeaders(nil)
                bearer[.authorization] = "Bearer " + secret
                requests.append(
                    HostileRequest(
                        "\(route) with the secret as a bearer token", .post, "/v1/data-actions/\(route)",
                        headers: bearer, body: HostileRequest.json(body), status: .unauthorized,
                        slug: "data-action-unauthorized", audit: ["data-action.refused"]))
            }
            func link(_ name: String, _ body: [String: Any], _ reason: String) -> HostileRequest {
                HostileRequest(
                    name, .post, "/v1/data-actions/file-link", headers: HostileGateway.dataActionHeaders(),
                    body: HostileRequest.json(body), status: .ok, slug: nil, audit: ["link.denied"],
                    check: HostileAccessTests.denial(reason))
            }
            var outsider = linkBody
            outsider["userId"] = world.outsiderAgent
            var otherAgent = linkBody
            otherAgent["userId"] = world.intruderAgent
            var otherFile = linkBody
            otherFile["fileId"] = world.intruderFile
            var otherConversation = linkBody
            otherConversation["conversationId"] = world.intruderConversation
            var unknown = linkBody
            unknown["fileId"] = RandomID.make()
            var unknownConversation = linkBody
            unknownConversation["conversationId"] = UUID().uuidString.lowercased()
            requests += [
                link("a non-participant agent", outsider, "agent-not-connected"),
                link("the other conversation's agent", otherAgent, "agent-not-connected"),
                link("another conversation's file", otherFile, "other-conversation"),
                link("the owner's agent under the other conversation", otherConversation, "other-conversation"),
                link("an unknown file id", unknown, "unknown-file"),
                link("a conversation nobody registered", unknownConversation, "other-conversation"),
            ]
            for (field, value) in [
                ("conversationId", "../../etc/passwd"), ("conversationId", "' OR 1=1 --"),
                ("userId", "<script>alert(1)</script>"), ("fileId", "../" + world.ownerFile),
                ("fileId", world.ownerFile.uppercased()), ("fileId", world.ownerFile + "\r\nX: y"),
            ] {
                var body = linkBody
                body[field] = value
                requests.append(
                    HostileRequest(
                        "file-link \(field) = \(value.debugDescription)", .post, "/v1/data-actions/file-link",
                        headers: HostileGateway.dataActionHeaders(), body: HostileRequest.json(body),
                        status: .badRequest, slug: "invalid-request", audit: ["data-action.invalid"]))
            }
            return requests
        }
    }

    static let foreignOrigins = ["https://evil.example", "null", "http://127.0.0.1.evil.example"]

    @Test("CORS: no route grants a foreign origin anything; preflights are not answered with permissions")
    func crossOrigin() async throws {
        try await HostileRequestCorpusTests.corpus { world, _ in
            var requests: [HostileRequest] = []
            let paths = [
                "/v1/guests", "/v1/uploads", "/v1/uploads/\(world.ownerFile)",
                "/v1/uploads/\(world.ownerFile)/complete",
                "/v1/data-actions/file-link", "/v1/widget/files", "/openapi.yaml", "/healthz",
            ]
            for origin in HostileAccessTests.foreignOrigins {
                for path in paths {
                    requests.append(
                        HostileRequest(
                            "preflight from \(origin) for \(path)", .options, path,
                            headers: [
                                .origin: origin, .accessControlRequestMethod: "POST",
                                .accessControlRequestHeaders: "authorization, content-type",
                            ],
                            status: .notFound, slug: nil))
                }
                var owner = world.ownerHeaders
                owner[.origin] = origin
                requests.append(
                    HostileRequest(
                        "status read from \(origin)", .get, "/v1/uploads/\(world.ownerFile)", headers: owner,
                        status: .ok, slug: nil))
                var dataAction = HostileGateway.dataActionHeaders()
                dataAction[.origin] = origin
                requests.append(
                    HostileRequest(
                        "list-files from \(origin)", .post, "/v1/data-actions/list-files", headers: dataAction,
                        body: HostileRequest.json(["conversationId": world.ownerConversation]), status: .ok,
                        slug: nil, audit: ["list.allowed"]))
                requests.append(
                    HostileRequest(
                        "OpenAPI document from \(origin)", .get, "/openapi.yaml", headers: [.origin: origin],
                        status: .ok, slug: nil))
            }
            return requests
        }
    }
}
