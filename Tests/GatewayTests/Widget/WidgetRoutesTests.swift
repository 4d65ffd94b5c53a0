import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

@Suite("Widget routes")
struct WidgetRoutesTests {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    func filesURI(_ harness: WidgetHarness) -> String {
        "/v1/widget/files?conversationId=\(harness.access.conversationId)"
    }

    @Test("No token, a token Genesys rejects, or a client-credentials token: 401, with the widget headers")
    func unauthorized() async throws {
        let harness = WidgetHarness()
        try await harness.connect()
        try await harness.app().test(.router) { client in
            for headers in [
                HTTPFields(), WidgetHarness.bearer("forged"), [.authorization: "Basic abc"],
                WidgetHarness.bearer("client-credentials-token"),
            ] {
                try await client.execute(uri: filesURI(harness), method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.widgetProblem?.type == "https://attache.dev/problems/agent-unauthorized")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                    #expect(response.headers[.cacheControl] == "no-store")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                }
            }
        }
    }

    @Test("A user who is not a connected agent of the conversation is denied, and the denial is audited")
    func nonParticipant() async throws {
        let harness = WidgetHarness()
        try await harness.connect()
        let file = try await harness.access.upload()
        try await harness.app().test(.router) { client in
            try await client.execute(
                uri: filesURI(harness), method: .get, headers: WidgetHarness.bearer("other-token")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.widgetProblem?.reason == "agent-not-connected")
            }
            try await client.execute(
                uri: "/v1/widget/files/\(file.fileId)/link", method: .post,
                headers: WidgetHarness.bearer("other-token"),
                body: WidgetHarness.json(["conversationId": harness.access.conversationId])
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("http") == false || response.widgetProblem != nil)
            }
        }
        let audit = try await harness.access.state.auditEntries(fileId: nil)
        let listDenied = try #require(audit.first { $0.action == "list.denied" })
        #expect(listDenied.actor == "agent:\(harness.otherAgent)")
        #expect(listDenied.detail?.contains("reason=agent-not-connected") == true)
        let linkDenied = try #require(audit.first { $0.action == "link.denied" })
        #expect(linkDenied.fileId == file.fileId)
        #expect(linkDenied.detail?.contains("channel=widget") == true)
    }

    @Test("The connected agent lists the clean files only, with categories")
    func listing() async throws {
        let harness = WidgetHarness()
        try await harness.connect()
        let pdf = try await harness.access.upload()
        _ = try await harness.access.upload(filename: "scan.png", contentType: "image/png", state: .scanning)
        let voice = try await harness.access.upload(
            filename: "voice.ogg", contentType: "audio/ogg", detectedType: "audio/ogg")
        try await harness.app().test(.router) { client in
            try await client.execute(
                uri: filesURI(harness), method: .get, headers: WidgetHarness.bearer("agent-token")
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                let list = try Self.decoder.decode(WidgetAPI.FileList.self, from: Data(response.body.readableBytesView))
                #expect(list.files.map(\.fileId) == [pdf.fileId, voice.fileId])
                #expect(list.files.map(\.category) == ["pdf", "audio"])
                #expect(list.files.allSatisfy { $0.previewable && $0.state == "clean" })
            }
        }
        let audit = try await harness.access.state.auditEntries(fileId: nil)
        #expect(audit.contains { $0.action == "list.allowed" && $0.actor == "agent:\(harness.access.agentId)" })
    }

    @Test("A file that is not clean yet answers pending with its state; the decision is audited")
    func pending() async throws {
        let harness = WidgetHarness()
        try await harness.connect()
        let file = try await harness.access.upload(state: .scanning)
        try await harness.app().test(.router) { client in
            try await client.execute(
                uri: "/v1/widget/files/\(file.fileId)/link", method: .post,
                headers: WidgetHarness.bearer("agent-token"),
                body: WidgetHarness.json(["conversationId": harness.access.conversationId])
            ) { response in
                #expect(response.status == .conflict)
                let link = try Self.decoder.decode(WidgetAPI.Link.self, from: Data(response.body.readableBytesView))
                #expect(link.decision == "pending")
                #expect(link.reason == "not-clean")
                #expect(link.file.state == "scanning")
                #expect(link.url.isEmpty)
            }
        }
        let audit = try await harness.access.linkAudit()
        #expect(audit.map(\.action) == ["link.pending"])
    }

    @Test("A clean PDF gets a fresh inline link, audited on the widget channel; tokens are resolved once")
    func link() async throws {
        let harness = WidgetHarness()
        try await harness.connect()
        let file = try await harness.access.upload()
        try await harness.app().test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(
                    uri: "/v1/widget/files/\(file.fileId)/link", method: .post,
                    headers: WidgetHarness.bearer("agent-token"),
                    body: WidgetHarness.json(["conversationId": harness.access.conversationId])
                ) { response in
                    #expect(response.status == .ok)
                    let link = try Self.decoder.decode(WidgetAPI.Link.self, from: Data(response.body.readableBytesView))
                    #expect(link.decision == "allowed")
                    let query = queryItems(link.url)
                    #expect(query["response-content-disposition"]?.hasPrefix("inline") == true)
                    #expect(query["response-content-type"] == "application/pdf")
                    #expect(link.expiresAt != nil)
                }
            }
        }
        #expect(harness.genesys.userLookups == 1)
        let audit = try await harness.access.linkAudit()
        #expect(audit.map(\.action) == ["link.allowed", "link.allowed"])
        #expect(audit.allSatisfy { $0.detail?.contains("channel=widget") == true })
    }

    @Test("A ZIP is listed from the clean object with unsafe entries flagged; other types are not archives")
    func entries() async throws {
        let harness = WidgetHarness()
        try await harness.connect()
        let zip = try await harness.access.upload(
            filename: "bundle.zip", contentType: "application/zip", detectedType: "application/zip")
        let bytes = ZipBuilder(entries: [.init("readme.txt", "hi"), .init("../../evil.sh", "x")]).build()
        try await harness.storeClean(zip, bytes: bytes)
        let pdf = try await harness.access.upload()
        try await harness.app().test(.router) { client in
            try await client.execute(
                uri: "/v1/widget/files/\(zip.fileId)/entries?conversationId=\(harness.access.conversationId)",
                method: .get, headers: WidgetHarness.bearer("agent-token")
            ) { response in
                #expect(response.status == .ok)
                let body = Data(response.body.readableBytesView)
                let answer = try Self.decoder.decode(WidgetAPI.Entries.self, from: body)
                #expect(answer.file.category == "archive")
                #expect(answer.listing.status == .listed)
                #expect(answer.listing.entries.map(\.name) == ["readme.txt", "../../evil.sh"])
                #expect(answer.listing.entries[1].warnings.contains("path-traversal"))
                #expect(answer.listing.unsafeEntryCount == 1)
            }
            try await client.execute(
                uri: "/v1/widget/files/\(pdf.fileId)/entries?conversationId=\(harness.access.conversationId)",
                method: .get, headers: WidgetHarness.bearer("agent-token")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
        let audit = try await harness.access.state.auditEntries(fileId: zip.fileId)
        let listed = try #require(audit.first { $0.action == "zip.listed" })
        #expect(listed.detail?.contains("status=listed") == true)
        #expect(listed.detail?.contains("unsafe=1") == true)
    }

    @Test("A zip bomb is refused in the listing (no entries shown), and the refusal is audited")
    func zipBomb() async throws {
        let harness = WidgetHarness()
        try await harness.connect()
        let zip = try await harness.access.upload(
            filename: "bomb.zip", contentType: "application/zip", detectedType: "application/zip")
        let bytes = ZipBuilder(entries: [
            .init("zeros.bin", "0123456789", compressed: 10, uncompressed: 1_000_000_000)
        ]).build()
        try await harness.storeClean(zip, bytes: bytes)
        try await harness.app().test(.router) { client in
            try await client.execute(
                uri: "/v1/widget/files/\(zip.fileId)/entries?conversationId=\(harness.access.conversationId)",
                method: .get, headers: WidgetHarness.bearer("agent-token")
            ) { response in
                #expect(response.status == .ok)
                let body = Data(response.body.readableBytesView)
                let answer = try Self.decoder.decode(WidgetAPI.Entries.self, from: body)
                #expect(answer.listing.status == .refused)
                #expect(answer.listing.reason == "zip-bomb")
                #expect(answer.listing.entries.isEmpty)
            }
        }
        let audit = try await harness.access.state.auditEntries(fileId: zip.fileId)
        #expect(audit.contains { $0.action == "zip.listed" && $0.detail?.contains("reason=zip-bomb") == true })
    }

    @Test("Malformed conversation ids and bodies are refused with 400")
    func badInput() async throws {
        let harness = WidgetHarness()
        try await harness.connect()
        try await harness.app().test(.router) { client in
            for id in ["", "not-a-uuid", "<script>alert(1)</script>", "' OR 1=1 --"] {
                let query = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                try await client.execute(
                    uri: "/v1/widget/files?conversationId=\(query)", method: .get,
                    headers: WidgetHarness.bearer("agent-token")
                ) { response in
                    #expect(response.status == .badRequest)
                }
            }
            try await client.execute(
                uri: "/v1/widget/files/abc/link", method: .post, headers: WidgetHarness.bearer("agent-token"),
                body: ByteBuffer(string: "{not json")
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("The page and its modules are served with the CSP; nothing else is")
    func assets() async throws {
        let harness = WidgetHarness()
        try await harness.app().test(.router) { client in
            for (path, type) in [
                ("/widget/", "text/html; charset=utf-8"), ("/widget/widget.js", "text/javascript; charset=utf-8"),
                ("/widget/widget.css", "text/css; charset=utf-8"),
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == type)
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("frame-ancestors http://127.0.0.1:8081"))
                    #expect(csp.contains("media-src 'self' http://127.0.0.1:9"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                }
            }
            for path in ["/widget/..%2FPackage.swift", "/widget/README.md", "/widget/.hidden.js"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                }
            }
            try await client.execute(uri: "/v1/widget/config", method: .get) { response in
                let body = Data(response.body.readableBytesView)
                let config = try JSONDecoder().decode(WidgetAPI.Config.self, from: body)
                #expect(config.clientId == "widget-client")
                #expect(config.authorizeURL == "http://127.0.0.1:9/oauth/authorize")
            }
        }
    }
}
