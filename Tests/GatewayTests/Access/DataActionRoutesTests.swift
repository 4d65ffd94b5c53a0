import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

@Suite("Data Action routes")
struct DataActionRoutesTests {
    static let secret = "data-action-secret-for-tests"
    static let secretHeader = HTTPField.Name(DataActionAuthenticator.headerName)!

    static func app(
        _ harness: AccessHarness, secret: String? = Self.secret, options: DataActionRoutes.Options = .init()
    ) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        DataActionRoutes.add(
            to: router, access: harness.service(), authenticator: DataActionAuthenticator(secret: secret),
            options: options)
        return Application(router: router)
    }

    static func body(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    static func headers(_ secret: String? = Self.secret) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let secret { fields[secretHeader] = secret }
        return fields
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test("register-conversation → file-link (allowed) → list-files, flat outputs with every field")
    func happyPath() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload(filename: "<b>bold</b>.pdf")
        harness.agent()
        try await Self.app(harness).test(.router) { client in
            try await client.execute(
                uri: "/v1/data-actions/register-conversation", method: .post, headers: Self.headers(),
                body: Self.body(["conversationId": harness.conversationId, "guestId": harness.guestId])
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let json = try Self.object(response)
                #expect(json["registered"] as? Bool == true)
                #expect(json["files"] as? Int == 1)
                #expect(json["guestId"] as? String == harness.guestId)
            }
            try await client.execute(
                uri: "/v1/data-actions/file-link", method: .post, headers: Self.headers(),
                body: Self.body([
                    "conversationId": harness.conversationId, "userId": harness.agentId, "fileId": record.fileId,
                ])
            ) { response in
                #expect(response.status == .ok)
                let json = try Self.object(response)
                #expect(
                    Set(json.keys) == [
                        "decision", "reason", "fileId", "url", "expiresAt", "filename", "contentType", "size", "state",
                    ])
                #expect(json["decision"] as? String == "allowed")
                #expect(json["reason"] as? String == "")
                #expect((json["url"] as? String)?.hasPrefix("http://127.0.0.1:9/") == true)
                #expect((json["expiresAt"] as? String)?.hasSuffix("Z") == true)
                #expect(json["filename"] as? String == record.filename)
                #expect(json["contentType"] as? String == "application/pdf")
                #expect(json["size"] as? Int == 1_234)
                #expect(json["state"] as? String == "clean")
            }
            try await client.execute(
                uri: "/v1/data-actions/list-files", method: .post, headers: Self.headers(),
                body: Self.body(["conversationId": harness.conversationId])
            ) { response in
                let listed = try JSONDecoder().decode(
                    DataActionAPI.ListFilesResponse.self, from: Data(response.body.readableBytesView))
                #expect(listed.count == 1)
                #expect(listed.fileIds == [record.fileId])
                #expect(listed.filenames == [record.filename])
                #expect(listed.contentTypes == ["application/pdf"])
                #expect(listed.sizes == [1_234])
                #expect(listed.states == ["clean"])
            }
            let listings = try await harness.state.auditEntries(fileId: nil).filter { $0.action == "list.allowed" }
            #expect(listings.count == 1)
            #expect(listings.first?.actor == "data-action")
            #expect(listings.first?.detail?.contains("channel=data-action files=1") == true)
        }
    }

    @Test("A denial is a 200 with every field present and empty")
    func deniedShape() async throws {
        let harness = try AccessHarness()
        try await Self.app(harness).test(.router) { client in
            try await client.execute(
                uri: "/v1/data-actions/file-link", method: .post, headers: Self.headers(),
                body: Self.body(["conversationId": harness.conversationId, "userId": "", "fileId": RandomID.make()])
            ) { response in
                #expect(response.status == .ok)
                let json = try Self.object(response)
                #expect(json["decision"] as? String == "denied")
                #expect(json["reason"] as? String == "unknown-file")
                #expect(json["url"] as? String == "")
                #expect(json["expiresAt"] as? String == "")
                #expect(json["size"] as? Int == 0)
                #expect(json["state"] as? String == "")
            }
        }
    }

    @Test(
        "Missing, wrong or unconfigured secret: 401 problem, audited, nothing done",
        arguments: [
            ("missing", nil, Self.secret), ("wrong", "not-the-secret", Self.secret), ("not-configured", "x", nil),
        ]
            as [(String, String?, String?)])
    func unauthorized(kind: String, presented: String?, configured: String?) async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload()
        harness.agent()
        try await Self.app(harness, secret: configured).test(.router) { client in
            for path in DataActionRoutes.paths {
                try await client.execute(
                    uri: path, method: .post, headers: Self.headers(presented),
                    body: Self.body([
                        "conversationId": harness.conversationId, "guestId": harness.guestId,
                        "userId": harness.agentId, "fileId": record.fileId,
                    ])
                ) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.problemSlug == "data-action-unauthorized")
                    #expect(!String(buffer: response.body).contains("not-the-secret"))
                }
            }
        }
        #expect(try await harness.state.guests(conversationId: harness.conversationId).isEmpty)
        let audit = try await harness.state.auditEntries(fileId: nil)
        #expect(audit.count == 3)
        #expect(audit.allSatisfy { $0.action == "data-action.refused" && $0.actor == "data-action" })
        #expect(audit.allSatisfy { $0.detail?.contains("reason=secret-\(kind)") == true })
        #expect(audit.allSatisfy { $0.detail?.contains("not-the-secret") == false })
    }

    @Test(
        "Bad input: 400 problem and an audit entry",
        arguments: [
            (
                "/v1/data-actions/file-link",
                #"{"conversationId":"1 OR 1=1","userId":"","fileId":"0123456789abcdef0123456789abcdef"}"#,
                "conversationId"
            ),
            (
                "/v1/data-actions/file-link",
                #"{"conversationId":"6f1c1f1e-2d2b-4c4a-9e9e-0a0b0c0d0e0f","userId":"<script>","fileId":"0123456789abcdef0123456789abcdef"}"#,
                "userId"
            ),
            (
                "/v1/data-actions/file-link",
                #"{"conversationId":"6f1c1f1e-2d2b-4c4a-9e9e-0a0b0c0d0e0f","userId":"","fileId":"../../etc/passwd"}"#,
                "fileId"
            ),
            (
                "/v1/data-actions/file-link",
                #"{"conversationId":"6f1c1f1e-2d2b-4c4a-9e9e-0a0b0c0d0e0f","userId":"","fileId":"0123456789ABCDEF0123456789ABCDEF"}"#,
                "fileId"
            ),
            (
                "/v1/data-actions/file-link", #"{"conversationId":"6f1c1f1e-2d2b-4c4a-9e9e-0a0b0c0d0e0f","userId":""}"#,
                "fileId"
            ),
            (
                "/v1/data-actions/register-conversation",
                #"{"conversationId":"6f1c1f1e-2d2b-4c4a-9e9e-0a0b0c0d0e0f","guestId":"'; DROP TABLE guests; --"}"#,
                "guestId"
            ),
            (
                "/v1/data-actions/register-conversation",
                #"{"conversationId":"6f1c1f1e2d2b4c4a9e9e0a0b0c0d0e0f","guestId":"0123456789abcdef0123456789abcdef"}"#,
                "conversationId"
            ),
            ("/v1/data-actions/list-files", #"{"conversationId": 42}"#, "conversationId"),
            ("/v1/data-actions/list-files", #"not json"#, "body"),
        ] as [(String, String, String)])
    func badInput(path: String, body: String, field: String) async throws {
        let harness = try AccessHarness()
        try await Self.app(harness).test(.router) { client in
            try await client.execute(
                uri: path, method: .post, headers: Self.headers(), body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.problemSlug == "invalid-request")
            }
        }
        let audit = try await harness.state.auditEntries(fileId: nil)
        #expect(audit.count == 1)
        #expect(audit.first?.action == "data-action.invalid")
        #expect(audit.first?.detail?.contains("reason=field-\(field)") == true)
        #expect(audit.first?.detail?.contains("DROP") == false)
        #expect(try await harness.linkAudit().isEmpty)
    }

    @Test("Refused calls are rate limited per address; authenticated calls are not")
    func refusalsLimited() async throws {
        let harness = try AccessHarness()
        let options = DataActionRoutes.Options(refusedLimiter: RateLimiter(capacity: 2, refillPerSecond: 0.001))
        try await Self.app(harness, options: options).test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 {
                statuses.append(
                    try await client.execute(
                        uri: "/v1/data-actions/list-files", method: .post, headers: Self.headers("wrong"),
                        body: Self.body(["conversationId": harness.conversationId])
                    ) { $0.status })
            }
            #expect(statuses == [.unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests])
            for _ in 0..<4 {
                try await client.execute(
                    uri: "/v1/data-actions/list-files", method: .post, headers: Self.headers(),
                    body: Self.body(["conversationId": harness.conversationId])
                ) { #expect($0.status == .ok) }
            }
        }
        // Two audited refusals, then four audited listings (the rest were rate limited unaudited).
        let actions = try await harness.state.auditEntries(fileId: nil).map(\.action)
        #expect(actions.filter { $0 != "list.allowed" }.count == 2)
        #expect(actions.filter { $0 == "list.allowed" }.count == 4)
    }
}
