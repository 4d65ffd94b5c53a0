import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// The hostile-request corpus through the assembled dev-mode gateway's real router: each
/// request gets exactly its status and problem type, no CORS grant, and changes nothing (state
/// rows, objects) but the audit entries its refusal is meant to write. See docs/security.md.
@Suite("Hostile requests through the assembled gateway")
struct HostileRequestCorpusTests {
    /// Runs `make`'s requests against a fresh gateway and world.
    static func corpus(_ make: @escaping @Sendable (HostileWorld, String) -> [HostileRequest]) async throws {
        let gateway = try HostileGateway()
        try await gateway.run { client in
            let world = try await HostileWorld(gateway, client: client)
            let caller = try await client.guest(token: "caller-session-\(UUID().uuidString)")
            try await gateway.expect(make(world, caller), client: client)
            // Nothing already stored was lost: both clean files are still served to their owners.
            for (file, auth) in [(world.ownerFile, world.owner), (world.intruderFile, world.intruder)] {
                let state = try await client.call("/v1/uploads/\(file)", .get, auth: auth) { response in
                    try response.decode(UploadAPI.StatusResponse.self).state
                }
                #expect(state == .clean)
            }
        }
    }

    @Test("Filenames with traversal, control characters, CR/LF header injection or bidi overrides are refused")
    func filenames() async throws {
        let names = [
            "../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "/etc/passwd.pdf", "a/../b.pdf",
            "x.pdf\r\nContent-Disposition: inline", "x\r\nSet-Cookie: a=b.pdf", "x\n.pdf", "x\r.pdf", "x\u{0}.pdf",
            "x\u{7F}.pdf", "x\u{85}.pdf", "x\u{1B}[31m.pdf", "x\u{202E}fdp.exe", "x\u{2066}.pdf",
            String(repeating: "é", count: 200) + ".pdf", "",
        ]
        try await Self.corpus { _, caller in
            names.map { name in
                HostileRequest(
                    "filename \(name.debugDescription.prefix(40))", .post, "/v1/uploads",
                    headers: [.authorization: caller, .contentType: "application/json"],
                    body: HostileRequest.json(["filename": name, "size": 10, "contentType": "application/pdf"]),
                    status: .badRequest, slug: "invalid-filename")
            }
        }
    }

    @Test("Oversized, deeply nested, duplicate-key, non-object and wrong-typed bodies on every JSON route: 400")
    func bodies() async throws {
        try await Self.corpus { world, caller in
            HostileBodies.routes(world, caller: caller).flatMap(HostileBodies.requests) + HostileBodies.nested(world)
        }
    }

    @Test("Forged, expired, malformed and other-gateway credentials: 401 on every upload route")
    func credentials() async throws {
        try await Self.corpus { world, _ in
            let signer = HostileGateway.signer
            let ownerCredential = String(world.owner.dropFirst("Bearer ".count))
            let pieces = ownerCredential.split(separator: ".").map(String.init)
            let other = GuestCredentialSigner(secret: Data(repeating: 9, count: 32))
            let expired = signer.issue(guestId: world.ownerId, now: Date().addingTimeInterval(-3600)).credential
            let forged: [(String, String)] = [
                ("none", ""),
                ("not bearer", "Basic b3duZXI6cGFzcw=="),
                ("empty bearer", "Bearer "),
                (
                    "bad signature",
                    "Bearer "
                        + [pieces[0], pieces[1], pieces[2], String(repeating: "A", count: 43)].joined(separator: ".")
                ),
                (
                    "another guest's id under the owner's mac",
                    "Bearer " + [pieces[0], world.intruderId, pieces[2], pieces[3]].joined(separator: ".")
                ),
                (
                    "expiry pushed out under the old mac",
                    "Bearer " + [pieces[0], pieces[1], "9999999999", pieces[3]].joined(separator: ".")
                ),
                ("expired (signed by the gateway's key an hour ago)", "Bearer " + expired),
                ("signed by another gateway's key", "Bearer " + other.issue(guestId: world.ownerId).credential),
                ("unsigned", "Bearer v1.\(world.ownerId).9999999999."),
                ("v2 prefix", "Bearer " + (["v2"] + pieces.dropFirst()).joined(separator: ".")),
                ("4 KiB", "Bearer " + String(repeating: "A", count: 4096)),
                ("the Data Action secret", "Bearer " + HostileGateway.dataActionSecret),
            ]
            return forged.flatMap { name, auth in
                HostileRequestCorpusTests.uploadRoutes(world.ownerFile, create: true).map { method, uri, body in
                    var headers: HTTPFields = [.contentType: "application/json"]
                    if !auth.isEmpty { headers[.authorization] = auth }
                    return HostileRequest(
                        "credential \(name)", method, uri, headers: headers, body: body, status: .unauthorized,
                        slug: "unauthorized")
                }
            }
        }
    }

    @Test("Another guest's file id (and the same session token under another deployment): 404 on every route")
    func otherGuestsFile() async throws {
        let gateway = try HostileGateway()
        try await gateway.run { client in
            let world = try await HostileWorld(gateway, client: client)
            // The owner's own session token, replayed for another deployment, is another guest.
            let replayed = try await client.guest(token: world.ownerToken, deployment: "dep-2")
            var requests: [HostileRequest] = []
            for (who, auth) in [("intruder", world.intruder), ("other deployment", replayed)] {
                for (method, uri, body) in Self.uploadRoutes(world.ownerFile) {
                    requests.append(
                        HostileRequest(
                            "\(who) on \(uri)", method, uri, headers: [.authorization: auth], body: body,
                            status: .notFound, slug: "upload-not-found"))
                }
            }
            try await gateway.expect(requests, client: client)
        }
    }

    /// Every `/v1/uploads/{id}` route with a body it accepts.
    static func uploadRoutes(
        _ fileId: String, create: Bool = false
    ) -> [(HTTPRequest.Method, String, ByteBuffer?)] {
        let ticket = HostileRequest.json(["filename": "a.pdf", "size": 10, "contentType": "application/pdf"])
        return (create ? [(.post, "/v1/uploads", ticket)] : []) + [
            (.get, "/v1/uploads/\(fileId)", nil),
            (.delete, "/v1/uploads/\(fileId)", nil),
            (.get, "/v1/uploads/\(fileId)/parts", nil),
            (.post, "/v1/uploads/\(fileId)/parts", HostileRequest.json(["partNumbers": [1]])),
            (.post, "/v1/uploads/\(fileId)/complete", HostileRequest.json(["parts": [Any]()])),
            (.get, "/v1/uploads/\(fileId)/events", nil),
        ]
    }
}
